#pragma once
// JSON helpers shared by the safetensors header, the index file and the config files. Internal to the engine: the
// public headers never expose nlohmann::json. Every failure is a LoadError whose message starts with `source`.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vlmprobe::engine::json {

struct ParseOptions {
    bool rejectDuplicateKeys = false; // nlohmann keeps the last duplicate silently, as Python's json does
    int maxDepth = -1; // deepest container nesting allowed (root = 0); -1 = unlimited
};

// Parses `text` as one JSON value (trailing whitespace allowed, invalid UTF-8 rejected).
nlohmann::json parse(std::string_view text, const std::string& source, ParseOptions options = {});

// Reads a whole (small) file and parses it. Throws LoadError naming the path when it is missing or unreadable.
nlohmann::json parseFile(const std::string& path, ParseOptions options = {});

// `text` made safe for a one-line error message: control characters (and, with `asciiOnly`, every byte above
// 0x7e, for text that may not be valid UTF-8) become '?', and anything past `limit` bytes becomes "...".
std::string printable(std::string_view text, std::size_t limit = 120, bool asciiOnly = false);

// Typed field access on an object. Absent keys and JSON null give nullopt; a value of the wrong type throws
// LoadError "<source>: '<key>' must be <what>". `key` may be dotted for the message only (e.g. "text_config.x").
class FieldReader {
public:
    FieldReader(const nlohmann::json& object, std::string source, std::string prefix = {});

    bool has(std::string_view key) const; // present and not null
    bool isNull(std::string_view key) const; // present with the value null
    const nlohmann::json* find(std::string_view key) const; // nullptr when absent or null
    std::optional<std::int64_t> integer(std::string_view key) const;
    std::optional<int> smallInteger(std::string_view key) const; // fits in int
    std::optional<double> number(std::string_view key) const; // integer or floating JSON number
    std::optional<bool> boolean(std::string_view key) const;
    std::optional<std::string> string(std::string_view key) const;
    std::optional<std::vector<std::int64_t>> integerOrList(std::string_view key) const; // 5 or [5, 6]
    std::optional<std::vector<int>> smallIntegerList(std::string_view key) const;
    std::optional<std::vector<double>> numberList(std::string_view key) const;
    std::optional<std::vector<std::string>> stringList(std::string_view key) const;
    std::optional<FieldReader> object(std::string_view key) const; // a nested object

    [[noreturn]] void fail(std::string_view key, std::string_view problem) const;
    std::string qualified(std::string_view key) const; // prefix + key, for messages
    const std::string& source() const { return m_source; }

private:
    const nlohmann::json* m_object;
    std::string m_source;
    std::string m_prefix;
};

} // namespace vlmprobe::engine::json
