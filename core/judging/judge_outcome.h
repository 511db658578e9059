#pragma once
// What a consistency judge (rule or LLM) decided about one run; stored as a Judgment (workspace/records.h).

#include "workspace/records.h"

#include <QString>

namespace vlmprobe {

struct JudgeOutcome {
    Verdict verdict = Verdict::NoConclusion;
    QString concludedOption; // the letter the reasoning concludes; empty when none was found
    QString evidence; // the sentence or line the decision rests on

    friend bool operator==(const JudgeOutcome&, const JudgeOutcome&) = default;
};

} // namespace vlmprobe
