#include "backends/local_backend.h"

#include "backends/backend_job_queue.h"
#include "backends/local_backend_worker.h"

namespace vlmprobe {

LocalBackend::LocalBackend(QObject* parent)
    : QObject(parent)
    , m_queue(std::make_shared<BackendJobQueue>())
    , m_worker(std::make_unique<LocalBackendWorker>(m_queue))
{
    qRegisterMetaType<vlmprobe::LoadedModelInfo>();
    qRegisterMetaType<vlmprobe::Run>();
    qRegisterMetaType<vlmprobe::RunStage>();
    qRegisterMetaType<vlmprobe::StreamedToken>();
    qRegisterMetaType<QList<vlmprobe::StreamedToken>>();

    m_worker->moveToThread(&m_thread);
    const auto forward
        = [this](auto signal, auto target) { connect(m_worker.get(), signal, this, target, Qt::QueuedConnection); };
    forward(&LocalBackendWorker::modelLoadStarted, &LocalBackend::modelLoadStarted);
    forward(&LocalBackendWorker::modelLoaded, &LocalBackend::modelLoaded);
    forward(&LocalBackendWorker::modelLoadFailed, &LocalBackend::modelLoadFailed);
    forward(&LocalBackendWorker::runStarted, &LocalBackend::runStarted);
    forward(&LocalBackendWorker::stageChanged, &LocalBackend::stageChanged);
    forward(&LocalBackendWorker::tokensStreamed, &LocalBackend::tokensStreamed);
    forward(&LocalBackendWorker::runFinished, &LocalBackend::runFinished);
    forward(&LocalBackendWorker::runFailed, &LocalBackend::runFailed);
    forward(&LocalBackendWorker::completionFinished, &LocalBackend::completionFinished);
    forward(&LocalBackendWorker::completionFailed, &LocalBackend::completionFailed);
    m_thread.setObjectName(QStringLiteral("vlmprobe-inference"));
    m_thread.start();
}

LocalBackend::~LocalBackend()
{
    m_queue->shutDown();
    m_thread.quit();
    m_thread.wait();
    m_worker.reset();
}

void LocalBackend::loadModel(const ModelSpec& spec)
{
    m_queue->push({ spec });
    wakeWorker();
}

bool LocalBackend::isModelLoaded() const
{
    return m_queue->modelInfo().has_value();
}

std::optional<LoadedModelInfo> LocalBackend::modelInfo() const
{
    return m_queue->modelInfo();
}

void LocalBackend::submit(RunJob job)
{
    m_queue->push({ std::move(job) });
    wakeWorker();
}

void LocalBackend::submitLatest(RunJob job)
{
    m_queue->cancelRuns();
    submit(std::move(job));
}

void LocalBackend::submitCompletion(CompletionJob job)
{
    m_queue->push({ std::move(job) });
    wakeWorker();
}

void LocalBackend::cancel(qint64 requestId)
{
    m_queue->cancel(requestId);
}

void LocalBackend::cancelAll()
{
    m_queue->cancelAll();
}

void LocalBackend::wakeWorker()
{
    // One queued call per pushed request: the worker takes one request per call, so the event loop stays
    // responsive to quit() between requests.
    QMetaObject::invokeMethod(m_worker.get(), &LocalBackendWorker::processNext, Qt::QueuedConnection);
}

} // namespace vlmprobe
