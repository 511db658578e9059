#include "backends/local_backend_worker.h"

#include "backends/backend_error.h"
#include "backends/run_executor.h"

#include "vlmprobe/engine/errors.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

#include <exception>
#include <functional>
#include <string>

namespace vlmprobe {

namespace {

// One line: engine messages are one line already; anything else is flattened.
QString oneLine(const char* what)
{
    QString text = QString::fromUtf8(what).simplified();
    return text.isEmpty() ? QStringLiteral("unknown error") : text;
}

QString precisionName(engine::Precision precision)
{
    switch (precision) {
    case engine::Precision::Float32:
        return QStringLiteral("f32");
    case engine::Precision::BFloat16:
        return QStringLiteral("bf16");
    case engine::Precision::Float16:
        return QStringLiteral("f16");
    case engine::Precision::Auto:
        break;
    }
    return QStringLiteral("auto");
}

engine::LoadOptions loadOptions(const ModelSpec& spec)
{
    QString precision = spec.precision.trimmed().toLower();
    if (precision == u"float32")
        precision = QStringLiteral("f32");
    else if (precision == u"bfloat16")
        precision = QStringLiteral("bf16");
    else if (precision == u"float16")
        precision = QStringLiteral("f16");
    if (spec.threads < 0)
        throw BackendError("the thread count must not be negative (0 = every core)");
    engine::LoadOptions options;
    options.device = engine::parseDevice(spec.device.trimmed().toLower().toStdString());
    options.precision = engine::parsePrecision(precision.toStdString());
    options.threads = spec.threads;
    return options;
}

qint64 parameterCount(const engine::ModelConfig& config)
{
    qint64 count = 0;
    for (const auto& [name, shape] : engine::checkpointTensorShapes(config)) {
        qint64 elements = 1;
        for (const std::int64_t dim : shape)
            elements *= dim;
        count += elements;
    }
    return count;
}

// Runs `body`, turning any exception into `fail(one line)`.
void guarded(const std::function<void()>& body, const std::function<void(const QString&)>& fail)
{
    try {
        body();
    } catch (const std::bad_alloc&) {
        fail(QStringLiteral("out of memory"));
    } catch (const std::exception& error) {
        fail(oneLine(error.what()));
    } catch (...) {
        fail(QStringLiteral("unknown error"));
    }
}

} // namespace

LocalBackendWorker::LocalBackendWorker(std::shared_ptr<BackendJobQueue> queue)
    : m_queue(std::move(queue))
{
}

LocalBackendWorker::~LocalBackendWorker() = default;

void LocalBackendWorker::processNext()
{
    const std::optional<BackendJobQueue::Entry> entry = m_queue->take();
    if (!entry)
        return;
    if (const auto* spec = std::get_if<ModelSpec>(&entry->request))
        loadModel(*spec);
    else if (const auto* job = std::get_if<RunJob>(&entry->request))
        runJob(*job, *entry->stop);
    else if (const auto* completion = std::get_if<CompletionJob>(&entry->request))
        runCompletion(*completion, *entry->stop);
}

void LocalBackendWorker::loadModel(const ModelSpec& spec)
{
    Q_EMIT modelLoadStarted(spec.directory);
    // The previous model goes first: two large checkpoints rarely fit in memory together, and after a failed load
    // no run may silently use the old one.
    m_cache.clear();
    m_engine.reset();
    m_queue->setModelInfo(std::nullopt);
    guarded(
        [&] {
            const QFileInfo folder(spec.directory);
            if (spec.directory.isEmpty() || !folder.isDir())
                throw BackendError("no checkpoint folder at '" + spec.directory.toStdString() + "'");
            const engine::LoadOptions options = loadOptions(spec);
            QElapsedTimer timer;
            timer.start();
            const std::string directory = QDir::toNativeSeparators(folder.absoluteFilePath()).toStdString();
            LoadedEngine loaded { QString::fromStdString(directory), engine::Model::load(directory, options),
                engine::Tokenizer::load(directory), std::nullopt, {} };
            try {
                loaded.preprocessor = engine::loadPreprocessorConfig(directory);
            } catch (const engine::EngineError& error) {
                loaded.preprocessorError = oneLine(error.what());
            }
            LoadedModelInfo info;
            info.directory = loaded.directory;
            info.name = folder.fileName();
            info.device
                = loaded.model->device() == engine::Device::Cuda ? QStringLiteral("cuda") : QStringLiteral("cpu");
            info.precision = precisionName(loaded.model->precision());
            info.parameterCount = parameterCount(loaded.model->config());
            info.loadSeconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
            info.engineVersion = QString::fromLatin1(engine::engineVersion());
            m_engine.emplace(std::move(loaded));
            m_queue->setModelInfo(info);
            Q_EMIT modelLoaded(info);
        },
        [&](const QString& error) {
            m_engine.reset();
            Q_EMIT modelLoadFailed(error);
        });
}

void LocalBackendWorker::runJob(const RunJob& job, const std::atomic<bool>& stop)
{
    const qint64 id = job.requestId;
    Q_EMIT runStarted(id);
    guarded(
        [&] {
            if (!m_engine)
                throw BackendError("no model is loaded");
            RunExecutor executor(*m_engine, m_cache);
            RunExecutor::Callbacks callbacks;
            callbacks.stageChanged = [&](RunStage stage) { Q_EMIT stageChanged(id, stage); };
            callbacks.tokensStreamed = [&](const QList<StreamedToken>& tokens) { Q_EMIT tokensStreamed(id, tokens); };
            const Run run = executor.execute(job, &stop, callbacks);
            Q_EMIT runFinished(id, run);
        },
        [&](const QString& error) { Q_EMIT runFailed(id, error); });
}

void LocalBackendWorker::runCompletion(const CompletionJob& job, const std::atomic<bool>& stop)
{
    const qint64 id = job.requestId;
    guarded(
        [&] {
            if (stop.load())
                throw engine::Cancelled("the completion was cancelled");
            if (!m_engine)
                throw BackendError("no model is loaded");
            RunExecutor executor(*m_engine, m_cache);
            const QString text = executor.complete(job, &stop);
            Q_EMIT completionFinished(id, text);
        },
        [&](const QString& error) { Q_EMIT completionFailed(id, error); });
}

} // namespace vlmprobe
