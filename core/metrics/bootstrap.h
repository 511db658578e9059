#pragma once
// Percentile bootstrap confidence intervals over resampling units (samples), seeded and reproducible across
// platforms: std::mt19937_64 seeded with `seed`, and unit indices drawn by rejection sampling on its raw 64-bit
// output (not std::uniform_int_distribution, whose algorithm differs between standard libraries).
//
//     // accuracy over samples: unit i = sample i, weights[i] = how often the resample drew it
//     const Estimate acc = bootstrapEstimate(n, [&](const std::vector<int>& w) { ... }, {});
//
// Pure functions; safe from any thread. Bad arguments throw std::invalid_argument with a one-line message.

#include <QList>
#include <QtGlobal>

#include <functional>
#include <optional>
#include <random>
#include <vector>

namespace vlmprobe {

// A point estimate with its bootstrap interval. n counts the observations behind `value` (runs, pairs, judged
// runs: each metric says which); n == 0 means undefined (no data), with value, low and high all 0.
struct Estimate {
    double value = 0;
    double low = 0;
    double high = 0;
    int n = 0;

    friend bool operator==(const Estimate&, const Estimate&) = default;
};

struct BootstrapOptions {
    int resamples = 1000; // >= 1
    quint64 seed = 0;
    double level = 0.95; // central interval, in (0, 1)
};

// The statistic evaluated on a resample in which unit i was drawn weights[i] times (all ones = the data itself);
// nullopt when it is undefined on that resample (e.g. no judged run drawn), which is then left out.
using WeightedStatistic = std::function<std::optional<double>(const std::vector<int>& weights)>;

// value = statistic(all ones); [low, high] = the (1 - level)/2 and (1 + level)/2 quantiles (quantile() below) of
// the statistic over `resamples` resamples of unitCount units drawn with replacement. n = unitCount.
// Undefined on the data (or unitCount == 0): n = 0. No defined resample: low = high = value.
Estimate bootstrapEstimate(int unitCount, const WeightedStatistic& statistic, const BootstrapOptions& options);

// The mean of `values` (one per unit) with its interval.
Estimate bootstrapMean(const QList<double>& values, const BootstrapOptions& options);

// Paired bootstrap of mean(a) - mean(b) where a[i] and b[i] belong to the same unit (sample): both are resampled
// with the same draws. Throws when the sizes differ.
Estimate pairedBootstrapDifference(const QList<double>& a, const QList<double>& b, const BootstrapOptions& options);

// The p-quantile of ascending `sorted` by linear interpolation between order statistics (R's type 7, numpy's
// default): h = (size - 1) p, q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]). Throws when empty.
double quantile(const QList<double>& sorted, double p);

// A uniform index in [0, n) from `rng`'s raw output, by rejection (unbiased; identical on every platform).
int drawIndex(std::mt19937_64& rng, int n);

} // namespace vlmprobe
