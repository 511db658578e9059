#include "derived_image_preview.h"

#include "probe/visual_perturbation.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>

namespace vlmprobe {

DerivedImagePreview::DerivedImagePreview(QObject* parent)
    : QObject(parent)
{
}

void DerivedImagePreview::decode(const QByteArray& bytes)
{
    const int generation = ++m_decodeGeneration;
    m_decoding = !bytes.isEmpty();
    if (!m_decoding)
        return;
    auto* watcher = new QFutureWatcher<QImage>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_decodeGeneration)
            return;
        m_decoding = false;
        Q_EMIT decoded(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([bytes] { return QImage::fromData(bytes); }));
}

void DerivedImagePreview::request(
    const StoredImage& source, ConditionKind kind, const QJsonObject& recipe, const QString& key)
{
    const int generation = ++m_generation;
    m_pending = true;
    m_pendingKey = key;
    m_future = QtConcurrent::run([source, kind, recipe, key] {
        DerivedImage result;
        result.key = key;
        try {
            result.stored = applyVisualPerturbation(source, kind, recipe);
            result.image = QImage::fromData(result.stored.bytes);
        } catch (const std::exception& failure) {
            result.error = QString::fromUtf8(failure.what());
        }
        return result;
    });
    auto* watcher = new QFutureWatcher<DerivedImage>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return; // a newer request is running or done: latest wins
        m_pending = false;
        Q_EMIT ready(watcher->result());
    });
    watcher->setFuture(m_future);
}

void DerivedImagePreview::cancel()
{
    ++m_generation;
    m_pending = false;
}

DerivedImage DerivedImagePreview::waitForPending() const
{
    QFuture<DerivedImage> future = m_future;
    return future.result(); // waits on the worker thread's computation
}

} // namespace vlmprobe
