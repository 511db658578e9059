#pragma once
// The JSON configuration files of a Hugging Face Qwen2.5-VL / Qwen2-VL checkpoint, resolved the way transformers
// resolves them (see qwen25vl.md §1.2 and §2.2), so that callers never look at raw JSON:
//
//   ModelConfig model = loadModelConfig(dir);                 // config.json
//   GenerationConfig generation = loadGenerationConfig(dir);  // generation_config.json (HF defaults when absent)
//   PreprocessorConfig preprocessor = loadPreprocessorConfig(dir); // preprocessor_config.json
//
// Resolution rules:
// - a text field is read from `text_config`, else the top level, else the HF class default (the text class
//   defaults are those of a 72B model, e.g. hidden_size 8192, rms_norm_eps 1e-5: the shipped files always set them);
// - the rope dict is `rope_scaling` or `rope_parameters` ("type"/"rope_type" "mrope" and "default" both mean plain
//   rotary with `mrope_section`); `rope_theta` is at the top level or inside the rope dict; mrope_section is required;
// - a missing vision field takes the HF class default (depth 32, num_heads 16, intermediate_size 3420, patch 14,
//   ...); the legacy keys `in_chans` and `spatial_patch_size` are ignored as HF ignores them;
// - model_type must be "qwen2_5_vl" or "qwen2_vl" (Qwen2-VL's vision fields are mapped onto VisionConfig: embed_dim
//   -> hiddenSize, hidden_size -> outHiddenSize, embed_dim * mlp_ratio -> intermediateSize, every block full
//   attention, windowSize 0).
// Errors: LoadError naming the file and the key (missing file, not JSON, a key of the wrong type, an inconsistent
// geometry such as hidden_size not divisible by num_attention_heads).
// Thread-safe: pure functions returning values.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vlmprobe::engine {

struct TextConfig {
    int hiddenSize = 8192;
    int intermediateSize = 29568;
    int numHiddenLayers = 80;
    int numAttentionHeads = 64;
    int numKeyValueHeads = 8;
    int headDim = 128; // hiddenSize / numAttentionHeads (HF ignores a `head_dim` key here)
    std::int64_t vocabSize = 152064;
    double rmsNormEps = 1e-5;
    double ropeTheta = 1000000.0;
    std::string ropeType = "default"; // as written: "default" or "mrope" (same computation)
    std::vector<int> mropeSection; // [t, h, w] frequency counts, sum == headDim / 2
    std::int64_t maxPositionEmbeddings = 32768;
    std::string hiddenAct = "silu";
};

struct VisionConfig {
    int depth = 32;
    int hiddenSize = 3584; // the ViT width (1280 in every shipped Qwen2.5-VL file)
    int numHeads = 16;
    int intermediateSize = 3420;
    int patchSize = 14;
    int temporalPatchSize = 2;
    int spatialMergeSize = 2;
    int windowSize = 112; // pixels per attention-window side; 0 = no window attention (Qwen2-VL)
    int inChannels = 3;
    int outHiddenSize = 3584; // merger output width == text hiddenSize
    std::vector<int> fullattBlockIndexes { 7, 15, 23, 31 };
    std::string hiddenAct = "silu";
    double tokensPerSecond = 4.0;
};

struct SpecialTokenIds {
    std::int64_t bos = 151643; // <|endoftext|>
    std::int64_t pad = 151643; // pad_token_id, else bos (Qwen pads with <|endoftext|>)
    std::int64_t imagePad = 151655; // image_token_id, <|image_pad|>
    std::int64_t videoPad = 151656; // video_token_id, <|video_pad|>
    std::int64_t visionStart = 151652; // vision_start_token_id
    std::int64_t visionEnd = 151653; // vision_end_token_id
    std::int64_t visionPad = 151654; // vision_token_id, <|vision_pad|> (unused by the model)
    std::vector<std::int64_t> eos { 151645 }; // eos_token_id, an int or a list in the file
};

struct ModelConfig {
    std::string modelType; // "qwen2_5_vl" or "qwen2_vl"
    std::vector<std::string> architectures;
    std::string torchDtype; // `torch_dtype` or `dtype` as written ("bfloat16", "float32"); may be empty
    TextConfig text;
    VisionConfig vision;
    SpecialTokenIds tokens;
    bool tieWordEmbeddings = false;
};

// generation_config.json. Absent keys take transformers' GenerationConfig defaults.
struct GenerationConfig {
    std::vector<std::int64_t> eosTokenIds; // an int or a list in the file
    std::optional<std::int64_t> bosTokenId;
    std::optional<std::int64_t> padTokenId;
    bool doSample = false;
    double temperature = 1.0;
    int topK = 50;
    double topP = 1.0;
    double repetitionPenalty = 1.0;
    std::optional<int> maxNewTokens;
    std::optional<int> maxLength; // HF's own default is 20 when neither is set: callers pass max_new_tokens
};

// preprocessor_config.json (Qwen2VLImageProcessor). Member defaults are the HF class defaults used when keys are
// absent. min/max pixels precedence: top-level min_pixels/max_pixels, then size.{shortest_edge,longest_edge} or
// size.{min_pixels,max_pixels}, then the class default (call-time overrides are the caller's business).
struct PreprocessorConfig {
    int patchSize = 14;
    int temporalPatchSize = 2;
    int mergeSize = 2;
    std::int64_t minPixels = 3136;
    std::int64_t maxPixels = 1003520;
    std::array<double, 3> imageMean { 0.48145466, 0.4578275, 0.40821073 };
    std::array<double, 3> imageStd { 0.26862954, 0.26130258, 0.27577711 };
    double rescaleFactor = 1.0 / 255.0;
    bool doResize = true;
    bool doRescale = true;
    bool doNormalize = true;
    bool doConvertRgb = true;

    int resizeFactor() const { return patchSize * mergeSize; } // smart_resize rounds sides to this
};

ModelConfig loadModelConfig(const std::string& directory); // <dir>/config.json
// <dir>/generation_config.json; when the file is absent, HF defaults with bos/eos/pad taken from config.json (as
// GenerationConfig.from_model_config does), or none when config.json is absent too.
GenerationConfig loadGenerationConfig(const std::string& directory);
PreprocessorConfig loadPreprocessorConfig(const std::string& directory); // <dir>/preprocessor_config.json

// The same resolution from JSON text; `source` names the text in error messages.
ModelConfig parseModelConfig(std::string_view json, const std::string& source);
GenerationConfig parseGenerationConfig(std::string_view json, const std::string& source);
PreprocessorConfig parsePreprocessorConfig(std::string_view json, const std::string& source);

} // namespace vlmprobe::engine
