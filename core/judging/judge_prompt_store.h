#pragma once
// The LLM-judge prompt template a workspace uses, kept in its info table under "llm_judge_prompt" so that a study
// carries the exact wording its judgments were made with (each Judgment also stores its filled prompt).
//
//     setJudgePromptTemplate(ws, edited);                 // throws JudgeError when a placeholder is missing
//     const QString templ = judgePromptTemplate(ws);      // defaultLlmJudgePrompt() while unset
//
// Thread: the workspace's thread. Errors: JudgeError (one line) for an invalid template, WorkspaceError from the
// workspace (e.g. a read-only file).

#include <QString>
#include <QStringList>

namespace vlmprobe {

class Workspace;

// The info key the template is stored under.
QString judgePromptInfoKey();

// The placeholders every template must contain: {question}, {options}, {think}, {answer}.
QStringList requiredJudgePlaceholders();

// The stored template, or defaultLlmJudgePrompt() when none is stored (or the stored one is empty).
QString judgePromptTemplate(const Workspace& workspace);

// Stores `templ` after checking that it contains every required placeholder; a template equal to the default is
// stored as well (so a later change of the default does not change this workspace's judge).
void setJudgePromptTemplate(Workspace& workspace, const QString& templ);

} // namespace vlmprobe
