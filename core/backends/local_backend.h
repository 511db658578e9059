#pragma once
// The engine in-process, on ONE inference thread that LocalBackend owns.
//
//   auto* backend = new LocalBackend(this);                 // create on the GUI/main thread
//   connect(backend, &LocalBackend::runFinished, this, [](qint64 id, const Run& run) { ... store it ... });
//   backend->loadModel({ .directory = checkpointDir });
//   backend->submit(job);                                   // job.requestId tags every signal about it
//
// Requests run one at a time in submission order (model loads included: a run submitted after loadModel() runs on
// the new model). Every run request gets exactly one terminal signal, runFinished (status Done or Cancelled) or
// runFailed, and every completion request completionFinished or completionFailed ("cancelled" when stopped),
// even when it was cancelled while still queued. A failure never leaves the backend unusable.
//
// Threads: the public functions are for the owning (GUI) thread; cancel(), cancelAll() and submitLatest() act
// immediately through the request's stop flag, which the engine polls between vision blocks, prefill chunks and
// decode steps. Signals arrive queued on the owning thread. The destructor cancels everything and joins the
// thread; a model load in progress cannot be interrupted and is waited for.

#include "backends/model_spec.h"
#include "backends/run_job.h"
#include "workspace/records.h"

#include <QObject>
#include <QThread>

#include <memory>
#include <optional>

namespace vlmprobe {

class BackendJobQueue;
class LocalBackendWorker;

class LocalBackend : public QObject {
    Q_OBJECT
public:
    explicit LocalBackend(QObject* parent = nullptr);
    ~LocalBackend() override; // cancels the running job, joins the thread (closing mid-run is clean)

    void loadModel(const ModelSpec& spec); // async; replaces the loaded model (released first, even if this fails)
    bool isModelLoaded() const;
    std::optional<LoadedModelInfo> modelInfo() const;

    void submit(RunJob job); // FIFO queue
    void submitLatest(RunJob job); // "latest wins": cancels the running and queued runs, then submits
    void submitCompletion(CompletionJob job);
    void cancel(qint64 requestId); // thread-safe stop flag, polled by the engine; a queued request never starts
    void cancelAll();

Q_SIGNALS:
    void modelLoadStarted(const QString& directory);
    void modelLoaded(const vlmprobe::LoadedModelInfo& info);
    void modelLoadFailed(const QString& error);
    void runStarted(qint64 requestId);
    void stageChanged(qint64 requestId, vlmprobe::RunStage stage);
    void tokensStreamed(qint64 requestId, const QList<vlmprobe::StreamedToken>& tokens); // batched, ~every 30 ms
    void runFinished(
        qint64 requestId, const vlmprobe::Run& run); // complete Run value, status Done or Cancelled; NOT stored
    void runFailed(qint64 requestId, const QString& error); // one line
    void completionFinished(qint64 requestId, const QString& text);
    void completionFailed(qint64 requestId, const QString& error);

private:
    void wakeWorker();

    std::shared_ptr<BackendJobQueue> m_queue;
    QThread m_thread;
    std::unique_ptr<LocalBackendWorker> m_worker; // lives on m_thread; deleted after the thread has stopped
};

} // namespace vlmprobe

Q_DECLARE_METATYPE(vlmprobe::LoadedModelInfo)
Q_DECLARE_METATYPE(vlmprobe::Run)
