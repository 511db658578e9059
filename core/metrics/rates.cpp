#include "metrics/rates.h"

#include <cmath>
#include <stdexcept>

namespace vlmprobe {

std::optional<double> accuracy(const QList<bool>& correct)
{
    if (correct.isEmpty())
        return std::nullopt;
    qsizetype hits = 0;
    for (const bool c : correct)
        hits += c ? 1 : 0;
    return static_cast<double>(hits) / static_cast<double>(correct.size());
}

std::optional<double> drop(const QList<PairedScore>& pairs)
{
    if (pairs.isEmpty())
        return std::nullopt;
    double sum = 0;
    for (const PairedScore& pair : pairs)
        sum += pair.base - pair.condition;
    return sum / static_cast<double>(pairs.size());
}

std::optional<double> retention(const QList<PairedScore>& pairs)
{
    double kept = 0;
    double base = 0;
    for (const PairedScore& pair : pairs) {
        kept += pair.base * pair.condition;
        base += pair.base;
    }
    if (base <= 0)
        return std::nullopt;
    return kept / base;
}

std::optional<double> consistency(const QList<ScoredRun>& runs)
{
    const QuadrantShares shares = quadrantShares(runs);
    if (shares.judged == 0)
        return std::nullopt;
    return shares.consistentCorrect + shares.consistentIncorrect;
}

std::optional<double> consistencyAdjustedAccuracy(const QList<ScoredRun>& runs)
{
    const QuadrantShares shares = quadrantShares(runs);
    if (shares.judged == 0)
        return std::nullopt;
    return shares.consistentCorrect;
}

QuadrantShares quadrantShares(const QList<ScoredRun>& runs)
{
    int counts[2][2] = { { 0, 0 }, { 0, 0 } }; // [consistent][correct]
    QuadrantShares shares;
    for (const ScoredRun& run : runs) {
        if (!run.verdict)
            continue;
        ++counts[*run.verdict == Verdict::Consistent ? 1 : 0][run.correct ? 1 : 0];
        ++shares.judged;
    }
    if (shares.judged == 0)
        return shares;
    const double n = shares.judged;
    shares.consistentCorrect = counts[1][1] / n;
    shares.inconsistentCorrect = counts[0][1] / n;
    shares.consistentIncorrect = counts[1][0] / n;
    shares.inconsistentIncorrect = counts[0][0] / n;
    return shares;
}

double entropy(const QList<double>& distribution)
{
    if (distribution.isEmpty())
        throw std::invalid_argument("entropy of an empty distribution");
    double total = 0;
    for (const double p : distribution) {
        if (!std::isfinite(p) || p < 0)
            throw std::invalid_argument("entropy: probabilities must be finite and non-negative");
        total += p;
    }
    if (total <= 0)
        throw std::invalid_argument("entropy: the probabilities sum to 0");
    double h = 0;
    for (const double p : distribution) {
        const double q = p / total;
        if (q > 0)
            h -= q * std::log(q);
    }
    return h;
}

double normalizedEntropy(const QList<double>& distribution)
{
    const double h = entropy(distribution);
    if (distribution.size() < 2)
        return 0;
    return h / std::log(static_cast<double>(distribution.size()));
}

} // namespace vlmprobe
