#pragma once
// The protocol metrics per model x condition (x dataset when split) with bootstrap intervals (protocol.md,
// "Metrics"); the definitions of each rate are those of rates.h, the intervals those of bootstrap.h.
//
//     const QList<ConditionMetrics> table = computeMetrics(loadRunOutcomes(workspace), { .bootstrapResamples = 2000 });
//
// Pure function of its arguments (deterministic for a seed); safe from any thread. Cost: O(groups x resamples x
// samples per group), so call it off the GUI thread for large workspaces.

#include "metrics/bootstrap.h"
#include "metrics/run_outcome.h"

#include <QList>
#include <QString>

#include <optional>

namespace vlmprobe {

struct ConditionMetrics {
    qint64 modelId = 0;
    QString modelName;
    QString seriesName;
    std::optional<qint64> trainingStep;
    QString condition;
    QString datasetName; // empty unless MetricsOptions::splitByDataset
    int n = 0; // runs

    // Intervals resample the group's samples (all runs of a drawn sample come along). n of each:
    Estimate accuracy; // runs
    Estimate drop; // Acc_Base - Acc_c over the samples with runs in both (paired bootstrap); n = shared samples
    Estimate retention; // P(correct under c | correct under Base) over shared samples; n = those correct under Base
    Estimate consistency; // over judged runs; n = judged runs
    Estimate consistencyAdjustedAccuracy; // over judged runs; n = judged runs
    // Shares among judged runs ("inconsistent" = not consistent); all 0 when none is judged.
    double consistentCorrect = 0;
    double inconsistentCorrect = 0;
    double consistentIncorrect = 0;
    double inconsistentIncorrect = 0;
    // Means over the runs that carry the value; nullopt when none does.
    std::optional<double> meanEntropy;
    std::optional<double> meanNormalizedEntropy;
    std::optional<double> meanPCorrect;
    std::optional<double> meanLetterMass;
    double formatFailureRate = 0;
    // How well Base's P(correct) (and -H under Base) predicts "still correct under c": items are the c runs of
    // samples whose Base runs are all correct and carry the score (the sample's mean over its Base runs); the
    // label is the c run's correctness. nullopt for Base itself or when one class is empty.
    std::optional<double> aurocPCorrect;
    std::optional<double> aurocNegEntropy;
};

struct MetricsOptions {
    int bootstrapResamples = 1000;
    quint64 seed = 0; // every interval uses this seed, so metrics of one call share their resamples
    bool splitByDataset = false;
    QString baseCondition = QStringLiteral("base"); // the RunOutcome::condition that drop, retention and AUROC use
};

// Per sample, several runs of one group (e.g. two Wrong-Think variants) count as that sample's share correct in
// drop and retention. Groups come out ordered by series, training step, model name and id, then the base
// condition first and the others by name, then dataset. A group without a Base group for its model (and dataset)
// has drop and retention with n = 0.
QList<ConditionMetrics> computeMetrics(const QList<RunOutcome>& outcomes, const MetricsOptions& options = {});

} // namespace vlmprobe
