#pragma once
// Runs a BatchPlan through a LocalBackend, one job at a time, storing every finished run, and resumes: a job whose
// determining hash already has a Done run of the same condition and model is skipped, so re-running a plan after
// a crash or a cancel only does what is missing.
//
//     BatchRunner runner(workspace, backend);          // backend has the plan's checkpoint loaded
//     connect(&runner, &BatchRunner::finished, ...);
//     runner.start(plan);                              // returns at once; the work happens in the event loop
//
// Per job: resolve the condition (ConditionResolver: missing kinds are created), assemble the prompt, compute the
// determining hash, skip or submit to LocalBackend::submit, then store the finished run with RunStore (the run and
// its rule judgment in one transaction). Jobs are prepared lazily from (sample index, kind index), so a plan of
// 100k samples holds its id list and nothing else. Long streaks of skipped jobs yield to the event loop every few
// milliseconds, so a GUI stays responsive while a large plan resumes.
//
// A job that cannot be prepared (a kind that needs a source run, a sample without its image ...) or that the
// backend fails counts as failed, is reported with failedRun (one line) and the batch goes on.
//
// Threads: the runner, its Workspace and the LocalBackend live on the caller's thread (GUI or headless main);
// the backend's signals arrive there queued from its inference thread. The BatchRunner must not outlive either.

#include "batch_plan.h"
#include "condition_resolver.h"
#include "run_store.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <optional>

namespace vlmprobe {

class LocalBackend;
class Workspace;

class BatchRunner : public QObject {
    Q_OBJECT

public:
    BatchRunner(Workspace& workspace, LocalBackend& backend, QObject* parent = nullptr);
    ~BatchRunner() override; // cancels the job in flight, emits nothing

    // Starts the plan. Throws RunnerError (one line) when a plan is already running, the backend has no model
    // loaded, the plan's model is unknown or is not the checkpoint the backend holds, or the plan is empty of
    // kinds. The first signals come from the event loop, after start() returned.
    void start(const BatchPlan& plan);
    // Cancels the job in flight and stops: finished() is emitted before cancel() returns; the cancelled job is not
    // stored (resuming the plan runs it again). Does nothing when no plan is running.
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    // done = stored + failed jobs so far; skipped = jobs already done earlier; total = samples x kinds.
    // etaSeconds: the remaining jobs at the mean duration of the jobs executed so far; -1 until one finished.
    void progressed(int done, int skipped, int total, double etaSeconds);
    void runStored(qint64 runId);
    void finished(int stored, int skipped, int failed);
    void failedRun(const QString& error);

private:
    enum class Prepared { Submitted, Skipped };

    void advance();
    Prepared prepare(qsizetype index);
    void onRunFinished(qint64 requestId, const Run& run);
    void onRunFailed(qint64 requestId, const QString& error);
    void jobFailed(const QString& error);
    void jobEnded();
    void emitProgress();
    void finish();
    int total() const;

    Workspace& m_workspace;
    LocalBackend& m_backend;
    ConditionResolver m_resolver;
    RunStore m_store;

    BatchPlan m_plan;
    ModelEntry m_model;
    QString m_engineVersion;
    qsizetype m_next = 0; // index of the next job to prepare: sample index * kinds + kind index
    std::optional<Sample> m_sample; // the sample of the latest prepared job
    QString m_jobLabel; // "sample 12, wrong-caption": prefixes errors of the job in flight
    qint64 m_requestId = 0; // the job in flight; 0 when none
    bool m_running = false;
    int m_stored = 0;
    int m_skipped = 0;
    int m_failed = 0;
    int m_executed = 0; // jobs that reached the backend and ended, for the ETA
    qint64 m_executedMs = 0;
    QElapsedTimer m_jobClock;
};

} // namespace vlmprobe
