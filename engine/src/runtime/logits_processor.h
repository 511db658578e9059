#pragma once
// transformers' logits pipeline for one decoding step (qwen25vl.md §7), on the host in float32:
// repetition penalty over every id of the sequence, then (sampling only) temperature, top-k, top-p, and a draw
// from the softmax; greedy takes the first index of the maximum after the penalty.
//
// Ownership and threads: one per generate() call (it owns the random stream); not thread-safe.

#include "vlmprobe/engine/generation.h"

#include <cstdint>
#include <random>
#include <vector>

namespace vlmprobe::engine {

class LogitsProcessor {
public:
    explicit LogitsProcessor(const SamplingOptions& options);

    // Applies the penalty (and, when sampling, the warpers) in place; removed entries become -infinity.
    void process(std::vector<float>& scores, const std::vector<std::int32_t>& sequence) const;
    // Picks the next id from processed scores.
    std::int32_t choose(const std::vector<float>& scores);

    // The same steps, separately (for tests and for reporting penalised scores).
    static void applyRepetitionPenalty(
        std::vector<float>& scores, const std::vector<std::int32_t>& sequence, float penalty);
    static void applyTopK(std::vector<float>& scores, int k);
    static void applyTopP(std::vector<float>& scores, double topP);
    static std::int32_t argmax(const std::vector<float>& scores); // first index of the maximum

private:
    double uniform(); // [0, 1) from 53 random bits: reproducible across standard libraries

    SamplingOptions m_options;
    std::mt19937_64 m_random;
};

} // namespace vlmprobe::engine
