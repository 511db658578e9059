// vlmprobe-engine generate: prefill a prompt (chat-rendered text or an id list) and stream the continuation.

#include "model_inputs.h"
#include "subcommands.h"

#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/session.h"
#include "vlmprobe/engine/streaming_decoder.h"
#include "vlmprobe/engine/tokenizer.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <optional>

namespace vlmprobe::tools {

namespace {

engine::GenerationOptions generationOptions(const CommandLine& args, const engine::Model& model)
{
    engine::GenerationOptions options = engine::GenerationOptions::fromConfig(model.generationConfig());
    options.maxNewTokens = static_cast<int>(args.integer("max-new-tokens").value_or(128));
    if (options.maxNewTokens < 0)
        throw UsageError("--max-new-tokens must not be negative");
    const bool sampling = args.has("temperature") || args.has("top-p") || args.has("top-k") || args.has("seed");
    if (args.has("greedy") && sampling)
        throw UsageError("--greedy excludes --temperature, --top-p, --top-k and --seed");
    if (args.has("greedy")) {
        options.sampling.greedy = true;
    } else if (sampling) {
        options.sampling.greedy = false;
        options.sampling.temperature = args.number("temperature").value_or(1.0);
        options.sampling.topP = args.number("top-p").value_or(1.0);
        options.sampling.topK = static_cast<int>(args.integer("top-k").value_or(0));
        options.sampling.seed = static_cast<std::uint64_t>(args.integer("seed").value_or(0));
    }
    if (args.has("repetition-penalty"))
        options.sampling.repetitionPenalty = *args.number("repetition-penalty");
    options.topAlternatives = static_cast<int>(args.integer("top-logprobs").value_or(0));
    return options;
}

} // namespace

int runGenerate(const CommandLine& args)
{
    args.allowOnly(
        { "model", "image", "prompt", "ids-file", "system", "prefill", "max-new-tokens", "greedy", "temperature",
            "top-p", "top-k", "seed", "repetition-penalty", "top-logprobs", "device", "dtype", "threads", "json" });
    const std::string modelDir = args.required("model");
    if (args.has("prompt") == args.has("ids-file"))
        throw UsageError("give exactly one of --prompt and --ids-file");
    const bool json = args.has("json");
    const auto model = loadModel(args);
    const engine::GenerationOptions options = generationOptions(args, *model);
    const std::vector<engine::VisionInput> images = loadImages(modelDir, args.values("image"));

    std::optional<engine::Tokenizer> tokenizer;
    if (std::filesystem::exists(std::filesystem::path(modelDir) / "tokenizer.json"))
        tokenizer = engine::Tokenizer::load(modelDir);
    std::vector<std::int32_t> ids;
    if (args.has("prompt")) {
        if (!tokenizer)
            throw engine::LoadError("--prompt needs a tokenizer.json in " + modelDir + " (use --ids-file)");
        ids = promptIds(modelDir, *model, images, args.required("prompt"), args.option("system").value_or(""),
            args.option("prefill").value_or(""));
    } else {
        if (args.has("system") || args.has("prefill"))
            throw UsageError("--system and --prefill go with --prompt");
        ids = expandedIds(*model, readIdsFile(args.required("ids-file")), images);
    }

    engine::SessionOptions sessionOptions;
    sessionOptions.capacity = static_cast<std::int64_t>(ids.size()) + options.maxNewTokens + 1;
    engine::Session session(model, sessionOptions);
    const engine::AppendResult prefill = session.append(ids, images);

    std::optional<engine::StreamingDecoder> decoder;
    if (tokenizer)
        decoder.emplace(*tokenizer);
    nlohmann::json tokens = nlohmann::json::array();
    const engine::GenerationResult result = session.generate(options, [&](const engine::TokenEvent& event) {
        const std::string piece = decoder ? decoder->push(event.id) : std::to_string(event.id) + " ";
        if (json) {
            nlohmann::json token { { "id", event.id }, { "text", piece }, { "logprob", event.logprob } };
            if (!event.alternatives.empty()) {
                nlohmann::json top = nlohmann::json::array();
                for (const engine::TokenAlternative& alternative : event.alternatives)
                    top.push_back({ { "id", alternative.id }, { "logprob", alternative.logprob } });
                token["top"] = top;
            }
            tokens.push_back(token);
        } else {
            std::fputs(piece.c_str(), stdout);
            std::fflush(stdout);
        }
        return true;
    });
    const std::string tail = decoder ? decoder->finish() : std::string();
    if (json) {
        std::string text;
        for (const auto& token : tokens)
            text += token["text"].get<std::string>();
        const double decodeRate = result.tokens.size() > 1 && result.decodeSeconds > result.firstTokenSeconds
            ? double(result.tokens.size() - 1) / (result.decodeSeconds - result.firstTokenSeconds)
            : 0.0;
        const nlohmann::json summary {
            { "prompt_tokens", ids.size() },
            { "ids", result.ids() },
            { "text", text + tail },
            { "tokens", tokens },
            { "stop_reason", engine::stopReasonName(result.stopReason) },
            { "timings",
                { { "prefill_s", prefill.seconds }, { "first_token_s", prefill.seconds + result.firstTokenSeconds },
                    { "decode_s", result.decodeSeconds }, { "decode_tokens_per_s", decodeRate } } },
        };
        std::puts(summary.dump().c_str());
    } else {
        std::fputs(tail.c_str(), stdout);
        std::fputs("\n", stdout);
    }
    return result.stopReason == engine::StopReason::Cancelled ? 1 : 0;
}

} // namespace vlmprobe::tools
