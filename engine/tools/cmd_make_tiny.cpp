// vlmprobe-engine make-tiny: a random-weight Qwen2.5-VL checkpoint in the Hugging Face layout, small enough for CPU
// tests yet with the real window geometry (patch 2, merge 2, window 16: 4 merged units per window side, as
// 112 / 2 / 14 in the real models; qwen25vl.md §10). Writes config.json (flat or nested), model.safetensors,
// generation_config.json, preprocessor_config.json and a byte-level BPE tokenizer.json whose ids fit the vocabulary
// (256 byte tokens, merges learned from a built-in text, the Qwen special tokens at the top of the vocabulary).

#include "subcommands.h"

#include "vlmprobe/engine/checkpoint_config.h"
#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/model.h"
#include "vlmprobe/engine/safetensors_writer.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

namespace vlmprobe::tools {

namespace {

using nlohmann::json;

// The Qwen2 special tokens in their real order (151643 ...); `special` as in the released tokenizer.json.
struct SpecialToken {
    const char* text;
    bool special;
};
constexpr SpecialToken kSpecialTokens[] = {
    { "<|endoftext|>", true },
    { "<|im_start|>", true },
    { "<|im_end|>", true },
    { "<|object_ref_start|>", true },
    { "<|object_ref_end|>", true },
    { "<|box_start|>", true },
    { "<|box_end|>", true },
    { "<|quad_start|>", true },
    { "<|quad_end|>", true },
    { "<|vision_start|>", true },
    { "<|vision_end|>", true },
    { "<|vision_pad|>", true },
    { "<|image_pad|>", true },
    { "<|video_pad|>", true },
    { "<tool_call>", false },
    { "</tool_call>", false },
    { "<|fim_prefix|>", false },
    { "<|fim_middle|>", false },
    { "<|fim_suffix|>", false },
    { "<|fim_pad|>", false },
    { "<|repo_name|>", false },
    { "<|file_sep|>", false },
};
constexpr int kSpecialCount = static_cast<int>(std::size(kSpecialTokens));

constexpr const char* kPreTokenizerPattern = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| "
                                             "?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

// Text the merges are learned from: the words these checkpoints are prompted with in tests and demos.
constexpr const char* kMergeCorpus
    = "You are a helpful assistant. What is shown in the image? Answer with the option's letter from the given "
      "choices directly. <think> Okay, let's see. The object on the left is red and the one on the right is blue, "
      "so the answer should be the first option. This should be the final answer. </think> <answer> A </answer> "
      "Which object is closer to the camera? Which shape is larger? How many circles are there in the picture? "
      "The triangle is above the square, the square is below the circle and the circle is next to the triangle. "
      "Options: A. red B. blue C. green D. yellow. Look at the scene carefully and think step by step before you "
      "answer the question. There are two cats and three dogs; the dog is sitting on the chair near the table.";

// GPT-2's byte -> printable character map used by byte-level BPE.
std::string byteSymbol(unsigned char byte)
{
    int code = byte;
    const bool printable = (byte >= 33 && byte <= 126) || (byte >= 161 && byte <= 172) || byte >= 174;
    if (!printable) {
        int shift = 0;
        for (int b = 0; b < byte; ++b) {
            if (!((b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174))
                ++shift;
        }
        code = 256 + shift;
    }
    std::string out;
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
    return out;
}

// Learns up to `count` merges from kMergeCorpus (words split at spaces, a space joined to the next word).
std::vector<std::pair<std::string, std::string>> learnMerges(int count)
{
    std::map<std::vector<std::string>, int> words;
    std::string corpus = kMergeCorpus;
    std::size_t start = 0;
    while (start < corpus.size()) {
        std::size_t end = corpus.find(' ', start + 1);
        if (end == std::string::npos)
            end = corpus.size();
        std::vector<std::string> symbols;
        for (std::size_t i = start; i < end; ++i)
            symbols.push_back(byteSymbol(static_cast<unsigned char>(corpus[i])));
        ++words[symbols];
        start = end;
    }
    std::vector<std::pair<std::string, std::string>> merges;
    while (static_cast<int>(merges.size()) < count) {
        std::map<std::pair<std::string, std::string>, int> pairs;
        for (const auto& [symbols, frequency] : words) {
            for (std::size_t i = 0; i + 1 < symbols.size(); ++i)
                pairs[{ symbols[i], symbols[i + 1] }] += frequency;
        }
        if (pairs.empty())
            break;
        auto best = pairs.begin();
        for (auto it = pairs.begin(); it != pairs.end(); ++it) {
            if (it->second > best->second)
                best = it;
        }
        const auto [left, right] = best->first;
        merges.push_back({ left, right });
        std::map<std::vector<std::string>, int> next;
        for (const auto& [symbols, frequency] : words) {
            std::vector<std::string> merged;
            for (std::size_t i = 0; i < symbols.size(); ++i) {
                if (i + 1 < symbols.size() && symbols[i] == left && symbols[i + 1] == right) {
                    merged.push_back(left + right);
                    ++i;
                } else {
                    merged.push_back(symbols[i]);
                }
            }
            next[merged] += frequency;
        }
        words = std::move(next);
    }
    return merges;
}

json tokenizerJson(std::int64_t vocab)
{
    json vocabulary = json::object();
    for (int byte = 0; byte < 256; ++byte)
        vocabulary[byteSymbol(static_cast<unsigned char>(byte))] = byte;
    const auto merges = learnMerges(static_cast<int>(vocab) - 256 - kSpecialCount);
    json mergeList = json::array();
    int next = 256;
    for (const auto& [left, right] : merges) {
        if (!vocabulary.contains(left + right))
            vocabulary[left + right] = next++;
        mergeList.push_back(left + " " + right);
    }
    json added = json::array();
    for (int i = 0; i < kSpecialCount; ++i) {
        added.push_back({ { "id", vocab - kSpecialCount + i }, { "content", kSpecialTokens[i].text },
            { "single_word", false }, { "lstrip", false }, { "rstrip", false }, { "normalized", false },
            { "special", kSpecialTokens[i].special } });
        vocabulary[kSpecialTokens[i].text] = vocab - kSpecialCount + i;
    }
    const json byteLevel { { "type", "ByteLevel" }, { "add_prefix_space", false }, { "trim_offsets", false },
        { "use_regex", false } };
    return {
        { "version", "1.0" },
        { "truncation", nullptr },
        { "padding", nullptr },
        { "added_tokens", added },
        { "normalizer", { { "type", "NFC" } } },
        { "pre_tokenizer",
            { { "type", "Sequence" },
                { "pretokenizers",
                    { { { "type", "Split" }, { "pattern", { { "Regex", kPreTokenizerPattern } } },
                          { "behavior", "Isolated" }, { "invert", false } },
                        byteLevel } } } },
        { "post_processor", byteLevel },
        { "decoder", byteLevel },
        { "model",
            { { "type", "BPE" }, { "dropout", nullptr }, { "unk_token", nullptr }, { "continuing_subword_prefix", "" },
                { "end_of_word_suffix", "" }, { "fuse_unk", false }, { "byte_fallback", false },
                { "ignore_merges", false }, { "vocab", vocabulary }, { "merges", mergeList } } },
    };
}

engine::ModelConfig tinyConfig(std::int64_t vocab, bool tie)
{
    engine::ModelConfig c;
    c.modelType = "qwen2_5_vl";
    c.architectures = { "Qwen2_5_VLForConditionalGeneration" };
    c.tieWordEmbeddings = tie;
    c.text.hiddenSize = 64;
    c.text.intermediateSize = 128;
    c.text.numHiddenLayers = 3;
    c.text.numAttentionHeads = 4;
    c.text.numKeyValueHeads = 2;
    c.text.headDim = 16;
    c.text.vocabSize = vocab;
    c.text.rmsNormEps = 1e-6;
    c.text.ropeTheta = 1e6;
    c.text.mropeSection = { 2, 3, 3 };
    c.text.maxPositionEmbeddings = 4096;
    c.vision.depth = 4;
    c.vision.hiddenSize = 64;
    c.vision.numHeads = 4;
    c.vision.intermediateSize = 96;
    c.vision.patchSize = 2;
    c.vision.temporalPatchSize = 2;
    c.vision.spatialMergeSize = 2;
    c.vision.windowSize = 16;
    c.vision.outHiddenSize = 64;
    c.vision.fullattBlockIndexes = { 1, 3 };
    c.vision.tokensPerSecond = 2;
    const std::int64_t base = vocab - kSpecialCount; // <|endoftext|>
    c.tokens.bos = base;
    c.tokens.pad = base;
    c.tokens.eos = { base + 2 };
    c.tokens.visionStart = base + 9;
    c.tokens.visionEnd = base + 10;
    c.tokens.visionPad = base + 11;
    c.tokens.imagePad = base + 12;
    c.tokens.videoPad = base + 13;
    return c;
}

json configJson(const engine::ModelConfig& c, bool nested, const std::string& dtype)
{
    const json rope { { "type", nested ? "default" : "mrope" }, { "mrope_section", c.text.mropeSection } };
    json text { { "vocab_size", c.text.vocabSize }, { "hidden_size", c.text.hiddenSize },
        { "intermediate_size", c.text.intermediateSize }, { "num_hidden_layers", c.text.numHiddenLayers },
        { "num_attention_heads", c.text.numAttentionHeads }, { "num_key_value_heads", c.text.numKeyValueHeads },
        { "hidden_act", "silu" }, { "max_position_embeddings", c.text.maxPositionEmbeddings },
        { "rms_norm_eps", c.text.rmsNormEps }, { "rope_theta", c.text.ropeTheta }, { "use_sliding_window", false },
        { "sliding_window", 4096 }, { "max_window_layers", c.text.numHiddenLayers }, { "attention_dropout", 0.0 },
        { "initializer_range", 0.02 }, { "use_cache", true }, { "rope_scaling", rope } };
    const json vision { { "depth", c.vision.depth }, { "hidden_size", c.vision.hiddenSize }, { "hidden_act", "silu" },
        { "intermediate_size", c.vision.intermediateSize }, { "num_heads", c.vision.numHeads }, { "in_channels", 3 },
        { "patch_size", c.vision.patchSize }, { "spatial_merge_size", c.vision.spatialMergeSize },
        { "temporal_patch_size", c.vision.temporalPatchSize }, { "tokens_per_second", 2 },
        { "window_size", c.vision.windowSize }, { "out_hidden_size", c.vision.outHiddenSize },
        { "fullatt_block_indexes", c.vision.fullattBlockIndexes }, { "model_type", "qwen2_5_vl" },
        { "torch_dtype", dtype } };
    json out { { "architectures", c.architectures }, { "model_type", "qwen2_5_vl" }, { "bos_token_id", c.tokens.bos },
        { "eos_token_id", c.tokens.eos.front() }, { "image_token_id", c.tokens.imagePad },
        { "video_token_id", c.tokens.videoPad }, { "vision_start_token_id", c.tokens.visionStart },
        { "vision_end_token_id", c.tokens.visionEnd }, { "vision_token_id", c.tokens.visionPad },
        { "tie_word_embeddings", c.tieWordEmbeddings }, { "torch_dtype", dtype }, { "transformers_version", "4.52.4" },
        { "vision_config", vision } };
    if (nested) {
        text["model_type"] = "qwen2_5_vl_text";
        text["tie_word_embeddings"] = c.tieWordEmbeddings;
        text["torch_dtype"] = dtype;
        out["text_config"] = text;
    } else {
        out.update(text);
    }
    return out;
}

// Standard normal values from a 64-bit Mersenne Twister through Box-Muller (reproducible on every platform).
class NormalStream {
public:
    explicit NormalStream(std::uint64_t seed)
        : m_random(seed)
    {
    }
    float next()
    {
        const double u1 = (double(m_random() >> 11) + 1.0) * 0x1.0p-53;
        const double u2 = double(m_random() >> 11) * 0x1.0p-53;
        return static_cast<float>(std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2));
    }
    float uniform() { return static_cast<float>(double(m_random() >> 11) * 0x1.0p-53); }

private:
    std::mt19937_64 m_random;
};

// The name a tensor is stored under: the original prefixes (flat) or those of newer saves (nested).
std::string storedName(const std::string& canonical, bool nested)
{
    if (!nested)
        return canonical;
    if (canonical.rfind("visual.", 0) == 0)
        return "model." + canonical;
    if (canonical.rfind("model.", 0) == 0)
        return "model.language_model." + canonical.substr(6);
    return canonical;
}

void writeJson(const std::filesystem::path& path, const json& value)
{
    std::ofstream out(path);
    out << value.dump(2) << "\n";
    if (!out)
        throw engine::LoadError("cannot write " + path.string());
}

} // namespace

int runMakeTiny(const CommandLine& args)
{
    args.allowOnly({ "out", "seed", "layout", "tie", "dtype", "vocab" });
    const std::filesystem::path out = args.required("out");
    const auto seed = static_cast<std::uint64_t>(args.integer("seed").value_or(0));
    const std::string layout = args.option("layout").value_or("flat");
    if (layout != "flat" && layout != "nested")
        throw UsageError("--layout expects flat or nested");
    const std::string dtype = args.option("dtype").value_or("f32");
    if (dtype != "f32" && dtype != "bf16")
        throw UsageError("--dtype expects f32 or bf16");
    const std::int64_t vocab = args.integer("vocab").value_or(512);
    if (vocab < 256 + kSpecialCount || vocab > 1'000'000)
        throw UsageError("--vocab must be between " + std::to_string(256 + kSpecialCount) + " and 1000000");
    const bool nested = layout == "nested";
    const bool tie = args.has("tie");

    const engine::ModelConfig config = tinyConfig(vocab, tie);
    const engine::DType storeAs = dtype == "bf16" ? engine::DType::BF16 : engine::DType::F32;
    NormalStream random(seed);
    engine::SafetensorsWriter writer;
    writer.setMetadata("format", "pt");
    for (const auto& [name, shape] : engine::checkpointTensorShapes(config)) {
        std::int64_t count = 1;
        for (const std::int64_t d : shape)
            count *= d;
        std::vector<float> values(static_cast<std::size_t>(count));
        const bool isNorm = name.find("norm") != std::string::npos || name.find("ln_q") != std::string::npos;
        const bool isBias = name.size() > 5 && name.compare(name.size() - 5, 5, ".bias") == 0;
        // Non-trivial scales so that a wrong norm, bias or rotation changes the outputs visibly.
        const double fanIn = shape.size() >= 2 ? double(count / shape[0]) : 1.0;
        const double scale = isBias                          ? 0.1
            : name.find("embed_tokens") != std::string::npos ? 1.0
                                                             : 1.0 / std::sqrt(fanIn);
        for (float& v : values)
            v = isNorm ? 0.5f + random.uniform() : static_cast<float>(random.next() * scale);
        writer.addFloat32(storedName(name, nested), shape, values.data(), storeAs);
    }

    std::filesystem::create_directories(out);
    writer.write((out / "model.safetensors").string());
    writeJson(out / "config.json", configJson(config, nested, dtype == "bf16" ? "bfloat16" : "float32"));
    writeJson(out / "generation_config.json",
        { { "bos_token_id", config.tokens.bos }, { "pad_token_id", config.tokens.pad },
            { "eos_token_id", { config.tokens.eos.front(), config.tokens.bos } }, { "do_sample", false },
            { "repetition_penalty", 1.05 }, { "transformers_version", "4.52.4" } });
    writeJson(out / "preprocessor_config.json",
        { { "do_convert_rgb", true }, { "do_normalize", true }, { "do_rescale", true }, { "do_resize", true },
            { "image_mean", { 0.48145466, 0.4578275, 0.40821073 } },
            { "image_std", { 0.26862954, 0.26130258, 0.27577711 } },
            { "image_processor_type", "Qwen2VLImageProcessor" }, { "processor_class", "Qwen2_5_VLProcessor" },
            { "resample", 3 }, { "rescale_factor", 1.0 / 255.0 }, { "patch_size", 2 }, { "temporal_patch_size", 2 },
            { "merge_size", 2 }, { "min_pixels", 64 }, { "max_pixels", 262144 } });
    writeJson(out / "tokenizer.json", tokenizerJson(vocab));
    std::printf("{\"out\": %s, \"vocab\": %lld, \"layout\": \"%s\", \"tie\": %s, \"dtype\": \"%s\"}\n",
        json(out.string()).dump().c_str(), static_cast<long long>(vocab), layout.c_str(), tie ? "true" : "false",
        dtype.c_str());
    return 0;
}

} // namespace vlmprobe::tools
