#include "metrics/metrics.h"

#include "metrics/auroc.h"
#include "metrics/rates.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

namespace vlmprobe {

namespace {

using GroupKey = std::tuple<qint64, QString, QString>; // model id, condition, dataset ("" unless split)

// What one sample contributes to a group: counts of its runs, and sums of its scores.
struct SampleTally {
    double runs = 0;
    double correct = 0;
    double judged = 0;
    double consistent = 0;
    double consistentCorrect = 0;
    double pCorrectSum = 0;
    double pCorrectCount = 0;
    double entropySum = 0;
    double entropyCount = 0;
};

using Tallies = std::map<qint64, SampleTally>; // by sample id

Tallies tally(const QList<const RunOutcome*>& runs)
{
    Tallies tallies;
    for (const RunOutcome* run : runs) {
        SampleTally& t = tallies[run->sampleId];
        t.runs += 1;
        t.correct += run->correct ? 1 : 0;
        if (run->verdict) {
            const bool consistent = *run->verdict == Verdict::Consistent;
            t.judged += 1;
            t.consistent += consistent ? 1 : 0;
            t.consistentCorrect += consistent && run->correct ? 1 : 0;
        }
        if (run->pCorrect) {
            t.pCorrectSum += *run->pCorrect;
            t.pCorrectCount += 1;
        }
        if (run->entropy) {
            t.entropySum += *run->entropy;
            t.entropyCount += 1;
        }
    }
    return tallies;
}

// sum(w num) / sum(w den) with its interval; n = the observations behind it.
Estimate ratioEstimate(
    const std::vector<double>& num, const std::vector<double>& den, int n, const BootstrapOptions& options)
{
    Estimate estimate = bootstrapEstimate(
        static_cast<int>(num.size()),
        [&num, &den](const std::vector<int>& weights) -> std::optional<double> {
            double top = 0;
            double bottom = 0;
            for (size_t i = 0; i < weights.size(); ++i) {
                top += weights[i] * num[i];
                bottom += weights[i] * den[i];
            }
            return bottom > 0 ? std::optional<double>(top / bottom) : std::nullopt;
        },
        options);
    if (estimate.n > 0)
        estimate.n = n;
    return estimate;
}

std::optional<double> meanOf(const QList<const RunOutcome*>& runs, std::optional<double> RunOutcome::*field)
{
    double sum = 0;
    int count = 0;
    for (const RunOutcome* run : runs) {
        if (const std::optional<double>& value = run->*field) {
            sum += *value;
            ++count;
        }
    }
    return count > 0 ? std::optional<double>(sum / count) : std::nullopt;
}

void fillPaired(
    ConditionMetrics& metrics, const Tallies& base, const Tallies& condition, const BootstrapOptions& options)
{
    QList<double> baseScores;
    QList<double> conditionScores;
    std::vector<double> kept;
    std::vector<double> baseCorrect;
    int correctUnderBase = 0;
    for (const auto& [sampleId, t] : condition) {
        const auto b = base.find(sampleId);
        if (b == base.end())
            continue;
        const double baseShare = b->second.correct / b->second.runs;
        const double share = t.correct / t.runs;
        baseScores.append(baseShare);
        conditionScores.append(share);
        kept.push_back(baseShare * share);
        baseCorrect.push_back(baseShare);
        correctUnderBase += baseShare > 0 ? 1 : 0;
    }
    metrics.drop = pairedBootstrapDifference(baseScores, conditionScores, options);
    metrics.retention = ratioEstimate(kept, baseCorrect, correctUnderBase, options);
}

void fillAuroc(ConditionMetrics& metrics, const Tallies& base, const QList<const RunOutcome*>& runs)
{
    QList<double> pScores;
    QList<bool> pLabels;
    QList<double> hScores;
    QList<bool> hLabels;
    for (const RunOutcome* run : runs) {
        const auto b = base.find(run->sampleId);
        if (b == base.end() || b->second.correct < b->second.runs)
            continue; // only samples correct under Base can stay correct
        if (b->second.pCorrectCount > 0) {
            pScores.append(b->second.pCorrectSum / b->second.pCorrectCount);
            pLabels.append(run->correct);
        }
        if (b->second.entropyCount > 0) {
            hScores.append(-b->second.entropySum / b->second.entropyCount);
            hLabels.append(run->correct);
        }
    }
    metrics.aurocPCorrect = auroc(pScores, pLabels);
    metrics.aurocNegEntropy = auroc(hScores, hLabels);
}

} // namespace

QList<ConditionMetrics> computeMetrics(const QList<RunOutcome>& outcomes, const MetricsOptions& options)
{
    const BootstrapOptions bootstrap { options.bootstrapResamples, options.seed, 0.95 };
    std::map<GroupKey, QList<const RunOutcome*>> groups;
    for (const RunOutcome& outcome : outcomes) {
        groups[{ outcome.modelId, outcome.condition, options.splitByDataset ? outcome.datasetName : QString() }].append(
            &outcome);
    }
    std::map<GroupKey, Tallies> tallies;
    for (const auto& [key, runs] : groups)
        tallies[key] = tally(runs);

    QList<ConditionMetrics> table;
    for (const auto& [key, runs] : groups) {
        const auto& [modelId, condition, dataset] = key;
        const RunOutcome& first = *runs.first();
        const Tallies& own = tallies.at(key);
        ConditionMetrics m;
        m.modelId = modelId;
        m.modelName = first.modelName;
        m.seriesName = first.seriesName;
        m.trainingStep = first.trainingStep;
        m.condition = condition;
        m.datasetName = dataset;
        m.n = static_cast<int>(runs.size());

        std::vector<double> correct;
        std::vector<double> runCount;
        std::vector<double> consistent;
        std::vector<double> consistentCorrect;
        std::vector<double> judged;
        QList<ScoredRun> scored;
        int judgedRuns = 0;
        for (const auto& [sampleId, t] : own) {
            correct.push_back(t.correct);
            runCount.push_back(t.runs);
            consistent.push_back(t.consistent);
            consistentCorrect.push_back(t.consistentCorrect);
            judged.push_back(t.judged);
            judgedRuns += static_cast<int>(t.judged);
        }
        for (const RunOutcome* run : runs)
            scored.append({ run->correct, run->verdict });
        m.accuracy = ratioEstimate(correct, runCount, m.n, bootstrap);
        m.consistency = ratioEstimate(consistent, judged, judgedRuns, bootstrap);
        m.consistencyAdjustedAccuracy = ratioEstimate(consistentCorrect, judged, judgedRuns, bootstrap);
        const QuadrantShares shares = quadrantShares(scored);
        m.consistentCorrect = shares.consistentCorrect;
        m.inconsistentCorrect = shares.inconsistentCorrect;
        m.consistentIncorrect = shares.consistentIncorrect;
        m.inconsistentIncorrect = shares.inconsistentIncorrect;

        m.meanEntropy = meanOf(runs, &RunOutcome::entropy);
        m.meanNormalizedEntropy = meanOf(runs, &RunOutcome::normalizedEntropy);
        m.meanPCorrect = meanOf(runs, &RunOutcome::pCorrect);
        m.meanLetterMass = meanOf(runs, &RunOutcome::letterMass);
        int failures = 0;
        for (const RunOutcome* run : runs)
            failures += run->formatFailure ? 1 : 0;
        m.formatFailureRate = static_cast<double>(failures) / m.n;

        const auto base = tallies.find({ modelId, options.baseCondition, dataset });
        if (base != tallies.end()) {
            fillPaired(m, base->second, own, bootstrap);
            if (condition != options.baseCondition)
                fillAuroc(m, base->second, runs);
        }
        table.append(m);
    }

    const QString baseName = options.baseCondition;
    std::stable_sort(table.begin(), table.end(), [&baseName](const ConditionMetrics& a, const ConditionMetrics& b) {
        const auto rank = [&baseName](const ConditionMetrics& m) {
            return std::make_tuple(m.seriesName, m.trainingStep.has_value(), m.trainingStep.value_or(0), m.modelName,
                m.modelId, m.condition != baseName, m.condition, m.datasetName);
        };
        return rank(a) < rank(b);
    });
    return table;
}

} // namespace vlmprobe
