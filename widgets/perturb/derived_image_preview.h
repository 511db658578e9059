#pragma once
// DerivedImagePreview: the perturbation editor's image work off the GUI thread (QtConcurrent), "latest wins".
// decode() turns the sample's encoded image into a QImage; request() applies a visual perturbation recipe. Only
// the latest request of each kind is delivered (decoded() / ready()); results of superseded ones are dropped.
// waitForPending() lets a caller that needs the derived image now (creating the condition) block on the running
// computation instead of recomputing it on the GUI thread.
//
// Every task copies what it reads, so it may outlive this object. Lives on the GUI thread.

#include "workspace/records.h"

#include <QFuture>
#include <QImage>
#include <QJsonObject>
#include <QObject>

namespace vlmprobe {

struct DerivedImage {
    QString key; // the request's key (the editor's recipe key)
    StoredImage stored; // the encoded derived image
    QImage image; // decoded, for display
    QString error; // one line when the perturbation failed
};

class DerivedImagePreview : public QObject {
    Q_OBJECT
public:
    explicit DerivedImagePreview(QObject* parent = nullptr);

    void decode(const QByteArray& bytes); // empty bytes: nothing to decode, decoded() is not emitted
    bool isDecoding() const { return m_decoding; }

    void request(const StoredImage& source, ConditionKind kind, const QJsonObject& recipe, const QString& key);
    void cancel(); // forgets the pending request: its result is dropped (a decode is superseded by the next one)
    bool isPending() const { return m_pending; }
    QString pendingKey() const { return m_pending ? m_pendingKey : QString(); }
    // Blocks until the pending request is computed and returns it (it is still delivered by ready() later).
    // Precondition: isPending().
    DerivedImage waitForPending() const;

Q_SIGNALS:
    void decoded(const QImage& image);
    void ready(const vlmprobe::DerivedImage& result);

private:
    int m_decodeGeneration = 0;
    bool m_decoding = false;
    int m_generation = 0;
    bool m_pending = false;
    QString m_pendingKey;
    QFuture<DerivedImage> m_future;
};

} // namespace vlmprobe
