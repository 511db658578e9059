#pragma once
// ImagePanel: an ImageView with its toolbar (fit, 1:1, zoom read-out, the "Attention" heat-map toggle, image size) that
// decodes encoded image bytes off the GUI thread. Each image is decoded once per selection: showing the same key again
// keeps the decoded pixels, and a decode that finishes after a newer request is dropped (latest request wins). GUI
// thread only; the decoding runs on the global QThreadPool.

#include <QFutureWatcher>
#include <QImage>
#include <QString>
#include <QWidget>

class QLabel;
class QToolButton;

namespace vlmprobe {

class ImageView;

class ImagePanel : public QWidget {
    Q_OBJECT
public:
    explicit ImagePanel(QWidget* parent = nullptr);
    ~ImagePanel() override;

    // `key` identifies the content (the image's SHA-256); an empty key with empty bytes clears the view.
    void showEncodedImage(const QString& key, const QByteArray& encoded);
    void showMessage(const QString& message);
    void clear();

    ImageView* view() const { return m_view; }
    // The checkable "Attention" button (object name "attentionButton") shows or hides the view's heat map.
    QToolButton* attentionButton() const { return m_attentionButton; }
    QString currentKey() const { return m_key; }
    // True while a decode for the current key is running.
    bool isLoading() const { return m_loading; }

Q_SIGNALS:
    // The current key's image is on screen (or failed to decode: then `image` is null).
    void imageShown(const QImage& image);

private:
    void startDecode(const QByteArray& encoded);
    void onDecoded();
    void updateZoomLabel(double zoom);

    ImageView* m_view = nullptr;
    QToolButton* m_fitButton = nullptr;
    QToolButton* m_actualButton = nullptr;
    QToolButton* m_attentionButton = nullptr;
    QLabel* m_zoomLabel = nullptr;
    QLabel* m_sizeLabel = nullptr;
    QFutureWatcher<QImage>* m_watcher = nullptr;
    QString m_key;
    QByteArray m_pendingBytes;
    bool m_hasPending = false;
    quint64 m_request = 0;
    quint64 m_watchedRequest = 0;
    bool m_loading = false;
};

} // namespace vlmprobe
