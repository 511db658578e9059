#include "vlmprobe/engine/checkpoint_config.h"

#include "io/file_paths.h"
#include "io/json_parsing.h"
#include "vlmprobe/engine/errors.h"

#include <numeric>

namespace vlmprobe::engine {

namespace {

using json::FieldReader;

// Text fields live in `text_config` (newer saves) or at the top level (the original release).
class TextFields {
public:
    explicit TextFields(const FieldReader& root)
        : m_root(root)
        , m_text(root.object("text_config"))
    {
    }

    const FieldReader& at(std::string_view key) const
    {
        return m_text && (m_text->has(key) || m_text->isNull(key)) ? *m_text : m_root;
    }
    std::optional<int> smallInteger(std::string_view key) const { return at(key).smallInteger(key); }
    std::optional<std::int64_t> integer(std::string_view key) const { return at(key).integer(key); }
    std::optional<double> number(std::string_view key) const { return at(key).number(key); }
    std::optional<std::string> string(std::string_view key) const { return at(key).string(key); }
    std::optional<bool> boolean(std::string_view key) const { return at(key).boolean(key); }
    std::optional<std::vector<std::int64_t>> integerOrList(std::string_view key) const
    {
        return at(key).integerOrList(key);
    }

    // `rope_scaling` wins over `rope_parameters` (transformers: `rope_scaling or rope_parameters`), the text level
    // over the top level.
    std::optional<FieldReader> ropeDict() const
    {
        for (const FieldReader* level : { m_text ? &*m_text : nullptr, &m_root }) {
            if (!level)
                continue;
            for (std::string_view key : { "rope_scaling", "rope_parameters" }) {
                if (std::optional<FieldReader> dict = level->object(key))
                    return dict;
            }
        }
        return std::nullopt;
    }

private:
    const FieldReader& m_root;
    std::optional<FieldReader> m_text;
};

void requirePositive(const FieldReader& reader, std::string_view key, double value)
{
    if (!(value > 0))
        reader.fail(key, "must be positive");
}

TextConfig readText(const TextFields& fields, const FieldReader& root)
{
    TextConfig text;
    text.hiddenSize = fields.smallInteger("hidden_size").value_or(text.hiddenSize);
    text.intermediateSize = fields.smallInteger("intermediate_size").value_or(text.intermediateSize);
    text.numHiddenLayers = fields.smallInteger("num_hidden_layers").value_or(text.numHiddenLayers);
    text.numAttentionHeads = fields.smallInteger("num_attention_heads").value_or(text.numAttentionHeads);
    // transformers maps an explicit null to num_attention_heads (multi-head attention); an absent key takes the
    // class default.
    if (fields.at("num_key_value_heads").isNull("num_key_value_heads"))
        text.numKeyValueHeads = text.numAttentionHeads;
    else
        text.numKeyValueHeads = fields.smallInteger("num_key_value_heads").value_or(text.numKeyValueHeads);
    text.vocabSize = fields.integer("vocab_size").value_or(text.vocabSize);
    text.rmsNormEps = fields.number("rms_norm_eps").value_or(text.rmsNormEps);
    text.maxPositionEmbeddings = fields.integer("max_position_embeddings").value_or(text.maxPositionEmbeddings);
    text.hiddenAct = fields.string("hidden_act").value_or(text.hiddenAct);
    text.ropeTheta = fields.number("rope_theta").value_or(text.ropeTheta);

    for (std::string_view key : { "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
             "num_key_value_heads", "vocab_size", "rms_norm_eps", "max_position_embeddings" }) {
        if (const std::optional<double> value = fields.number(key))
            requirePositive(fields.at(key), key, *value);
    }
    if (text.hiddenSize % text.numAttentionHeads != 0)
        root.fail("hidden_size", "is not divisible by num_attention_heads");
    if (text.numAttentionHeads % text.numKeyValueHeads != 0)
        root.fail("num_attention_heads", "is not divisible by num_key_value_heads");
    text.headDim = text.hiddenSize / text.numAttentionHeads;

    const std::optional<FieldReader> rope = fields.ropeDict();
    if (!rope)
        root.fail("rope_scaling", "is missing (Qwen-VL needs rope_scaling.mrope_section)");
    const std::optional<std::string> type
        = rope->string("rope_type") ? rope->string("rope_type") : rope->string("type");
    text.ropeType = type.value_or("default");
    if (text.ropeType != "default" && text.ropeType != "mrope")
        rope->fail("rope_type", "'" + json::printable(text.ropeType) + "' is not supported (only default/mrope)");
    text.ropeTheta = rope->number("rope_theta").value_or(text.ropeTheta);
    if (!(text.ropeTheta > 0))
        root.fail("rope_theta", "must be positive");
    const std::optional<std::vector<int>> section = rope->smallIntegerList("mrope_section");
    if (!section)
        rope->fail("mrope_section", "is missing");
    text.mropeSection = *section;
    std::int64_t sectionSum = 0;
    for (int count : *section) {
        if (count < 0)
            rope->fail("mrope_section", "has a negative count");
        sectionSum += count;
    }
    if (section->size() != 3 || sectionSum * 2 != text.headDim)
        rope->fail(
            "mrope_section", "must be three counts summing to head_dim / 2 = " + std::to_string(text.headDim / 2));
    return text;
}

VisionConfig readQwen25Vision(const FieldReader& vision)
{
    VisionConfig out;
    out.depth = vision.smallInteger("depth").value_or(out.depth);
    out.hiddenSize = vision.smallInteger("hidden_size").value_or(out.hiddenSize);
    out.numHeads = vision.smallInteger("num_heads").value_or(out.numHeads);
    out.intermediateSize = vision.smallInteger("intermediate_size").value_or(out.intermediateSize);
    out.patchSize = vision.smallInteger("patch_size").value_or(out.patchSize);
    out.temporalPatchSize = vision.smallInteger("temporal_patch_size").value_or(out.temporalPatchSize);
    out.spatialMergeSize = vision.smallInteger("spatial_merge_size").value_or(out.spatialMergeSize);
    out.windowSize = vision.smallInteger("window_size").value_or(out.windowSize);
    out.inChannels = vision.smallInteger("in_channels").value_or(out.inChannels);
    out.outHiddenSize = vision.smallInteger("out_hidden_size").value_or(out.outHiddenSize);
    out.fullattBlockIndexes = vision.smallIntegerList("fullatt_block_indexes").value_or(out.fullattBlockIndexes);
    out.hiddenAct = vision.string("hidden_act").value_or(out.hiddenAct);
    out.tokensPerSecond = vision.number("tokens_per_second").value_or(out.tokensPerSecond);
    return out;
}

// Qwen2-VL names the ViT width embed_dim and its output width hidden_size; every block attends globally.
VisionConfig readQwen2Vision(const FieldReader& vision)
{
    VisionConfig out;
    out.depth = vision.smallInteger("depth").value_or(32);
    out.hiddenSize = vision.smallInteger("embed_dim").value_or(1280);
    out.outHiddenSize = vision.smallInteger("hidden_size").value_or(3584);
    out.numHeads = vision.smallInteger("num_heads").value_or(16);
    const double intermediate = out.hiddenSize * vision.number("mlp_ratio").value_or(4.0);
    if (!(intermediate >= 1 && intermediate <= 1e9))
        vision.fail("mlp_ratio", "gives an implausible MLP width");
    out.intermediateSize = static_cast<int>(intermediate);
    out.patchSize = vision.smallInteger("patch_size").value_or(14);
    out.temporalPatchSize = vision.smallInteger("temporal_patch_size").value_or(2);
    out.spatialMergeSize = vision.smallInteger("spatial_merge_size").value_or(2);
    out.inChannels = vision.smallInteger("in_channels").value_or(3);
    out.hiddenAct = vision.string("hidden_act").value_or("quick_gelu");
    out.tokensPerSecond = vision.number("tokens_per_second").value_or(out.tokensPerSecond);
    out.windowSize = 0;
    out.fullattBlockIndexes.resize(static_cast<std::size_t>(std::max(out.depth, 0)));
    std::iota(out.fullattBlockIndexes.begin(), out.fullattBlockIndexes.end(), 0);
    return out;
}

void validateVision(const VisionConfig& vision, const FieldReader& reader, const TextConfig& text, bool windowed)
{
    const std::pair<std::string_view, int> sizes[] = {
        { "depth", vision.depth },
        { "hidden_size", vision.hiddenSize },
        { "num_heads", vision.numHeads },
        { "intermediate_size", vision.intermediateSize },
        { "patch_size", vision.patchSize },
        { "temporal_patch_size", vision.temporalPatchSize },
        { "spatial_merge_size", vision.spatialMergeSize },
        { "in_channels", vision.inChannels },
        { "out_hidden_size", vision.outHiddenSize },
    };
    for (const auto& [key, value] : sizes) {
        if (value <= 0)
            reader.fail(key, "must be positive");
    }
    if (vision.hiddenSize % vision.numHeads != 0)
        reader.fail("hidden_size", "is not divisible by num_heads");
    // Qwen2.5-VL windows are counted in merged patches (window_size / spatial_merge_size / patch_size).
    if (windowed && std::int64_t { vision.windowSize } < std::int64_t { vision.patchSize } * vision.spatialMergeSize)
        reader.fail("window_size", "is smaller than one merged patch (patch_size * spatial_merge_size)");
    for (int index : vision.fullattBlockIndexes) {
        if (index < 0 || index >= vision.depth)
            reader.fail("fullatt_block_indexes", "names a block outside [0, depth)");
    }
    if (vision.outHiddenSize != text.hiddenSize)
        reader.fail("out_hidden_size",
            "(" + std::to_string(vision.outHiddenSize) + ") differs from the text hidden_size ("
                + std::to_string(text.hiddenSize) + ")");
}

SpecialTokenIds readTokens(const TextFields& fields, const FieldReader& root, std::int64_t vocabSize)
{
    SpecialTokenIds tokens;
    // Ids the file states must lie inside the vocabulary; the class defaults are not checked, so that a small
    // test vocabulary may leave unused ids (vision_token_id, video_token_id) out.
    std::vector<std::pair<std::string_view, std::int64_t>> stated;
    // Vision token ids belong to the multimodal config (top level); some saves repeat them in text_config.
    const auto visionId = [&](std::string_view key, std::int64_t& target) {
        std::optional<std::int64_t> value = root.integer(key);
        if (!value)
            value = fields.integer(key);
        if (value) {
            target = *value;
            stated.emplace_back(key, *value);
        }
    };
    const auto textId = [&](std::string_view key, std::int64_t& target) {
        if (const std::optional<std::int64_t> value = fields.integer(key)) {
            target = *value;
            stated.emplace_back(key, *value);
        }
    };
    visionId("image_token_id", tokens.imagePad);
    visionId("video_token_id", tokens.videoPad);
    visionId("vision_start_token_id", tokens.visionStart);
    visionId("vision_end_token_id", tokens.visionEnd);
    visionId("vision_token_id", tokens.visionPad);
    textId("bos_token_id", tokens.bos);
    tokens.pad = tokens.bos;
    textId("pad_token_id", tokens.pad);
    if (const std::optional<std::vector<std::int64_t>> eos = fields.integerOrList("eos_token_id")) {
        tokens.eos = *eos;
        for (std::int64_t id : *eos)
            stated.emplace_back("eos_token_id", id);
    }
    for (const auto& [key, id] : stated) {
        if (id < 0 || id >= vocabSize)
            root.fail(key, "(" + std::to_string(id) + ") is outside the vocabulary");
    }
    return tokens;
}

} // namespace

ModelConfig parseModelConfig(std::string_view text, const std::string& source)
{
    const nlohmann::json document = json::parse(text, source);
    const FieldReader root(document, source);
    ModelConfig config;
    const std::optional<std::string> modelType = root.string("model_type");
    if (!modelType)
        root.fail("model_type", "is missing");
    if (*modelType != "qwen2_5_vl" && *modelType != "qwen2_vl")
        root.fail("model_type", "'" + json::printable(*modelType) + "' is not supported (qwen2_5_vl or qwen2_vl)");
    config.modelType = *modelType;
    config.architectures = root.stringList("architectures").value_or(std::vector<std::string> {});

    const TextFields fields(root);
    config.torchDtype = root.string("torch_dtype").value_or(root.string("dtype").value_or(""));
    if (config.torchDtype.empty())
        config.torchDtype = fields.string("torch_dtype").value_or(fields.string("dtype").value_or(""));
    config.text = readText(fields, root);
    config.tieWordEmbeddings = fields.boolean("tie_word_embeddings").value_or(false);

    const nlohmann::json emptyObject = nlohmann::json::object();
    const FieldReader vision = root.object("vision_config").value_or(FieldReader(emptyObject, source, "vision_config"));
    config.vision = config.modelType == "qwen2_vl" ? readQwen2Vision(vision) : readQwen25Vision(vision);
    validateVision(config.vision, vision, config.text, config.modelType == "qwen2_5_vl");
    config.tokens = readTokens(fields, root, config.text.vocabSize);
    return config;
}

ModelConfig loadModelConfig(const std::string& directory)
{
    const std::string path = joinPath(directory, "config.json");
    return parseModelConfig(readWholeFile(path), path);
}

} // namespace vlmprobe::engine
