#include "judging/llm_judge.h"

#include "backends/local_backend.h"
#include "backends/run_job.h"
#include "judging/judge_error.h"
#include "judging/judge_prompt_store.h"
#include "judging/llm_judge_prompt.h"
#include "workspace/condition_repository.h"
#include "workspace/judgment_repository.h"
#include "workspace/run_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace.h"
#include "workspace/workspace_error.h"

#include <QMetaObject>

#include <atomic>
#include <exception>

namespace vlmprobe {

namespace {

constexpr int kJudgeMaxNewTokens = 256;

// Far above the small per-view counters other users of a shared backend start from.
qint64 nextRequestId()
{
    static std::atomic<qint64> counter { qint64(1) << 40 };
    return counter.fetch_add(1);
}

DecodeSettings defaultJudgeDecode()
{
    DecodeSettings decode;
    decode.greedy = true;
    decode.maxNewTokens = kJudgeMaxNewTokens;
    return decode;
}

} // namespace

LlmJudge::LlmJudge(Workspace& workspace, LocalBackend& backend, QString raterName, QObject* parent)
    : QObject(parent)
    , m_workspace(workspace)
    , m_backend(backend)
    , m_rater(std::move(raterName))
    , m_decode(defaultJudgeDecode())
{
    connect(&m_backend, &LocalBackend::completionFinished, this, &LlmJudge::onCompletionFinished);
    connect(&m_backend, &LocalBackend::completionFailed, this, &LlmJudge::onCompletionFailed);
}

LlmJudge::~LlmJudge()
{
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it)
        m_backend.cancel(it.key());
}

LlmJudge::Pending LlmJudge::prepare(qint64 runId, const QString& templ) const
{
    const std::optional<Run> run = m_workspace.runs().get(runId);
    if (!run)
        throw JudgeError(QStringLiteral("no run with id %1").arg(runId));
    if (run->status != RunStatus::Done)
        throw JudgeError(QStringLiteral("run %1 is %2, not done").arg(runId).arg(runStatusName(run->status)));
    const std::optional<Condition> condition = m_workspace.conditions().get(run->conditionId);
    if (!condition)
        throw JudgeError(QStringLiteral("run %1 has no condition").arg(runId));
    const std::optional<Sample> sample = m_workspace.samples().get(condition->sampleId);
    if (!sample)
        throw JudgeError(QStringLiteral("run %1 has no sample").arg(runId));
    const QStringList options = condition->options.isEmpty() ? sample->options : condition->options;
    Pending pending;
    pending.runId = runId;
    pending.prompt = fillLlmJudgePrompt(templ, sample->question, options, run->thinkText, run->parsedOption);
    pending.optionCount = static_cast<int>(options.size());
    pending.decode = m_decode;
    return pending;
}

void LlmJudge::judge(const QList<qint64>& runIds)
{
    QString templ;
    try {
        templ = judgePromptTemplate(m_workspace);
    } catch (const WorkspaceError& error) {
        for (const qint64 runId : runIds)
            reportLater(runId, error.message());
        return;
    }
    for (const qint64 runId : runIds) {
        try {
            const Pending pending = prepare(runId, templ);
            CompletionJob job;
            job.requestId = nextRequestId();
            job.userText = pending.prompt;
            job.decode = pending.decode;
            m_pending.insert(job.requestId, pending);
            m_backend.submitCompletion(job);
        } catch (const std::exception& error) {
            reportLater(runId, QString::fromUtf8(error.what()));
        }
    }
}

void LlmJudge::cancel()
{
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it)
        m_backend.cancel(it.key());
}

void LlmJudge::reportLater(qint64 runId, const QString& error)
{
    ++m_queuedReports;
    QMetaObject::invokeMethod(
        this,
        [this, runId, error] {
            --m_queuedReports;
            Q_EMIT failed(runId, error);
            finishIfDone();
        },
        Qt::QueuedConnection);
}

void LlmJudge::onCompletionFinished(qint64 requestId, const QString& text)
{
    const auto it = m_pending.constFind(requestId);
    if (it == m_pending.cend())
        return; // another user's request
    const Pending pending = *it;
    m_pending.erase(it);
    const JudgeOutcome outcome = parseLlmJudgeOutput(text, pending.optionCount);
    Judgment judgment;
    judgment.runId = pending.runId;
    judgment.judgeKind = JudgeKind::Llm;
    judgment.rater = m_rater;
    judgment.verdict = outcome.verdict;
    judgment.concludedOption = outcome.concludedOption;
    judgment.rawOutput = text;
    judgment.prompt = pending.prompt;
    judgment.parameters = pending.decode.toJson();
    judgment.parameters.insert(QStringLiteral("evidence"), outcome.evidence);
    try {
        const qint64 id = m_workspace.judgments().insert(judgment);
        Q_EMIT judged(pending.runId, id);
    } catch (const WorkspaceError& error) {
        Q_EMIT failed(pending.runId, error.message());
    }
    finishIfDone();
}

void LlmJudge::onCompletionFailed(qint64 requestId, const QString& error)
{
    const auto it = m_pending.constFind(requestId);
    if (it == m_pending.cend())
        return;
    const qint64 runId = it->runId;
    m_pending.erase(it);
    Q_EMIT failed(runId, error);
    finishIfDone();
}

void LlmJudge::finishIfDone()
{
    if (!isBusy())
        Q_EMIT finished();
}

} // namespace vlmprobe
