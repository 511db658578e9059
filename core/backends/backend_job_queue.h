#pragma once
// The state LocalBackend (GUI thread) shares with its worker (inference thread): the FIFO of pending requests,
// their stop flags, and the description of the loaded model.
//
// Cancelling never waits for the worker: it raises the request's stop flag, which the engine polls between vision
// blocks, prefill chunks and decode steps. A queued request whose flag is raised is still handed to the worker,
// which reports it as cancelled without running it; so every submitted request gets exactly one terminal signal,
// in submission order.
//
// Thread safety: every member function may be called from any thread (one mutex guards everything).

#include "backends/model_spec.h"
#include "backends/run_job.h"

#include <QMutex>

#include <atomic>
#include <deque>
#include <memory>
#include <optional>
#include <variant>

namespace vlmprobe {

class BackendJobQueue {
public:
    struct Entry {
        std::variant<ModelSpec, RunJob, CompletionJob> request;
        std::shared_ptr<std::atomic<bool>> stop = std::make_shared<std::atomic<bool>>(false);

        qint64 requestId() const; // 0 for a model load
        bool isCancellable() const; // runs and completions; a load always runs
    };

    void push(Entry entry);
    // The oldest entry, which becomes the current one until the next take(); nullopt when empty or shut down.
    std::optional<Entry> take();
    // Raises the stop flag of the current and every queued request with this id.
    void cancel(qint64 requestId);
    // Raises the stop flag of the current and every queued request (model loads are kept).
    void cancelAll();
    // The same for run requests only (completions and loads are kept): "latest wins" for interactive runs.
    void cancelRuns();
    // cancelAll(), drops everything queued and makes take() return nullopt from now on.
    void shutDown();

    std::optional<LoadedModelInfo> modelInfo() const;
    void setModelInfo(std::optional<LoadedModelInfo> info);

private:
    template <typename Predicate> void cancelWhere(Predicate predicate);

    mutable QMutex m_mutex;
    std::deque<Entry> m_entries;
    std::optional<Entry> m_current;
    std::optional<LoadedModelInfo> m_modelInfo;
    bool m_shutDown = false;
};

} // namespace vlmprobe
