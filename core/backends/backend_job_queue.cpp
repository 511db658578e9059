#include "backends/backend_job_queue.h"

#include <QMutexLocker>

namespace vlmprobe {

qint64 BackendJobQueue::Entry::requestId() const
{
    if (const auto* run = std::get_if<RunJob>(&request))
        return run->requestId;
    if (const auto* completion = std::get_if<CompletionJob>(&request))
        return completion->requestId;
    return 0;
}

bool BackendJobQueue::Entry::isCancellable() const
{
    return !std::holds_alternative<ModelSpec>(request);
}

void BackendJobQueue::push(Entry entry)
{
    QMutexLocker lock(&m_mutex);
    if (m_shutDown)
        return;
    m_entries.push_back(std::move(entry));
}

std::optional<BackendJobQueue::Entry> BackendJobQueue::take()
{
    QMutexLocker lock(&m_mutex);
    m_current.reset();
    if (m_shutDown || m_entries.empty())
        return std::nullopt;
    m_current = std::move(m_entries.front());
    m_entries.pop_front();
    return m_current;
}

template <typename Predicate> void BackendJobQueue::cancelWhere(Predicate predicate)
{
    QMutexLocker lock(&m_mutex);
    if (m_current && m_current->isCancellable() && predicate(*m_current))
        m_current->stop->store(true);
    for (Entry& entry : m_entries) {
        if (entry.isCancellable() && predicate(entry))
            entry.stop->store(true);
    }
}

void BackendJobQueue::cancel(qint64 requestId)
{
    cancelWhere([requestId](const Entry& entry) { return entry.requestId() == requestId; });
}

void BackendJobQueue::cancelAll()
{
    cancelWhere([](const Entry&) { return true; });
}

void BackendJobQueue::cancelRuns()
{
    cancelWhere([](const Entry& entry) { return std::holds_alternative<RunJob>(entry.request); });
}

void BackendJobQueue::shutDown()
{
    QMutexLocker lock(&m_mutex);
    m_shutDown = true;
    if (m_current)
        m_current->stop->store(true);
    for (Entry& entry : m_entries)
        entry.stop->store(true);
    m_entries.clear();
}

std::optional<LoadedModelInfo> BackendJobQueue::modelInfo() const
{
    QMutexLocker lock(&m_mutex);
    return m_modelInfo;
}

void BackendJobQueue::setModelInfo(std::optional<LoadedModelInfo> info)
{
    QMutexLocker lock(&m_mutex);
    m_modelInfo = std::move(info);
}

} // namespace vlmprobe
