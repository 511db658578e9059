#pragma once
// What a BatchRunner runs: one model over samples x condition kinds, with one set of decode and prompt settings.
// Jobs are enumerated sample-major (every kind of the first sample, then the next sample), which keeps the
// resolved conditions of one sample together and lets the engine reuse the prompt prefix of a sample's image.

#include "backends/decode_settings.h"
#include "probe/prompt_assembly.h"
#include "workspace/records.h"

#include <QList>

namespace vlmprobe {

struct BatchPlan {
    qint64 modelId = 0; // ModelEntry id; the backend must have this checkpoint loaded
    QList<qint64> sampleIds; // in run order
    QList<ConditionKind> kinds; // resolved per sample (ConditionResolver), in run order
    DecodeSettings decode;
    PromptSettings prompt;
    bool ruleJudge = true; // store a rule judgment with every Done run
};

} // namespace vlmprobe
