#include "judging/judge_prompt_store.h"

#include "judging/judge_error.h"
#include "judging/llm_judge_prompt.h"
#include "workspace/workspace.h"

namespace vlmprobe {

QString judgePromptInfoKey()
{
    return QStringLiteral("llm_judge_prompt");
}

QStringList requiredJudgePlaceholders()
{
    return { QStringLiteral("{question}"), QStringLiteral("{options}"), QStringLiteral("{think}"),
        QStringLiteral("{answer}") };
}

QString judgePromptTemplate(const Workspace& workspace)
{
    const QString stored = workspace.info(judgePromptInfoKey());
    return stored.isEmpty() ? defaultLlmJudgePrompt() : stored;
}

void setJudgePromptTemplate(Workspace& workspace, const QString& templ)
{
    QStringList missing;
    for (const QString& placeholder : requiredJudgePlaceholders()) {
        if (!templ.contains(placeholder))
            missing << placeholder;
    }
    if (!missing.isEmpty())
        throw JudgeError(
            QStringLiteral("the judge prompt lacks the placeholder(s) %1").arg(missing.join(QStringLiteral(", "))));
    workspace.setInfo(judgePromptInfoKey(), templ);
}

} // namespace vlmprobe
