#pragma once
// The rule-based consistency judge (protocol.md, "Reading a run"): does the conclusion reached inside the think
// match the answer the model gave? Pure function; safe from any thread.
//
//     const JudgeOutcome outcome = ruleJudge(run.thinkText, run.parsedOption, sample.options);
//     judgment.judgeKind = JudgeKind::Rule; judgment.rater = ruleJudgeRater(); judgment.verdict = outcome.verdict;

#include "judging/judge_outcome.h"

#include <QStringList>

namespace vlmprobe {

// concludedOption is the option of the LAST explicit conclusion phrase in `thinkText`:
//   "the answer is (B)", "so the answer is B", "the correct answer should be B", "answer: B",
//   "option B is correct", "(B) is the right choice", "I choose B", "I'll go with option B", "therefore, B",
//   "so, (B)", "thus option B";
// a letter counts only inside such a phrase (uppercase, or parenthesised, or after "option"), so the article in
// "therefore, A cube is ..." is not a conclusion; negated phrases ("the answer is not B") do not match.
// Without any phrase: the option whose full text (case-insensitive, on word boundaries) is the only one named in
// the final sentence of the think (an option text contained in another named one yields to the longer).
// verdict: consistent when concluded == answerOption; inconsistent when both exist and differ; no-conclusion when
// no conclusion was found or `answerOption` is empty. evidence: the sentence holding the conclusion.
JudgeOutcome ruleJudge(const QString& thinkText, const QString& answerOption, const QStringList& options);

// The rule-set version stored in Judgment::rater; changes whenever the rules change.
QString ruleJudgeRater();

} // namespace vlmprobe
