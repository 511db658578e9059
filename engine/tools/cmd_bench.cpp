// vlmprobe-engine bench: time to first token for one image + text, decode speed at batch 1, and prefix reuse
// (one shared image + question prefix, 8 variant suffixes) against one full prefill. Random weights in memory
// (--config 3b|7b --random) need no download.

#include "subcommands.h"

#include "model_inputs.h"

#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/image_preprocessor.h"
#include "vlmprobe/engine/rope_index.h"
#include "vlmprobe/engine/session.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>

namespace vlmprobe::tools {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// The published Qwen2.5-VL-3B/7B-Instruct geometry (qwen25vl.md §1.2).
engine::ModelConfig realConfig(const std::string& name)
{
    engine::ModelConfig c;
    c.modelType = "qwen2_5_vl";
    const bool is7b = name == "7b";
    if (!is7b && name != "3b")
        throw UsageError("--config expects 3b or 7b");
    c.tieWordEmbeddings = !is7b;
    c.text.hiddenSize = is7b ? 3584 : 2048;
    c.text.intermediateSize = is7b ? 18944 : 11008;
    c.text.numHiddenLayers = is7b ? 28 : 36;
    c.text.numAttentionHeads = is7b ? 28 : 16;
    c.text.numKeyValueHeads = is7b ? 4 : 2;
    c.text.headDim = 128;
    c.text.vocabSize = is7b ? 152064 : 151936;
    c.text.rmsNormEps = 1e-6;
    c.text.ropeTheta = 1e6;
    c.text.mropeSection = { 16, 24, 24 };
    c.text.maxPositionEmbeddings = 128000;
    c.vision.depth = 32;
    c.vision.hiddenSize = 1280;
    c.vision.numHeads = 16;
    c.vision.intermediateSize = 3420;
    c.vision.patchSize = 14;
    c.vision.windowSize = 112;
    c.vision.fullattBlockIndexes = { 7, 15, 23, 31 };
    c.vision.outHiddenSize = c.text.hiddenSize;
    c.vision.tokensPerSecond = 2;
    c.tokens.eos = { 151645 };
    return c;
}

// A smooth synthetic RGB image (the content does not matter for timing).
engine::Image syntheticImage(int size)
{
    engine::Image image;
    image.width = size;
    image.height = size;
    image.channels = 3;
    image.pixels.resize(static_cast<std::size_t>(size) * size * 3);
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x) {
            const std::size_t at = (static_cast<std::size_t>(y) * size + x) * 3;
            image.pixels[at] = static_cast<std::uint8_t>((x * 255) / size);
            image.pixels[at + 1] = static_cast<std::uint8_t>((y * 255) / size);
            image.pixels[at + 2] = static_cast<std::uint8_t>(((x + y) * 127) / size);
        }
    }
    return image;
}

std::vector<std::int32_t> textIds(int count, int salt)
{
    std::vector<std::int32_t> ids;
    for (int i = 0; i < count; ++i)
        ids.push_back(static_cast<std::int32_t>(100 + (i * 37 + salt * 11) % 150));
    return ids;
}

} // namespace

int runBench(const CommandLine& args)
{
    args.allowOnly(
        { "model", "config", "random", "device", "dtype", "threads", "json", "image-size", "new-tokens", "variants" });
    if (args.has("model") == args.has("config"))
        throw UsageError("give --model DIR or --config 3b|7b --random");
    if (args.has("config") && !args.has("random"))
        throw UsageError("--config needs --random (weights are generated in memory)");
    const engine::LoadOptions loadOptions = tools::loadOptions(args);
    // Real geometry (patch 14): a 1000 px image as in perf.md. Tiny checkpoints (patch 2) see 49x more patches
    // per pixel, so they default to 64 px (256 image tokens).
    const int imageSize = static_cast<int>(args.integer("image-size").value_or(args.has("config") ? 1000 : 64));
    const int newTokens = static_cast<int>(args.integer("new-tokens").value_or(64));
    const int variants = static_cast<int>(args.integer("variants").value_or(8));
    if (imageSize < 16 || newTokens < 2 || variants < 1)
        throw UsageError("--image-size >= 16, --new-tokens >= 2 and --variants >= 1");

    auto start = Clock::now();
    std::shared_ptr<const engine::Model> model;
    engine::PreprocessorConfig preprocessorConfig;
    std::string source;
    if (args.has("model")) {
        source = args.required("model");
        model = engine::Model::load(source, loadOptions);
        preprocessorConfig = engine::loadPreprocessorConfig(source);
    } else {
        source = "random " + args.required("config");
        model = engine::Model::createRandom(realConfig(args.required("config")), loadOptions, 0);
        preprocessorConfig.minPixels = 3136;
        preprocessorConfig.maxPixels = 12845056;
    }
    const double loadSeconds = secondsSince(start);

    const engine::ImagePreprocessor preprocessor(preprocessorConfig);
    const engine::PreprocessedImages batch = preprocessor.run({ syntheticImage(imageSize) });
    engine::VisionInput image;
    image.grid = { batch.gridThw[0][0], batch.gridThw[0][1], batch.gridThw[0][2] };
    image.pixelValues = batch.pixelValues;
    const engine::ModelConfig& config = model->config();
    const auto imagePad = static_cast<std::int32_t>(config.tokens.imagePad);

    // Prefix: scaffold, the image, a question. Suffix: a variant (caption, prefill ...) and the assistant turn.
    std::vector<std::int32_t> prefix = textIds(14, 0);
    prefix.push_back(static_cast<std::int32_t>(config.tokens.visionStart));
    prefix.insert(prefix.end(),
        static_cast<std::size_t>(engine::mergedTokenCount(image.grid, config.vision.spatialMergeSize)), imagePad);
    prefix.push_back(static_cast<std::int32_t>(config.tokens.visionEnd));
    const std::vector<std::int32_t> question = textIds(40, 1);
    prefix.insert(prefix.end(), question.begin(), question.end());
    auto suffix = [](int variant) { return textIds(21, 2 + variant); };

    // Time to first token: image + prompt prefill, the first token chosen from its logits.
    std::vector<std::int32_t> full = prefix;
    const std::vector<std::int32_t> firstSuffix = suffix(0);
    full.insert(full.end(), firstSuffix.begin(), firstSuffix.end());
    engine::SessionOptions sessionOptions;
    sessionOptions.capacity = static_cast<std::int64_t>(full.size()) + newTokens + 1;

    // Warm-up on the same input (allocator, lazily loaded kernels, GEMM heuristics for these shapes), as the
    // transformers side of the comparison warms up too.
    {
        engine::Session warm(model, sessionOptions);
        warm.append(full, { image });
        engine::GenerationOptions options;
        options.maxNewTokens = 4;
        warm.generate(options);
    }
    engine::Session session(model, sessionOptions);
    start = Clock::now();
    session.append(full, { image });
    engine::GenerationOptions options;
    options.maxNewTokens = newTokens;
    const engine::GenerationResult generated = session.generate(options);
    const double firstToken = secondsSince(start) - generated.decodeSeconds + generated.firstTokenSeconds;
    const double decodeSeconds = generated.decodeSeconds - generated.firstTokenSeconds;
    const double decodeRate = double(generated.tokens.size() - 1) / decodeSeconds;

    // Where the time goes: the vision tower alone, a text-only prefill as long as the prompt, and decode steps
    // as bare network passes (append of one token: no sampler, no log-softmax over the vocabulary).
    start = Clock::now();
    model->encodeImages({ image });
    const double visionSeconds = secondsSince(start);
    engine::Session textOnly(model, sessionOptions);
    start = Clock::now();
    textOnly.append(textIds(static_cast<int>(full.size()), 5));
    const double textPrefillSeconds = secondsSince(start);
    start = Clock::now();
    for (int step = 0; step < 16; ++step)
        textOnly.append({ static_cast<std::int32_t>(100 + step) });
    const double forwardStepSeconds = secondsSince(start) / 16.0;

    // Prefix reuse: one prefix prefill, then each variant forks it and prefills only its suffix.
    start = Clock::now();
    engine::Session shared(model, sessionOptions);
    shared.append(prefix, { image });
    for (int v = 0; v < variants; ++v) {
        engine::Session variant = shared.fork();
        variant.append(suffix(v));
    }
    const double reuseSeconds = secondsSince(start);

    const nlohmann::json out {
        { "model", source },
        { "device", loadOptions.device == engine::Device::Cuda ? "cuda" : "cpu" },
        { "image_size", imageSize },
        { "image_tokens", engine::mergedTokenCount(image.grid, config.vision.spatialMergeSize) },
        { "prompt_tokens", full.size() },
        { "load_s", loadSeconds },
        { "time_to_first_token_s", firstToken },
        { "decode_tokens", generated.tokens.size() },
        { "decode_tokens_per_s", decodeRate },
        { "decode_ms_per_token", 1000.0 * decodeSeconds / double(generated.tokens.size() - 1) },
        { "variants", variants },
        { "prefix_reuse_s", reuseSeconds },
        { "prefix_reuse_over_one_prefill", reuseSeconds / firstToken },
        { "vision_tower_s", visionSeconds },
        { "text_prefill_s", textPrefillSeconds },
        { "forward_step_ms", 1000.0 * forwardStepSeconds },
    };
    if (args.has("json")) {
        std::puts(out.dump().c_str());
    } else {
        std::printf("model %s on %s, %d px image (%lld image tokens), %zu prompt tokens\n", source.c_str(),
            out["device"].get<std::string>().c_str(), imageSize,
            static_cast<long long>(out["image_tokens"].get<std::int64_t>()), full.size());
        std::printf("load                 %8.3f s\n", loadSeconds);
        std::printf("time to first token  %8.1f ms\n", 1000.0 * firstToken);
        std::printf("decode               %8.1f tok/s (%.2f ms/token over %zu tokens)\n", decodeRate,
            1000.0 * decodeSeconds / double(generated.tokens.size() - 1), generated.tokens.size());
        std::printf("prefix reuse         %8.1f ms for %d variants = %.2f x one prefill\n", 1000.0 * reuseSeconds,
            variants, reuseSeconds / firstToken);
    }
    return 0;
}

} // namespace vlmprobe::tools
