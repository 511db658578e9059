#include "logits_processor.h"

#include "vlmprobe/engine/errors.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace vlmprobe::engine {

namespace {

constexpr float kRemoved = -std::numeric_limits<float>::infinity();

} // namespace

LogitsProcessor::LogitsProcessor(const SamplingOptions& options)
    : m_options(options)
    , m_random(options.seed)
{
    if (!(options.repetitionPenalty > 0.0))
        throw InvalidInputError("repetition penalty must be positive");
    if (!options.greedy) {
        if (!(options.temperature > 0.0))
            throw InvalidInputError("temperature must be positive when sampling");
        if (options.topK < 0)
            throw InvalidInputError("top-k must not be negative");
        if (!(options.topP > 0.0 && options.topP <= 1.0))
            throw InvalidInputError("top-p must be in (0, 1]");
    }
}

void LogitsProcessor::applyRepetitionPenalty(
    std::vector<float>& scores, const std::vector<std::int32_t>& sequence, float penalty)
{
    if (penalty == 1.0f)
        return;
    std::vector<bool> seen(scores.size(), false);
    for (const std::int32_t id : sequence) {
        if (id < 0 || static_cast<std::size_t>(id) >= scores.size() || seen[static_cast<std::size_t>(id)])
            continue;
        seen[static_cast<std::size_t>(id)] = true;
        float& s = scores[static_cast<std::size_t>(id)];
        s = s < 0.0f ? s * penalty : s / penalty;
    }
}

void LogitsProcessor::applyTopK(std::vector<float>& scores, int k)
{
    if (k <= 0 || static_cast<std::size_t>(k) >= scores.size())
        return;
    std::vector<float> sorted = scores;
    std::nth_element(sorted.begin(), sorted.begin() + (k - 1), sorted.end(), std::greater<float>());
    const float threshold = sorted[static_cast<std::size_t>(k - 1)];
    for (float& s : scores) {
        if (s < threshold) // ties with the k-th value are kept, as transformers does
            s = kRemoved;
    }
}

void LogitsProcessor::applyTopP(std::vector<float>& scores, double topP)
{
    if (topP >= 1.0)
        return;
    // Ascending order (ties by index, as a stable sort); drop the low tail whose cumulative probability is at most
    // 1 - top_p, always keeping the best token.
    std::vector<std::size_t> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
    const float best = scores[order.back()];
    double total = 0.0;
    std::vector<double> probs(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        probs[i] = std::exp(double(scores[order[i]]) - double(best));
        total += probs[i];
    }
    double cumulative = 0.0;
    for (std::size_t i = 0; i + 1 < order.size(); ++i) {
        cumulative += probs[i] / total;
        if (cumulative <= 1.0 - topP)
            scores[order[i]] = kRemoved;
    }
}

std::int32_t LogitsProcessor::argmax(const std::vector<float>& scores)
{
    if (scores.empty())
        throw InvalidInputError("no logits to choose from");
    std::size_t best = 0;
    for (std::size_t i = 1; i < scores.size(); ++i) {
        if (scores[i] > scores[best] || (std::isnan(scores[best]) && !std::isnan(scores[i])))
            best = i;
    }
    return static_cast<std::int32_t>(best);
}

void LogitsProcessor::process(std::vector<float>& scores, const std::vector<std::int32_t>& sequence) const
{
    applyRepetitionPenalty(scores, sequence, static_cast<float>(m_options.repetitionPenalty));
    if (m_options.greedy)
        return;
    if (m_options.temperature != 1.0) {
        const auto temperature = static_cast<float>(m_options.temperature);
        for (float& s : scores)
            s /= temperature;
    }
    applyTopK(scores, m_options.topK);
    applyTopP(scores, m_options.topP);
}

double LogitsProcessor::uniform()
{
    return double(m_random() >> 11) * 0x1.0p-53;
}

std::int32_t LogitsProcessor::choose(const std::vector<float>& scores)
{
    const std::int32_t best = argmax(scores);
    if (m_options.greedy)
        return best;
    const double top = scores[static_cast<std::size_t>(best)];
    std::vector<double> weights(scores.size());
    double total = 0.0;
    for (std::size_t i = 0; i < scores.size(); ++i) {
        weights[i] = std::isinf(scores[i]) ? 0.0 : std::exp(double(scores[i]) - top);
        total += weights[i];
    }
    double target = uniform() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (weights[i] <= 0.0)
            continue;
        target -= weights[i];
        if (target < 0.0)
            return static_cast<std::int32_t>(i);
    }
    return best;
}

} // namespace vlmprobe::engine
