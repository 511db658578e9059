#include "image_panel.h"

#include "image_view.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace vlmprobe {

ImagePanel::ImagePanel(QWidget* parent)
    : QWidget(parent)
    , m_view(new ImageView(this))
    , m_fitButton(new QToolButton(this))
    , m_actualButton(new QToolButton(this))
    , m_attentionButton(new QToolButton(this))
    , m_zoomLabel(new QLabel(this))
    , m_sizeLabel(new QLabel(this))
    , m_watcher(new QFutureWatcher<QImage>(this))
{
    m_view->setObjectName(QStringLiteral("imageView"));
    m_fitButton->setText(tr("Fit"));
    m_fitButton->setToolTip(tr("Fit the image to the view (0)"));
    m_actualButton->setText(tr("1:1"));
    m_actualButton->setToolTip(tr("One image pixel per screen pixel (1)"));
    m_attentionButton->setObjectName(QStringLiteral("attentionButton"));
    m_attentionButton->setText(tr("Attention"));
    m_attentionButton->setToolTip(tr("Overlay where the generated tokens attended in the image (last layer)"));
    m_attentionButton->setCheckable(true);
    m_attentionButton->setChecked(m_view->isHeatMapVisible());
    m_zoomLabel->setObjectName(QStringLiteral("zoomLabel"));
    m_zoomLabel->setForegroundRole(QPalette::PlaceholderText);
    m_sizeLabel->setObjectName(QStringLiteral("imageSizeLabel"));
    m_sizeLabel->setForegroundRole(QPalette::PlaceholderText);

    auto* toolbar = new QHBoxLayout;
    toolbar->setContentsMargins(0, 0, 0, 0);
    toolbar->addWidget(m_fitButton);
    toolbar->addWidget(m_actualButton);
    toolbar->addWidget(m_zoomLabel);
    toolbar->addWidget(m_attentionButton);
    toolbar->addStretch(1);
    toolbar->addWidget(m_sizeLabel);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(toolbar);
    layout->addWidget(m_view, 1);

    connect(m_fitButton, &QToolButton::clicked, m_view, &ImageView::fitToWindow);
    connect(m_actualButton, &QToolButton::clicked, m_view, &ImageView::showActualPixels);
    connect(m_attentionButton, &QToolButton::toggled, m_view, &ImageView::setHeatMapVisible);
    connect(m_view, &ImageView::zoomChanged, this, &ImagePanel::updateZoomLabel);
    connect(m_watcher, &QFutureWatcher<QImage>::finished, this, &ImagePanel::onDecoded);
    updateZoomLabel(m_view->zoom());
}

ImagePanel::~ImagePanel()
{
    // The decode task holds only its own copy of the bytes; waiting keeps shutdown orderly.
    m_watcher->waitForFinished();
}

void ImagePanel::showEncodedImage(const QString& key, const QByteArray& encoded)
{
    if (key.isEmpty() && encoded.isEmpty()) {
        clear();
        return;
    }
    if (key == m_key && !key.isEmpty())
        return;
    m_key = key;
    ++m_request;
    m_loading = true;
    m_sizeLabel->setText(tr("decoding\u2026"));
    if (m_watcher->isRunning()) {
        // At most one decode runs; the newest request waits for it and replaces any older waiting one.
        m_pendingBytes = encoded;
        m_hasPending = true;
        return;
    }
    startDecode(encoded);
}

void ImagePanel::startDecode(const QByteArray& encoded)
{
    m_watchedRequest = m_request;
    m_watcher->setFuture(QtConcurrent::run([encoded] { return QImage::fromData(encoded); }));
}

void ImagePanel::showMessage(const QString& message)
{
    m_key.clear();
    ++m_request;
    m_loading = false;
    m_hasPending = false;
    m_pendingBytes.clear();
    m_view->setPlaceholderText(message);
    m_view->clear();
    m_sizeLabel->clear();
}

void ImagePanel::clear()
{
    showMessage(tr("No image"));
}

void ImagePanel::onDecoded()
{
    if (m_hasPending) {
        m_hasPending = false;
        startDecode(std::exchange(m_pendingBytes, QByteArray()));
        return;
    }
    if (m_watchedRequest != m_request)
        return;
    m_loading = false;
    const QImage image = m_watcher->result();
    if (image.isNull()) {
        m_view->setPlaceholderText(tr("The stored image could not be decoded."));
        m_view->clear();
        m_sizeLabel->clear();
    } else {
        m_view->setImage(image);
        m_sizeLabel->setText(tr("%1 \u00d7 %2 px").arg(image.width()).arg(image.height()));
    }
    updateZoomLabel(m_view->zoom());
    Q_EMIT imageShown(image);
}

void ImagePanel::updateZoomLabel(double zoom)
{
    m_zoomLabel->setText(m_view->hasImage() ? tr("%1 %").arg(qRound(zoom * 100.0)) : QString());
}

} // namespace vlmprobe
