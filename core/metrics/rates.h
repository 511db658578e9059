#pragma once
// The protocol's per-condition rates (protocol.md, "Metrics") on plain lists, one entry per run or per sample.
// computeMetrics (metrics.h) applies the same definitions per model x condition with bootstrap intervals.
// Pure functions; safe from any thread. Bad arguments throw std::invalid_argument with a one-line message.

#include "workspace/records.h"

#include <QList>

#include <optional>

namespace vlmprobe {

// One run's correctness and effective verdict (none when unjudged).
struct ScoredRun {
    bool correct = false;
    std::optional<Verdict> verdict;
};

// One sample under Base and under condition c: the share of its runs that are correct in each (0 or 1 with one
// run per sample and condition).
struct PairedScore {
    double base = 0;
    double condition = 0;
};

// Acc = mean 1[correct]; nullopt for no runs.
std::optional<double> accuracy(const QList<bool>& correct);

// Drop = Acc_Base - Acc_c over the samples both have (`pairs`); nullopt for no pairs.
std::optional<double> drop(const QList<PairedScore>& pairs);

// Retention = P(correct under c | correct under Base) = sum(base * condition) / sum(base); nullopt when no sample
// is correct under Base.
std::optional<double> retention(const QList<PairedScore>& pairs);

// Cons = mean 1[consistent] over judged runs (no-conclusion counts as not consistent; unjudged runs are left out);
// nullopt when none is judged.
std::optional<double> consistency(const QList<ScoredRun>& runs);

// CAcc = mean 1[correct and consistent] over judged runs (the same denominator as Cons); nullopt when none judged.
std::optional<double> consistencyAdjustedAccuracy(const QList<ScoredRun>& runs);

// Shares of the judged runs in each quadrant; "inconsistent" means not consistent (inconsistent or no-conclusion),
// so the four shares sum to 1 when judged > 0 (all 0 otherwise).
struct QuadrantShares {
    double consistentCorrect = 0;
    double inconsistentCorrect = 0;
    double consistentIncorrect = 0;
    double inconsistentIncorrect = 0;
    int judged = 0;
};
QuadrantShares quadrantShares(const QList<ScoredRun>& runs);

// H = -sum p_k ln p_k in nats (0 ln 0 = 0) of a distribution over the option letters. `distribution` is
// renormalised to sum 1 first; throws when it is empty, has a negative or non-finite entry, or sums to 0.
double entropy(const QList<double>& distribution);

// H / ln |L| with |L| = distribution.size(), in [0, 1]; 0 for a single letter.
double normalizedEntropy(const QList<double>& distribution);

} // namespace vlmprobe
