#include "metrics/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace vlmprobe {

int drawIndex(std::mt19937_64& rng, int n)
{
    if (n <= 0)
        throw std::invalid_argument("drawIndex: n must be positive");
    const quint64 range = static_cast<quint64>(n);
    // The largest multiple of n that fits: outputs at or above it would favour the low indices.
    const quint64 limit = std::numeric_limits<quint64>::max() - std::numeric_limits<quint64>::max() % range;
    quint64 value = rng();
    while (value >= limit)
        value = rng();
    return static_cast<int>(value % range);
}

double quantile(const QList<double>& sorted, double p)
{
    if (sorted.isEmpty())
        throw std::invalid_argument("quantile of an empty list");
    if (!(p >= 0.0 && p <= 1.0))
        throw std::invalid_argument("quantile: p must lie in [0, 1]");
    const double h = static_cast<double>(sorted.size() - 1) * p;
    const qsizetype lower = static_cast<qsizetype>(std::floor(h));
    if (lower + 1 >= sorted.size())
        return sorted.last();
    return sorted[lower] + (h - static_cast<double>(lower)) * (sorted[lower + 1] - sorted[lower]);
}

Estimate bootstrapEstimate(int unitCount, const WeightedStatistic& statistic, const BootstrapOptions& options)
{
    if (options.resamples < 1)
        throw std::invalid_argument("bootstrap: at least one resample is needed");
    if (!(options.level > 0.0 && options.level < 1.0))
        throw std::invalid_argument("bootstrap: the confidence level must lie in (0, 1)");
    if (unitCount <= 0)
        return {};
    const std::optional<double> value = statistic(std::vector<int>(static_cast<size_t>(unitCount), 1));
    if (!value)
        return {};

    std::mt19937_64 rng(options.seed);
    std::vector<int> weights(static_cast<size_t>(unitCount));
    QList<double> draws;
    draws.reserve(options.resamples);
    for (int r = 0; r < options.resamples; ++r) {
        std::fill(weights.begin(), weights.end(), 0);
        for (int i = 0; i < unitCount; ++i)
            ++weights[static_cast<size_t>(drawIndex(rng, unitCount))];
        if (const std::optional<double> drawn = statistic(weights))
            draws.append(*drawn);
    }
    Estimate estimate { *value, *value, *value, unitCount };
    if (!draws.isEmpty()) {
        std::sort(draws.begin(), draws.end());
        estimate.low = quantile(draws, (1.0 - options.level) / 2.0);
        estimate.high = quantile(draws, (1.0 + options.level) / 2.0);
    }
    return estimate;
}

Estimate bootstrapMean(const QList<double>& values, const BootstrapOptions& options)
{
    return bootstrapEstimate(
        static_cast<int>(values.size()),
        [&values](const std::vector<int>& weights) -> std::optional<double> {
            double sum = 0;
            double count = 0;
            for (size_t i = 0; i < weights.size(); ++i) {
                sum += weights[i] * values[static_cast<qsizetype>(i)];
                count += weights[i];
            }
            return count > 0 ? std::optional<double>(sum / count) : std::nullopt;
        },
        options);
}

Estimate pairedBootstrapDifference(const QList<double>& a, const QList<double>& b, const BootstrapOptions& options)
{
    if (a.size() != b.size())
        throw std::invalid_argument("paired bootstrap: both conditions need one value per shared sample");
    QList<double> differences;
    differences.reserve(a.size());
    for (qsizetype i = 0; i < a.size(); ++i)
        differences.append(a[i] - b[i]);
    return bootstrapMean(differences, options);
}

} // namespace vlmprobe
