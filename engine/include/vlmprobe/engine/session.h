#pragma once
// One run's state on a loaded Model: the token sequence, its M-RoPE positions and the static KV cache.
//
//   Session s(model);
//   s.append(promptIds, images);          // prefill (image-pad ids already expanded, see expandImageTokenIds)
//   Session variant = s.fork();           // prefix cache: the fork continues without recomputing the prefix
//   variant.append(suffixIds);
//   GenerationResult r = variant.generate(options, onToken, &stopFlag);
//
// Threads: a Session is used by one thread at a time; different sessions of one Model may run concurrently.
// Errors: InvalidInputError for ids outside the vocabulary or an image-token count that does not match the
// images; Cancelled when the stop flag interrupts append(); EngineError for device failures (out of memory). After
// an error the session keeps the tokens it had before the failing call.

#include "vlmprobe/engine/float_array.h"
#include "vlmprobe/engine/generation.h"
#include "vlmprobe/engine/model.h"
#include "vlmprobe/engine/rope_index.h"
#include "vlmprobe/engine/scoring.h"
#include "vlmprobe/engine/vision_input.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace vlmprobe::engine {

struct SessionOptions {
    std::int64_t capacity = 0; // KV rows to preallocate (0: sized at the first append, grown on demand)
    std::int64_t prefillChunk = 512; // tokens per prefill pass (bounds memory; the stop flag is polled between)
};

// What append() can return besides updating the session.
struct AppendOptions {
    bool allLogits = false; // logits of every appended position, not only the last
    bool hiddenStates = false; // transformers' output_hidden_states over the appended tokens (one chunk only)
};

struct AppendResult {
    FloatArray logits; // [rows, vocab]: every appended position, or only the last
    FloatArray hiddenStates; // [layers + 1, L, hidden] when requested
    FloatArray lastLayerPrenorm; // [L, hidden] when hidden states were requested
    double seconds = 0.0;
};

class Session {
public:
    explicit Session(std::shared_ptr<const Model> model, const SessionOptions& options = {});
    ~Session();
    Session(Session&&) noexcept;
    Session& operator=(Session&&) noexcept;

    // A deep copy of the state (tokens, positions, KV rows): continuing it never touches this session.
    Session fork() const;

    // Runs `ids` (image-pad ids expanded; `images` fill their runs in order) through the network after the current
    // tokens. Returns the requested logits; the logits predicting the next token are kept for generate()/scoring.
    AppendResult append(const std::vector<std::int32_t>& ids, const std::vector<VisionInput>& images = {},
        const AppendOptions& options = {}, const std::atomic<bool>* stop = nullptr);
    // Drops tokens after the first `length` (the logits for the new last position are recomputed).
    void truncate(std::int64_t length);

    // Generates after the current tokens. Requires at least one token. Generated tokens are appended.
    GenerationResult generate(
        const GenerationOptions& options, const TokenCallback& onToken = {}, const std::atomic<bool>* stop = nullptr);

    // Teacher-forced log-probabilities of `continuation` after the current tokens (which it then appends).
    std::vector<TokenScore> scoreContinuation(
        const std::vector<std::int32_t>& continuation, int topK = 0, const std::atomic<bool>* stop = nullptr);
    // The distribution over `letterIds` of the next token (after the current tokens).
    LetterDistribution letterDistribution(const std::vector<std::int32_t>& letterIds) const;

    const std::vector<float>& nextLogits() const; // [vocab] float32, raw; empty before the first append
    const std::vector<std::int32_t>& tokens() const;
    const RopePositions& positions() const; // of every token so far
    std::int64_t length() const;
    std::int64_t ropeDelta() const; // nextPosition - length: added to the cache index when decoding
    const Model& model() const;

private:
    struct Impl;
    explicit Session(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace vlmprobe::engine
