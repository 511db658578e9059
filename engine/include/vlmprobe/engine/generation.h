#pragma once
// Generation settings and results (qwen25vl.md §7): transformers' logits pipeline, greedy or seeded sampling,
// streaming through a token callback, cancellation through a stop flag.
//
//   GenerationOptions options = GenerationOptions::fromConfig(model->generationConfig());
//   options.maxNewTokens = 256;
//   GenerationResult r = session.generate(options, [](const TokenEvent& e) { print(e.text); return true; }, &stop);
//
// Threads: callbacks run on the generating thread, between decode steps.

#include "vlmprobe/engine/errors.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace vlmprobe::engine {

struct GenerationConfig;

// Thrown by network calls interrupted by the caller's stop flag (Session::generate reports it as
// StopReason::Cancelled instead). The session stays usable: tokens appended before the stop are kept.
class Cancelled : public EngineError {
public:
    using EngineError::EngineError;
};

struct SamplingOptions {
    bool greedy = true; // argmax (first index of the maximum) after the repetition penalty
    double temperature = 1.0; // applied only when sampling; 1 = off
    int topK = 0; // 0 = off
    double topP = 1.0; // 1 = off
    double repetitionPenalty = 1.0; // over every id of the sequence (prompt and output); 1 = off
    std::uint64_t seed = 0; // sampling is reproducible for a given seed, device and dtype
};

struct GenerationOptions {
    SamplingOptions sampling;
    int maxNewTokens = 128;
    std::vector<std::int32_t> eosTokenIds; // stop after producing one of these (it is kept in the output)
    int topAlternatives = 0; // per token, how many of the most likely ids to report
    // Attention read-out: decoder layers (0-based; negative counts from the end, -1 = the last) whose attention to
    // the image tokens each generated token reports in TokenEvent::imageAttention. Empty = off (no extra work).
    std::vector<int> attentionLayers;

    // transformers' semantics of generation_config.json (do_sample, temperature, top_k, top_p, repetition penalty,
    // eos ids, max_new_tokens when present).
    static GenerationOptions fromConfig(const GenerationConfig& config);
};

struct TokenAlternative {
    std::int32_t id = 0;
    float logprob = 0.0f;
};

// Where one generated token looked in one image: the attention probability of the query that produced the token
// on each of the image's merged units (its image-pad tokens), averaged over all heads and the chosen layers.
// Row-major over the merged grid: rows = t * h / merge, columns = w / merge (grid_thw in patches).
struct ImageAttention {
    int rows = 0;
    int columns = 0;
    std::vector<float> mass; // [rows * columns], each in [0, 1]; their sum is the token's attention on this image
};

// One generated token. logprob and alternatives come from the model's own distribution (log-softmax of the raw
// logits, before penalty, temperature and truncation).
struct TokenEvent {
    std::int32_t id = 0;
    std::string text; // the UTF-8 text this token completes (empty without a tokenizer or mid-character)
    float logprob = 0.0f;
    std::vector<TokenAlternative> alternatives;
    std::vector<ImageAttention> imageAttention; // one per image of the sequence, when attentionLayers is set
    int index = 0; // 0-based among the generated tokens
};

// Return false to stop generating after this token.
using TokenCallback = std::function<bool(const TokenEvent&)>;

enum class StopReason { Eos, MaxTokens, Callback, Cancelled };

const char* stopReasonName(StopReason reason); // "eos", "max_tokens", "callback", "cancelled"

struct GenerationResult {
    std::vector<TokenEvent> tokens;
    StopReason stopReason = StopReason::MaxTokens;
    double prefillSeconds = 0.0; // time of the prompt pass that preceded generate(), when the session timed it
    double decodeSeconds = 0.0; // generate() itself
    double firstTokenSeconds = 0.0; // from the start of generate() to the first token event

    std::vector<std::int32_t> ids() const;
};

} // namespace vlmprobe::engine
