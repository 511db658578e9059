#include "vlmprobe/engine/generation.h"

#include "vlmprobe/engine/checkpoint_config.h"

namespace vlmprobe::engine {

GenerationOptions GenerationOptions::fromConfig(const GenerationConfig& config)
{
    GenerationOptions options;
    options.sampling.greedy = !config.doSample;
    options.sampling.temperature = config.temperature;
    options.sampling.topK = config.topK;
    options.sampling.topP = config.topP;
    options.sampling.repetitionPenalty = config.repetitionPenalty;
    for (const std::int64_t id : config.eosTokenIds)
        options.eosTokenIds.push_back(static_cast<std::int32_t>(id));
    if (config.maxNewTokens)
        options.maxNewTokens = *config.maxNewTokens;
    return options;
}

const char* stopReasonName(StopReason reason)
{
    switch (reason) {
    case StopReason::Eos:
        return "eos";
    case StopReason::MaxTokens:
        return "max_tokens";
    case StopReason::Callback:
        return "callback";
    case StopReason::Cancelled:
        return "cancelled";
    }
    return "unknown";
}

std::vector<std::int32_t> GenerationResult::ids() const
{
    std::vector<std::int32_t> out;
    out.reserve(tokens.size());
    for (const TokenEvent& token : tokens)
        out.push_back(token.id);
    return out;
}

} // namespace vlmprobe::engine
