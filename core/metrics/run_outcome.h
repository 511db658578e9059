#pragma once
// One finished run as the metrics see it (loaded by workspace/run_outcome_query.h, or built by hand in tests).

#include "workspace/records.h"

#include <QString>
#include <QtGlobal>

#include <optional>

namespace vlmprobe {

struct RunOutcome {
    qint64 sampleId = 0;
    qint64 modelId = 0;
    QString modelName;
    QString seriesName;
    std::optional<qint64> trainingStep;
    QString condition; // condition key: the kebab-case kind name ("base", "wrong-caption", ...)
    qint64 datasetId = 0;
    QString datasetName;
    bool correct = false; // a format failure is incorrect
    bool formatFailure = false;
    std::optional<Verdict> verdict; // the effective verdict (human > llm > rule); none when unjudged
    std::optional<double> entropy; // nats, over the option letters
    std::optional<double> normalizedEntropy; // entropy / ln(option count), in [0, 1]
    std::optional<double> pCorrect; // renormalised probability of the gold letter
    std::optional<double> letterMass; // raw softmax mass of the option letters

    friend bool operator==(const RunOutcome&, const RunOutcome&) = default;
};

} // namespace vlmprobe
