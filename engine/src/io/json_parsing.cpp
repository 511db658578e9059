#include "io/json_parsing.h"

#include "io/file_paths.h"
#include "vlmprobe/engine/errors.h"

#include <limits>
#include <set>

namespace vlmprobe::engine::json {

std::string printable(std::string_view text, std::size_t limit, bool asciiOnly)
{
    std::string out;
    for (const char c : text.substr(0, limit)) {
        const auto byte = static_cast<unsigned char>(c);
        out.push_back(byte < 0x20 || byte == 0x7f || (asciiOnly && byte > 0x7f) ? '?' : c);
    }
    if (text.size() > limit)
        out += "...";
    return out;
}

nlohmann::json parse(std::string_view text, const std::string& source, ParseOptions options)
{
    // One key set per open object, to detect duplicates (the callback sees keys before values).
    std::vector<std::set<std::string>> openObjects;
    const auto callback = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        using Event = nlohmann::json::parse_event_t;
        switch (event) {
        case Event::object_start:
        case Event::array_start:
            if (options.maxDepth >= 0 && depth > options.maxDepth)
                throw LoadError(source + ": JSON nests deeper than expected");
            if (event == Event::object_start && options.rejectDuplicateKeys)
                openObjects.emplace_back();
            break;
        case Event::object_end:
            if (options.rejectDuplicateKeys && !openObjects.empty())
                openObjects.pop_back();
            break;
        case Event::key:
            if (options.rejectDuplicateKeys && !openObjects.empty()
                && !openObjects.back().insert(parsed.get<std::string>()).second)
                throw LoadError(source + ": duplicate key '" + printable(parsed.get<std::string>()) + "'");
            break;
        default:
            break;
        }
        return true;
    };
    // nlohmann's lexer takes a NUL byte for the end of input and would silently ignore whatever follows it; a NUL
    // is never valid JSON (not even inside a string), so reject it up front.
    if (text.find('\0') != std::string_view::npos)
        throw LoadError(source + ": invalid JSON (NUL byte at offset " + std::to_string(text.find('\0')) + ")");
    try {
        return nlohmann::json::parse(text.begin(), text.end(), callback);
    } catch (const nlohmann::json::exception& error) {
        // nlohmann quotes the raw bytes it last read, which may be ill-formed UTF-8 or very long.
        throw LoadError(source + ": invalid JSON (" + printable(error.what(), 240, true) + ")");
    }
}

nlohmann::json parseFile(const std::string& path, ParseOptions options)
{
    return parse(readWholeFile(path), path, options);
}

FieldReader::FieldReader(const nlohmann::json& object, std::string source, std::string prefix)
    : m_object(&object)
    , m_source(std::move(source))
    , m_prefix(std::move(prefix))
{
    if (!object.is_object())
        throw LoadError(m_source + ": " + (m_prefix.empty() ? std::string("the top level") : "'" + m_prefix + "'")
            + " must be a JSON object");
}

std::string FieldReader::qualified(std::string_view key) const
{
    return m_prefix.empty() ? std::string(key) : m_prefix + "." + std::string(key);
}

void FieldReader::fail(std::string_view key, std::string_view problem) const
{
    throw LoadError(m_source + ": '" + qualified(key) + "' " + std::string(problem));
}

bool FieldReader::has(std::string_view key) const
{
    return find(key) != nullptr;
}

bool FieldReader::isNull(std::string_view key) const
{
    const auto it = m_object->find(key);
    return it != m_object->end() && it->is_null();
}

const nlohmann::json* FieldReader::find(std::string_view key) const
{
    const auto it = m_object->find(key);
    if (it == m_object->end() || it->is_null())
        return nullptr;
    return &*it;
}

std::optional<std::int64_t> FieldReader::integer(std::string_view key) const
{
    const nlohmann::json* value = find(key);
    if (!value)
        return std::nullopt;
    if (value->is_number_unsigned()) {
        const auto v = value->get<std::uint64_t>();
        if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            fail(key, "is out of range");
        return static_cast<std::int64_t>(v);
    }
    if (value->is_number_integer())
        return value->get<std::int64_t>();
    fail(key, "must be an integer");
}

std::optional<int> FieldReader::smallInteger(std::string_view key) const
{
    const std::optional<std::int64_t> value = integer(key);
    if (value && (*value < std::numeric_limits<int>::min() || *value > std::numeric_limits<int>::max()))
        fail(key, "is out of range");
    return value ? std::optional<int>(static_cast<int>(*value)) : std::nullopt;
}

std::optional<double> FieldReader::number(std::string_view key) const
{
    const nlohmann::json* value = find(key);
    if (!value)
        return std::nullopt;
    if (!value->is_number())
        fail(key, "must be a number");
    return value->get<double>();
}

std::optional<bool> FieldReader::boolean(std::string_view key) const
{
    const nlohmann::json* value = find(key);
    if (!value)
        return std::nullopt;
    if (!value->is_boolean())
        fail(key, "must be true or false");
    return value->get<bool>();
}

std::optional<std::string> FieldReader::string(std::string_view key) const
{
    const nlohmann::json* value = find(key);
    if (!value)
        return std::nullopt;
    if (!value->is_string())
        fail(key, "must be a string");
    return value->get<std::string>();
}

std::optional<std::vector<std::int64_t>> FieldReader::integerOrList(std::string_view key) const
{
    const nlohmann::json* value = find(key);
    if (!value)
        return std::nullopt;
    if (!value->is_array())
        return std::vector<std::int64_t> { *integer(key) };
    std::vector<std::int64_t> out;
    for (const nlohmann::json& item : *value) {
        if (!item.is_number_integer())
            fail(key, "must be an integer or a list of integers");
        out.push_back(item.get<std::int64_t>());
    }
    return out;
}

std::optional<std::vector<int>> FieldReader::smallIntegerList(std::string_view key) const
{
    const nlohmann::json* value = find(key);
    if (!value)
        return std::nullopt;
    if (!value->is_array())
        fail(key, "must be a list of integers");
    std::vector<int> out;
    for (const nlohmann::json& item : *value) {
        if (!item.is_number_integer())
            fail(key, "must be a list of integers");
        const auto v = item.get<std::int64_t>();
        if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
            fail(key, "has an element out of range");
        out.push_back(static_cast<int>(v));
    }
    return out;
}

std::optional<std::vector<double>> FieldReader::numberList(std::string_view key) const
{
    const nlohmann::json* value = find(key);
    if (!value)
        return std::nullopt;
    if (!value->is_array())
        fail(key, "must be a list of numbers");
    std::vector<double> out;
    for (const nlohmann::json& item : *value) {
        if (!item.is_number())
            fail(key, "must be a list of numbers");
        out.push_back(item.get<double>());
    }
    return out;
}

std::optional<std::vector<std::string>> FieldReader::stringList(std::string_view key) const
{
    const nlohmann::json* value = find(key);
    if (!value)
        return std::nullopt;
    if (!value->is_array())
        fail(key, "must be a list of strings");
    std::vector<std::string> out;
    for (const nlohmann::json& item : *value) {
        if (!item.is_string())
            fail(key, "must be a list of strings");
        out.push_back(item.get<std::string>());
    }
    return out;
}

std::optional<FieldReader> FieldReader::object(std::string_view key) const
{
    const nlohmann::json* value = find(key);
    if (!value)
        return std::nullopt;
    if (!value->is_object())
        fail(key, "must be a JSON object");
    return FieldReader(*value, m_source, qualified(key));
}

} // namespace vlmprobe::engine::json
