#pragma once
// The inference-thread half of LocalBackend: owns the loaded engine (model, tokenizer, preprocessor config) and the
// prefix cache, and runs the requests of the shared BackendJobQueue one at a time.
//
// Thread affinity: lives on LocalBackend's inference thread; processNext() is invoked there (queued), once per
// pushed request. Its signals are emitted on that thread and reach LocalBackend through queued connections.
// Errors never escape: every failure becomes modelLoadFailed / runFailed / completionFailed with one line.

#include "backends/backend_job_queue.h"
#include "backends/loaded_engine.h"
#include "backends/model_spec.h"
#include "backends/prefix_cache.h"
#include "backends/run_job.h"

#include <QObject>

#include <memory>
#include <optional>

namespace vlmprobe {

class LocalBackendWorker : public QObject {
    Q_OBJECT
public:
    explicit LocalBackendWorker(std::shared_ptr<BackendJobQueue> queue);
    ~LocalBackendWorker() override;

    // Takes the oldest queued request and runs it to completion (or cancellation).
    void processNext();

Q_SIGNALS:
    void modelLoadStarted(const QString& directory);
    void modelLoaded(const vlmprobe::LoadedModelInfo& info);
    void modelLoadFailed(const QString& error);
    void runStarted(qint64 requestId);
    void stageChanged(qint64 requestId, vlmprobe::RunStage stage);
    void tokensStreamed(qint64 requestId, const QList<vlmprobe::StreamedToken>& tokens);
    void runFinished(qint64 requestId, const vlmprobe::Run& run);
    void runFailed(qint64 requestId, const QString& error);
    void completionFinished(qint64 requestId, const QString& text);
    void completionFailed(qint64 requestId, const QString& error);

private:
    void loadModel(const ModelSpec& spec);
    void runJob(const RunJob& job, const std::atomic<bool>& stop);
    void runCompletion(const CompletionJob& job, const std::atomic<bool>& stop);

    std::shared_ptr<BackendJobQueue> m_queue;
    std::optional<LoadedEngine> m_engine;
    PrefixCache m_cache;
};

} // namespace vlmprobe
