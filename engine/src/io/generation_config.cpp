#include "vlmprobe/engine/checkpoint_config.h"

#include "io/file_paths.h"
#include "io/json_parsing.h"
#include "vlmprobe/engine/errors.h"

namespace vlmprobe::engine {

namespace {

using json::FieldReader;

// The value at `key` from text_config when it has one, else from the top level.
const FieldReader& textLevel(const FieldReader& root, const std::optional<FieldReader>& text, std::string_view key)
{
    return text && text->has(key) ? *text : root;
}

} // namespace

GenerationConfig parseGenerationConfig(std::string_view text, const std::string& source)
{
    const nlohmann::json document = json::parse(text, source);
    const FieldReader root(document, source);
    GenerationConfig config;
    config.eosTokenIds = root.integerOrList("eos_token_id").value_or(std::vector<std::int64_t> {});
    config.bosTokenId = root.integer("bos_token_id");
    config.padTokenId = root.integer("pad_token_id");
    config.doSample = root.boolean("do_sample").value_or(config.doSample);
    config.temperature = root.number("temperature").value_or(config.temperature);
    config.topK = root.smallInteger("top_k").value_or(config.topK);
    config.topP = root.number("top_p").value_or(config.topP);
    config.repetitionPenalty = root.number("repetition_penalty").value_or(config.repetitionPenalty);
    config.maxNewTokens = root.smallInteger("max_new_tokens");
    config.maxLength = root.smallInteger("max_length");

    // The ranges transformers' logits processors accept.
    if (!(config.temperature >= 0))
        root.fail("temperature", "must not be negative");
    if (config.topK < 0)
        root.fail("top_k", "must not be negative");
    if (!(config.topP >= 0 && config.topP <= 1))
        root.fail("top_p", "must lie in [0, 1]");
    if (!(config.repetitionPenalty > 0))
        root.fail("repetition_penalty", "must be positive");
    if (config.maxNewTokens && *config.maxNewTokens < 0)
        root.fail("max_new_tokens", "must not be negative");
    if (config.maxLength && *config.maxLength < 0)
        root.fail("max_length", "must not be negative");
    for (std::int64_t id : config.eosTokenIds) {
        if (id < 0)
            root.fail("eos_token_id", "must not be negative");
    }
    return config;
}

GenerationConfig loadGenerationConfig(const std::string& directory)
{
    const std::string path = joinPath(directory, "generation_config.json");
    if (isRegularFile(path))
        return parseGenerationConfig(readWholeFile(path), path);

    // Like GenerationConfig.from_model_config: the token ids of config.json, every other field at its default.
    GenerationConfig config;
    const std::string modelPath = joinPath(directory, "config.json");
    if (!isRegularFile(modelPath))
        return config;
    const nlohmann::json document = json::parseFile(modelPath);
    const FieldReader root(document, modelPath);
    const std::optional<FieldReader> text = root.object("text_config");
    config.eosTokenIds
        = textLevel(root, text, "eos_token_id").integerOrList("eos_token_id").value_or(std::vector<std::int64_t> {});
    config.bosTokenId = textLevel(root, text, "bos_token_id").integer("bos_token_id");
    config.padTokenId = textLevel(root, text, "pad_token_id").integer("pad_token_id");
    return config;
}

} // namespace vlmprobe::engine
