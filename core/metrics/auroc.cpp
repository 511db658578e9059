#include "metrics/auroc.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace vlmprobe {

std::optional<double> auroc(const QList<double>& scores, const QList<bool>& positive)
{
    if (scores.size() != positive.size())
        throw std::invalid_argument("auroc: one label per score is needed");
    for (const double s : scores) {
        if (std::isnan(s))
            throw std::invalid_argument("auroc: a score is NaN");
    }
    const qsizetype n = scores.size();
    const qsizetype positives = std::count(positive.begin(), positive.end(), true);
    const qsizetype negatives = n - positives;
    if (positives == 0 || negatives == 0)
        return std::nullopt;

    // Rank-sum form of U (O(n log n)): tied scores share the mean of their ranks, which counts each tied
    // positive-negative pair as 1/2.
    std::vector<qsizetype> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&scores](qsizetype a, qsizetype b) { return scores[a] < scores[b]; });
    double positiveRankSum = 0;
    for (qsizetype i = 0; i < n;) {
        qsizetype j = i;
        while (j + 1 < n && scores[order[static_cast<size_t>(j + 1)]] == scores[order[static_cast<size_t>(i)]])
            ++j;
        const double meanRank = (static_cast<double>(i + 1) + static_cast<double>(j + 1)) / 2.0;
        for (qsizetype k = i; k <= j; ++k) {
            if (positive[order[static_cast<size_t>(k)]])
                positiveRankSum += meanRank;
        }
        i = j + 1;
    }
    const double p = static_cast<double>(positives);
    const double u = positiveRankSum - p * (p + 1) / 2.0;
    return u / (p * static_cast<double>(negatives));
}

} // namespace vlmprobe
