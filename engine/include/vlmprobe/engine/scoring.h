#pragma once
// Results of teacher-forced scoring (protocol.md): per-token log-probabilities of a given continuation, and the
// answer-letter distribution at one position.

#include <cstdint>
#include <vector>

namespace vlmprobe::engine {

struct TokenScore {
    std::int32_t id = 0;
    float logprob = 0.0f; // log p(id | everything before it), natural log
    int rank = 0; // 0 = the most likely token at that position
    std::vector<std::pair<std::int32_t, float>> top; // the most likely ids and their logprobs, best first
};

// The next-token distribution restricted to the option-letter tokens: p_k = exp(z_k) / sum_j exp(z_j) over the
// letters' logits z, plus the raw mass sum_k softmax(z)_k over the whole vocabulary.
struct LetterDistribution {
    std::vector<std::int32_t> letterIds;
    std::vector<double> probabilities; // same order as letterIds, sums to 1
    double rawMass = 0.0; // total full-vocabulary probability of the letters
    double entropy = 0.0; // -sum p ln p, nats
    double normalizedEntropy = 0.0; // entropy / ln(letters); 0 for a single letter
    int argmax = 0; // index into letterIds of the most likely letter (first on ties)
};

} // namespace vlmprobe::engine
