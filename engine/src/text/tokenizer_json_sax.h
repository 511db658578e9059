#pragma once
// A streaming (SAX) reader for tokenizer.json. The two big members, model.vocab (~150k entries) and model.merges
// (~150k), go straight into flat containers; everything else is kept as a small JSON tree. Building a full DOM of
// a Qwen tokenizer.json costs several times more (an ordered map node per vocabulary entry).

#include "text/byte_level_bpe.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vlmprobe::engine {

class TokenizerJsonSax {
public:
    using json = nlohmann::json;

    // Parses `text`; false on a syntax or shape error, with error() saying what is wrong.
    bool parse(const std::string& text);
    const std::string& error() const { return m_error; }

    // The document without model.vocab and model.merges.
    json& root() { return m_root; }
    // Set when model.vocab / model.merges were present.
    std::optional<ByteLevelBpe::Vocabulary>& vocabulary() { return m_vocabulary; }
    std::optional<std::vector<std::pair<std::string, std::string>>>& merges() { return m_merges; }

    // The nlohmann SAX interface.
    bool null();
    bool boolean(bool value);
    bool number_integer(json::number_integer_t value);
    bool number_unsigned(json::number_unsigned_t value);
    bool number_float(json::number_float_t value, const json::string_t& text);
    bool string(json::string_t& value);
    bool binary(json::binary_t& value);
    bool start_object(std::size_t size);
    bool key(json::string_t& value);
    bool end_object();
    bool start_array(std::size_t size);
    bool end_array();
    bool parse_error(std::size_t position, const std::string& lastToken, const nlohmann::detail::exception& error);

private:
    enum class Mode { Tree, Vocabulary, Merges, MergePair };

    bool fail(std::string message);
    bool addValue(json&& value);
    bool addVocabularyId(std::int64_t id);
    bool atModelMember(const char* name) const;

    json m_root;
    std::vector<json*> m_containers; // the open objects and arrays of the tree, innermost last
    std::vector<std::string> m_keys; // per open container: the current key of an object ("" for arrays)
    Mode m_mode = Mode::Tree;
    std::string m_vocabularyKey;
    std::vector<std::string> m_pair;
    std::optional<ByteLevelBpe::Vocabulary> m_vocabulary;
    std::optional<std::vector<std::pair<std::string, std::string>>> m_merges;
    std::string m_error;
};

} // namespace vlmprobe::engine
