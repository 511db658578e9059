#include "text/tokenizer_json.h"

#include "text/byte_level_bpe.h"
#include "text/qwen2_pre_tokenizer.h"
#include "text/tokenizer_impl.h"
#include "text/tokenizer_json_sax.h"
#include "vlmprobe/engine/errors.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <limits>
#include <map>

namespace vlmprobe::engine {

namespace {

using nlohmann::json;

class Reader {
public:
    explicit Reader(std::string file)
        : m_file(std::move(file))
    {
    }

    [[noreturn]] void fail(const std::string& problem) const { throw LoadError(m_file + ": " + problem); }

    const json& member(const json& object, const char* key, const char* where) const
    {
        if (!object.is_object() || !object.contains(key))
            fail(std::string(where) + " has no \"" + key + "\"");
        return object.at(key);
    }

    std::string string(const json& value, const std::string& what) const
    {
        if (!value.is_string())
            fail(what + " is not a string");
        return value.get<std::string>();
    }

    bool flag(const json& object, const char* key, bool fallback) const
    {
        if (!object.contains(key) || object.at(key).is_null())
            return fallback;
        if (!object.at(key).is_boolean())
            fail(std::string("\"") + key + "\" is not true or false");
        return object.at(key).get<bool>();
    }

    const std::string& file() const { return m_file; }

private:
    std::string m_file;
};

std::string typeOf(const json& value)
{
    if (value.is_object() && value.contains("type") && value.at("type").is_string())
        return value.at("type").get<std::string>();
    return value.is_null() ? "none" : "unknown";
}

bool isEmptyOrNull(const json& object, const char* key)
{
    if (!object.contains(key) || object.at(key).is_null())
        return true;
    return object.at(key).is_string() && object.at(key).get<std::string>().empty();
}

// NFC or no normalizer at all (a Sequence holding only NFC counts as NFC).
bool checkNormalizer(const Reader& reader, const json& root)
{
    const json normalizer = root.contains("normalizer") ? root.at("normalizer") : json();
    if (normalizer.is_null())
        return false;
    const std::string type = typeOf(normalizer);
    if (type == "NFC")
        return true;
    if (type == "Sequence" && normalizer.contains("normalizers") && normalizer.at("normalizers").is_array()
        && normalizer.at("normalizers").size() == 1 && typeOf(normalizer.at("normalizers")[0]) == "NFC") {
        return true;
    }
    reader.fail("normalizer '" + type + "' is not supported (only NFC or none)");
}

void checkPreTokenizer(const Reader& reader, const json& root)
{
    const json& preTokenizer = reader.member(root, "pre_tokenizer", "the file");
    const auto notQwen2
        = [&](const std::string& detail) { reader.fail("pre-tokenizer is not the Qwen2 one (" + detail + ")"); };
    if (typeOf(preTokenizer) != "Sequence" || !preTokenizer.contains("pretokenizers")
        || !preTokenizer.at("pretokenizers").is_array() || preTokenizer.at("pretokenizers").size() != 2) {
        notQwen2("expected a Sequence of Split and ByteLevel, found '" + typeOf(preTokenizer) + "'");
    }
    const json& split = preTokenizer.at("pretokenizers")[0];
    const json& byteLevel = preTokenizer.at("pretokenizers")[1];
    if (typeOf(split) != "Split")
        notQwen2("first step is '" + typeOf(split) + "', not Split");
    const json pattern = split.contains("pattern") ? split.at("pattern") : json();
    if (!pattern.is_object() || !pattern.contains("Regex") || !pattern.at("Regex").is_string()
        || pattern.at("Regex").get<std::string>() != Qwen2PreTokenizer::kPattern) {
        notQwen2("a different split pattern");
    }
    if (!split.contains("behavior") || split.at("behavior") != "Isolated" || reader.flag(split, "invert", false))
        notQwen2("split behaviour is not Isolated");
    if (typeOf(byteLevel) != "ByteLevel" || reader.flag(byteLevel, "add_prefix_space", false)
        || reader.flag(byteLevel, "use_regex", true)) {
        notQwen2("second step is not ByteLevel without prefix space and without its own regex");
    }
    const json decoder = root.contains("decoder") ? root.at("decoder") : json();
    if (typeOf(decoder) != "ByteLevel")
        reader.fail("decoder '" + typeOf(decoder) + "' is not supported (only ByteLevel)");
}

// Ids are assigned as Hugging Face tokenizers assigns them when it loads the file: in file order, a content
// already in the vocabulary keeps its vocabulary id, any other takes the next id after the vocabulary and the
// added tokens so far. (The "id" fields agree with this in well-formed files.)
std::vector<Tokenizer::Impl::AddedToken> readAddedTokens(
    const Reader& reader, const json& root, const ByteLevelBpe::Vocabulary& vocabulary)
{
    std::vector<Tokenizer::Impl::AddedToken> tokens;
    if (!root.contains("added_tokens") || root.at("added_tokens").is_null())
        return tokens;
    const json& list = root.at("added_tokens");
    if (!list.is_array())
        reader.fail("added_tokens is not an array");
    const auto vocabularySize = static_cast<std::int64_t>(vocabulary.size());
    std::int64_t maxId = -1;
    std::map<std::string, std::size_t> indexOf;
    for (const json& entry : list) {
        Tokenizer::Impl::AddedToken token;
        token.content = reader.string(reader.member(entry, "content", "an added token"), "added token content");
        if (token.content.empty())
            continue;
        if (reader.flag(entry, "single_word", false))
            reader.fail("added token \"" + token.content + "\" is single_word, which is not supported");
        token.special = reader.flag(entry, "special", false);
        token.normalized = reader.flag(entry, "normalized", !token.special);
        token.lstrip = reader.flag(entry, "lstrip", false);
        token.rstrip = reader.flag(entry, "rstrip", false);
        if (const auto existing = indexOf.find(token.content); existing != indexOf.end()) {
            token.id = tokens[existing->second].id;
            tokens[existing->second] = token;
            continue;
        }
        std::int64_t id = 0;
        if (const auto inVocabulary = vocabulary.find(token.content); inVocabulary != vocabulary.end())
            id = inVocabulary->second;
        else
            id = maxId >= vocabularySize ? maxId + 1 : vocabularySize;
        if (id >= std::numeric_limits<std::int32_t>::max())
            reader.fail("too many added tokens");
        maxId = std::max(maxId, id);
        token.id = static_cast<std::int32_t>(id);
        indexOf.emplace(token.content, tokens.size());
        tokens.push_back(std::move(token));
    }
    return tokens;
}

std::string resolvePath(const std::string& path)
{
    namespace fs = std::filesystem;
    std::error_code error;
    if (fs::is_directory(path, error)) {
        const fs::path candidate = fs::path(path) / "tokenizer.json";
        if (!fs::is_regular_file(candidate, error))
            throw LoadError("folder " + path + " has no tokenizer.json");
        return candidate.string();
    }
    if (!fs::is_regular_file(path, error))
        throw LoadError("tokenizer file " + path + " does not exist");
    return path;
}

} // namespace

std::shared_ptr<const Tokenizer::Impl> loadTokenizerJson(const std::string& path)
{
    const Reader reader(resolvePath(path));
    std::string contents;
    {
        std::ifstream stream(reader.file(), std::ios::binary | std::ios::ate);
        if (!stream)
            reader.fail("cannot be opened");
        contents.resize(static_cast<std::size_t>(stream.tellg()));
        stream.seekg(0);
        if (!stream.read(contents.data(), static_cast<std::streamsize>(contents.size())))
            reader.fail("cannot be read");
    }
    TokenizerJsonSax sax;
    if (!sax.parse(contents))
        reader.fail(sax.error());
    const json& root = sax.root();
    if (!root.is_object())
        reader.fail("is not a JSON object");

    const json& model = reader.member(root, "model", "the file");
    if (model.contains("type") && typeOf(model) != "BPE")
        reader.fail("model type '" + typeOf(model) + "' is not supported (only BPE)");
    if (model.contains("dropout") && !model.at("dropout").is_null()
        && !(model.at("dropout").is_number() && model.at("dropout").get<double>() == 0.0)) {
        reader.fail("BPE dropout is not supported");
    }
    if (!isEmptyOrNull(model, "continuing_subword_prefix") || !isEmptyOrNull(model, "end_of_word_suffix"))
        reader.fail("BPE subword prefixes or suffixes are not supported");
    if (reader.flag(model, "byte_fallback", false))
        reader.fail("BPE byte_fallback is not supported");
    const bool ignoreMerges = reader.flag(model, "ignore_merges", false);
    const bool applyNfc = checkNormalizer(reader, root);
    checkPreTokenizer(reader, root);

    if (!sax.vocabulary())
        reader.fail(model.contains("vocab") ? "model.vocab is not an object" : "model has no \"vocab\"");
    if (!sax.merges())
        reader.fail(model.contains("merges") ? "model.merges is not an array" : "model has no \"merges\"");
    ByteLevelBpe::Vocabulary vocabulary = std::move(*sax.vocabulary());
    const auto& merges = *sax.merges();
    auto addedTokens = readAddedTokens(reader, root, vocabulary);
    try {
        ByteLevelBpe bpe(std::move(vocabulary), merges, ignoreMerges);
        if (model.contains("unk_token") && !model.at("unk_token").is_null()) {
            for (int byte = 0; byte < 256; ++byte) {
                if (bpe.byteId(static_cast<unsigned char>(byte)) < 0)
                    reader.fail("an unknown token is set and a byte has no token, which is not supported");
            }
        }
        return std::make_shared<const Tokenizer::Impl>(std::move(bpe), addedTokens, applyNfc);
    } catch (const LoadError& error) {
        if (std::string_view(error.what()).starts_with(reader.file()))
            throw;
        reader.fail(error.what());
    }
}

} // namespace vlmprobe::engine
