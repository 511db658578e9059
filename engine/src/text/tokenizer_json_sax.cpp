#include "text/tokenizer_json_sax.h"

#include <limits>

namespace vlmprobe::engine {

bool TokenizerJsonSax::parse(const std::string& text)
{
    m_root = json();
    m_containers.clear();
    m_keys.clear();
    m_mode = Mode::Tree;
    m_error.clear();
    const bool ok = json::sax_parse(text, this);
    if (!ok && m_error.empty())
        m_error = "is not valid JSON";
    return ok && m_error.empty();
}

bool TokenizerJsonSax::fail(std::string message)
{
    if (m_error.empty())
        m_error = std::move(message);
    return false;
}

// The container about to open is root["model"][name].
bool TokenizerJsonSax::atModelMember(const char* name) const
{
    return m_containers.size() == 2 && m_keys[0] == "model" && m_keys[1] == name && m_containers[0]->is_object()
        && m_containers[1]->is_object();
}

bool TokenizerJsonSax::addValue(json&& value)
{
    switch (m_mode) {
    case Mode::Vocabulary:
        return fail("model.vocab[\"" + m_vocabularyKey + "\"] is not a valid id");
    case Mode::Merges:
        if (value.is_string()) {
            const std::string& line = value.get_ref<const std::string&>();
            const std::size_t space = line.find(' ');
            if (space == std::string::npos || line.find(' ', space + 1) != std::string::npos) {
                return fail(
                    "model.merges[" + std::to_string(m_merges->size()) + "] is not two tokens separated by one space");
            }
            m_merges->emplace_back(line.substr(0, space), line.substr(space + 1));
            return true;
        }
        return fail("model.merges[" + std::to_string(m_merges->size()) + "] is neither \"a b\" nor [\"a\", \"b\"]");
    case Mode::MergePair:
        if (!value.is_string())
            return fail("model.merges[" + std::to_string(m_merges->size()) + "] is neither \"a b\" nor [\"a\", \"b\"]");
        m_pair.push_back(value.get<std::string>());
        return true;
    case Mode::Tree:
        break;
    }
    if (m_containers.empty()) {
        m_root = std::move(value);
        return true;
    }
    json& container = *m_containers.back();
    if (container.is_array())
        container.push_back(std::move(value));
    else
        container[m_keys.back()] = std::move(value);
    return true;
}

bool TokenizerJsonSax::addVocabularyId(std::int64_t id)
{
    if (m_mode != Mode::Vocabulary)
        return addValue(json(id));
    if (id < 0 || id >= std::numeric_limits<std::int32_t>::max())
        return fail("model.vocab[\"" + m_vocabularyKey + "\"] is not a valid id");
    m_vocabulary->insert_or_assign(std::move(m_vocabularyKey), static_cast<std::int32_t>(id));
    return true;
}

bool TokenizerJsonSax::null()
{
    return addValue(json());
}

bool TokenizerJsonSax::boolean(bool value)
{
    return addValue(json(value));
}

bool TokenizerJsonSax::number_integer(json::number_integer_t value)
{
    return addVocabularyId(value);
}

bool TokenizerJsonSax::number_unsigned(json::number_unsigned_t value)
{
    if (value > static_cast<json::number_unsigned_t>(std::numeric_limits<std::int64_t>::max()))
        return m_mode == Mode::Vocabulary ? addVocabularyId(-1) : addValue(json(value));
    return addVocabularyId(static_cast<std::int64_t>(value));
}

bool TokenizerJsonSax::number_float(json::number_float_t value, const json::string_t&)
{
    return addValue(json(value));
}

bool TokenizerJsonSax::string(json::string_t& value)
{
    return addValue(json(std::move(value)));
}

bool TokenizerJsonSax::binary(json::binary_t&)
{
    return fail("holds binary data");
}

bool TokenizerJsonSax::start_object(std::size_t)
{
    if (m_mode != Mode::Tree)
        return addValue(json::object());
    if (atModelMember("vocab")) {
        m_mode = Mode::Vocabulary;
        m_vocabulary.emplace();
        m_vocabulary->reserve(1 << 18);
        return true;
    }
    if (!addValue(json::object()))
        return false;
    json& added = m_containers.empty()    ? m_root
        : m_containers.back()->is_array() ? m_containers.back()->back()
                                          : (*m_containers.back())[m_keys.back()];
    m_containers.push_back(&added);
    m_keys.emplace_back();
    return true;
}

bool TokenizerJsonSax::key(json::string_t& value)
{
    if (m_mode == Mode::Vocabulary) {
        m_vocabularyKey = std::move(value);
        return true;
    }
    m_keys.back() = std::move(value);
    return true;
}

bool TokenizerJsonSax::end_object()
{
    if (m_mode == Mode::Vocabulary) {
        m_mode = Mode::Tree;
        return true;
    }
    m_containers.pop_back();
    m_keys.pop_back();
    return true;
}

bool TokenizerJsonSax::start_array(std::size_t)
{
    if (m_mode == Mode::Merges) {
        m_mode = Mode::MergePair;
        m_pair.clear();
        return true;
    }
    if (m_mode != Mode::Tree)
        return addValue(json::array());
    if (atModelMember("merges")) {
        m_mode = Mode::Merges;
        m_merges.emplace();
        m_merges->reserve(1 << 18);
        return true;
    }
    if (!addValue(json::array()))
        return false;
    json& added = m_containers.empty()    ? m_root
        : m_containers.back()->is_array() ? m_containers.back()->back()
                                          : (*m_containers.back())[m_keys.back()];
    m_containers.push_back(&added);
    m_keys.emplace_back();
    return true;
}

bool TokenizerJsonSax::end_array()
{
    if (m_mode == Mode::MergePair) {
        if (m_pair.size() != 2)
            return fail("model.merges[" + std::to_string(m_merges->size()) + "] is neither \"a b\" nor [\"a\", \"b\"]");
        m_merges->emplace_back(std::move(m_pair[0]), std::move(m_pair[1]));
        m_mode = Mode::Merges;
        return true;
    }
    if (m_mode == Mode::Merges) {
        m_mode = Mode::Tree;
        return true;
    }
    m_containers.pop_back();
    m_keys.pop_back();
    return true;
}

bool TokenizerJsonSax::parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& error)
{
    return fail(std::string("is not valid JSON (") + error.what() + ")");
}

} // namespace vlmprobe::engine
