#include "batch_runner.h"

#include "backends/local_backend.h"
#include "backends/run_job.h"
#include "determining_hash.h"
#include "runner_error.h"
#include "workspace/image_store.h"
#include "workspace/model_repository.h"
#include "workspace/run_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace.h"
#include "workspace/workspace_error.h"

#include <QDir>
#include <QFileInfo>
#include <QMetaObject>

#include <atomic>
#include <exception>

namespace vlmprobe {

namespace {

// Time slice of one advance() call while jobs are skipped, so the caller's event loop keeps running.
constexpr qint64 kSliceMs = 15;

// Request ids of all runners in the process share one counter, far from the small ids an interactive caller picks,
// so two callers of one backend never mistake each other's signals.
qint64 nextRequestId()
{
    static std::atomic<qint64> counter { qint64(1) << 40 };
    return ++counter;
}

QString canonicalDirectory(const QString& path)
{
    const QFileInfo info(path);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : canonical;
}

} // namespace

BatchRunner::BatchRunner(Workspace& workspace, LocalBackend& backend, QObject* parent)
    : QObject(parent)
    , m_workspace(workspace)
    , m_backend(backend)
    , m_resolver(workspace)
    , m_store(workspace)
{
    connect(&m_backend, &LocalBackend::runFinished, this, &BatchRunner::onRunFinished);
    connect(&m_backend, &LocalBackend::runFailed, this, &BatchRunner::onRunFailed);
}

BatchRunner::~BatchRunner()
{
    if (m_requestId != 0)
        m_backend.cancel(m_requestId);
}

void BatchRunner::start(const BatchPlan& plan)
{
    if (m_running)
        throw RunnerError(QStringLiteral("a batch is already running"));
    if (plan.kinds.isEmpty())
        throw RunnerError(QStringLiteral("the plan names no condition kind"));
    const std::optional<LoadedModelInfo> info = m_backend.modelInfo();
    if (!m_backend.isModelLoaded() || !info)
        throw RunnerError(QStringLiteral("no model is loaded"));
    const std::optional<ModelEntry> model = m_workspace.models().get(plan.modelId);
    if (!model)
        throw RunnerError(QStringLiteral("no model with id %1 in the workspace").arg(plan.modelId));
    // The hash names the checkpoint by the entry's location: running another checkpoint under it would make
    // resume skip jobs that were never run with the loaded weights.
    if (model->backend != BackendKind::Local
        || canonicalDirectory(model->location) != canonicalDirectory(info->directory))
        throw RunnerError(QStringLiteral("model '%1' is %2, but the backend holds %3")
                              .arg(model->name, model->location, info->directory));

    m_plan = plan;
    m_model = *model;
    m_engineVersion = info->engineVersion;
    m_next = 0;
    m_sample.reset();
    m_requestId = 0;
    m_stored = m_skipped = m_failed = m_executed = 0;
    m_executedMs = 0;
    m_running = true;
    QMetaObject::invokeMethod(this, &BatchRunner::advance, Qt::QueuedConnection);
}

void BatchRunner::cancel()
{
    if (!m_running)
        return;
    if (m_requestId != 0) {
        m_backend.cancel(m_requestId);
        m_requestId = 0;
    }
    finish();
}

int BatchRunner::total() const
{
    return static_cast<int>(m_plan.sampleIds.size() * m_plan.kinds.size());
}

void BatchRunner::advance()
{
    if (!m_running || m_requestId != 0)
        return;
    QElapsedTimer slice;
    slice.start();
    while (m_next < total()) {
        const qsizetype index = m_next++;
        try {
            if (prepare(index) == Prepared::Submitted) {
                emitProgress();
                return;
            }
            ++m_skipped;
        } catch (const RunnerError& error) {
            jobFailed(error.message());
        } catch (const WorkspaceError& error) {
            jobFailed(error.message());
        } catch (const std::exception& error) {
            jobFailed(QString::fromUtf8(error.what()));
        }
        if (!m_running)
            return;
        if (slice.elapsed() >= kSliceMs) {
            emitProgress();
            QMetaObject::invokeMethod(this, &BatchRunner::advance, Qt::QueuedConnection);
            return;
        }
    }
    emitProgress();
    finish();
}

BatchRunner::Prepared BatchRunner::prepare(qsizetype index)
{
    const qsizetype kindCount = m_plan.kinds.size();
    const qint64 sampleId = m_plan.sampleIds.at(index / kindCount);
    const ConditionKind kind = m_plan.kinds.at(index % kindCount);
    m_jobLabel = QStringLiteral("sample %1, %2").arg(sampleId).arg(conditionKindName(kind));
    if (!m_sample || m_sample->id != sampleId) {
        m_sample = m_workspace.samples().get(sampleId);
        if (!m_sample)
            throw RunnerError(QStringLiteral("no sample with id %1").arg(sampleId));
    }

    const Condition condition = m_resolver.resolve(*m_sample, kind);
    const AssembledPrompt prompt = assemblePrompt(*m_sample, condition, m_plan.prompt, nullptr);
    const QString hash = determiningHash(m_model, *m_sample, condition, prompt, m_plan.decode, m_engineVersion);
    for (const Run& earlier : m_workspace.runs().findByDeterminingHash(hash)) {
        if (earlier.status == RunStatus::Done && earlier.conditionId == condition.id && earlier.modelId == m_model.id)
            return Prepared::Skipped;
    }

    RunJob job;
    job.requestId = nextRequestId();
    job.modelId = m_model.id;
    job.sample = *m_sample;
    job.condition = condition;
    if (!prompt.imageHash.isEmpty()) {
        const std::optional<StoredImage> image = m_workspace.images().get(prompt.imageHash);
        if (!image)
            throw RunnerError(QStringLiteral("image %1 is missing from the workspace").arg(prompt.imageHash.left(12)));
        job.image = *image;
    }
    job.prompt = prompt;
    job.decode = m_plan.decode;
    job.scoreLetters = true;
    job.determiningHash = hash;

    m_requestId = job.requestId;
    m_jobClock.start();
    m_backend.submit(std::move(job));
    return Prepared::Submitted;
}

void BatchRunner::onRunFinished(qint64 requestId, const Run& run)
{
    if (requestId != m_requestId || m_requestId == 0)
        return;
    m_requestId = 0;
    if (run.status == RunStatus::Done) {
        try {
            const qint64 runId = m_store.store(run, m_plan.ruleJudge);
            ++m_stored;
            jobEnded();
            Q_EMIT runStored(runId);
        } catch (const std::exception& error) {
            jobEnded();
            jobFailed(QString::fromUtf8(error.what()));
        }
    } else {
        // Cancelled by someone else than this runner (another caller of the shared backend).
        jobEnded();
        jobFailed(QStringLiteral("the run was cancelled"));
    }
    if (!m_running)
        return;
    emitProgress();
    advance();
}

void BatchRunner::onRunFailed(qint64 requestId, const QString& error)
{
    if (requestId != m_requestId || m_requestId == 0)
        return;
    m_requestId = 0;
    jobEnded();
    jobFailed(error);
    if (!m_running)
        return;
    emitProgress();
    advance();
}

void BatchRunner::jobFailed(const QString& error)
{
    ++m_failed;
    const QString line = m_jobLabel + QStringLiteral(": ") + error;
    Q_EMIT failedRun(line.simplified());
}

void BatchRunner::jobEnded()
{
    ++m_executed;
    m_executedMs += m_jobClock.elapsed();
}

void BatchRunner::emitProgress()
{
    const int remaining = total() - m_stored - m_skipped - m_failed;
    const double eta = m_executed > 0 ? double(m_executedMs) / 1000.0 / m_executed * remaining : -1.0;
    Q_EMIT progressed(m_stored + m_failed, m_skipped, total(), eta);
}

void BatchRunner::finish()
{
    // A slot of progressed() may already have cancelled, which finished the batch.
    if (!m_running)
        return;
    m_running = false;
    Q_EMIT finished(m_stored, m_skipped, m_failed);
}

} // namespace vlmprobe
