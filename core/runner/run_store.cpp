#include "run_store.h"

#include "judging/rule_judge.h"
#include "workspace/condition_repository.h"
#include "workspace/judgment_repository.h"
#include "workspace/run_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/transaction.h"
#include "workspace/workspace.h"
#include "workspace/workspace_error.h"

#include <QDateTime>

namespace vlmprobe {

RunStore::RunStore(Workspace& workspace)
    : m_workspace(workspace)
{
}

qint64 RunStore::store(const Run& run, bool withRuleJudgment)
{
    Run stored = run;
    stored.id = 0;
    if (!stored.finishedAt.isValid())
        stored.finishedAt = QDateTime::currentDateTimeUtc();

    Transaction transaction(m_workspace);
    const qint64 runId = m_workspace.runs().insert(stored);
    if (withRuleJudgment && stored.status == RunStatus::Done) {
        const JudgeOutcome outcome = ruleJudge(stored.thinkText, stored.parsedOption, optionsOf(stored.conditionId));
        Judgment judgment;
        judgment.runId = runId;
        judgment.judgeKind = JudgeKind::Rule;
        judgment.rater = ruleJudgeRater();
        judgment.verdict = outcome.verdict;
        judgment.concludedOption = outcome.concludedOption;
        judgment.parameters = QJsonObject { { QStringLiteral("evidence"), outcome.evidence } };
        m_workspace.judgments().insert(judgment);
    }
    transaction.commit();
    return runId;
}

QStringList RunStore::optionsOf(qint64 conditionId) const
{
    const std::optional<Condition> condition = m_workspace.conditions().get(conditionId);
    if (!condition)
        throw WorkspaceError(
            WorkspaceError::Reason::InvalidInput, QStringLiteral("no condition with id %1").arg(conditionId));
    if (!condition->options.isEmpty())
        return condition->options;
    const std::optional<Sample> sample = m_workspace.samples().get(condition->sampleId);
    if (!sample)
        throw WorkspaceError(
            WorkspaceError::Reason::InvalidInput, QStringLiteral("no sample with id %1").arg(condition->sampleId));
    return sample->options;
}

} // namespace vlmprobe
