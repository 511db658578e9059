#pragma once
// The LLM consistency judge's prompt and the reading of its reply (protocol.md, "Reading a run"). The prompt is a
// template stored with each Judgment, so researchers can edit it; these functions only fill and parse.
//
//     const QString prompt = fillLlmJudgePrompt(defaultLlmJudgePrompt(), sample.question, sample.options,
//                                               run.thinkText, run.parsedOption);
//     const JudgeOutcome outcome = parseLlmJudgeOutput(judgeReply, sample.options.size());
//
// Pure functions; safe from any thread.

#include "judging/judge_outcome.h"

#include <QStringList>

namespace vlmprobe {

// A template with the placeholders {question}, {options}, {think} and {answer}, asking the judge to end with the
// line "VERDICT: consistent|inconsistent|no-conclusion; CONCLUDED: <letter|none>".
QString defaultLlmJudgePrompt();

// Replaces each placeholder of `templ` in one pass (text substituted for one placeholder is never scanned for
// another, so a question that contains "{think}" stays as written). Options are rendered one per line as
// "A. text"; an empty `answer` is rendered "none". Unknown "{...}" sequences are left as they are.
QString fillLlmJudgePrompt(const QString& templ, const QString& question, const QStringList& options,
    const QString& think, const QString& answer);

// Reads the judge's reply tolerantly: a <think>...</think> block is ignored, the LAST "VERDICT: x" wins (case,
// Markdown emphasis, '=' for ':' and "no conclusion"/"no_conclusion" are accepted), and "CONCLUDED: x" gives the
// letter when it names one of `optionCount` options (else none). evidence is the verdict's line. A reply without
// a verdict gives NoConclusion with evidence "unparseable".
JudgeOutcome parseLlmJudgeOutput(const QString& output, int optionCount);

} // namespace vlmprobe
