#include "image_view.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace vlmprobe {

namespace {

// One wheel notch (120 eighths of a degree) zooms by this factor; the keys use the same step.
constexpr double kZoomStep = 1.25;

} // namespace

ImageView::ImageView(QWidget* parent)
    : QWidget(parent)
    , m_placeholder(tr("No image"))
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(false);
    setCursor(Qt::OpenHandCursor);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(64, 64);
}

void ImageView::setImage(const QImage& image)
{
    // Converted once here so that every repaint is a plain blit from a native raster format.
    if (image.isNull())
        m_image = QImage();
    else
        m_image = image.convertToFormat(
            image.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied : QImage::Format_RGB32);
    fitToWindow();
}

void ImageView::clear()
{
    setImage(QImage());
}

void ImageView::setPlaceholderText(const QString& text)
{
    m_placeholder = text;
    if (!hasImage())
        update();
}

QPointF ImageView::mapFromImage(QPointF imagePoint) const
{
    return m_origin + imagePoint * (m_zoom / devicePixelRatioOrOne());
}

QPointF ImageView::mapToImage(QPointF widgetPoint) const
{
    return (widgetPoint - m_origin) / (m_zoom / devicePixelRatioOrOne());
}

void ImageView::fitToWindow()
{
    const double previous = m_zoom;
    m_fitting = true;
    m_zoom = fitZoom();
    constrainOrigin();
    snapOriginToDevicePixels();
    update();
    if (previous != m_zoom)
        Q_EMIT zoomChanged(m_zoom);
}

void ImageView::showActualPixels()
{
    m_fitting = false;
    setZoom(1.0, QRectF(rect()).center());
}

void ImageView::zoomIn()
{
    zoomBy(kZoomStep, QRectF(rect()).center());
}

void ImageView::zoomOut()
{
    zoomBy(1.0 / kZoomStep, QRectF(rect()).center());
}

void ImageView::zoomBy(double factor, QPointF anchor)
{
    if (!hasImage() || !(factor > 0.0))
        return;
    m_fitting = false;
    setZoom(m_zoom * factor, anchor);
}

void ImageView::setZoom(double zoom, QPointF anchor)
{
    const double previous = m_zoom;
    const QPointF anchoredImagePoint = mapToImage(anchor);
    m_zoom = std::clamp(zoom, kMinimumZoom, kMaximumZoom);
    m_origin = anchor - anchoredImagePoint * (m_zoom / devicePixelRatioOrOne());
    constrainOrigin();
    snapOriginToDevicePixels();
    update();
    if (previous != m_zoom)
        Q_EMIT zoomChanged(m_zoom);
}

double ImageView::devicePixelRatioOrOne() const
{
    const double ratio = devicePixelRatioF();
    return ratio > 0.0 ? ratio : 1.0;
}

double ImageView::fitZoom() const
{
    if (!hasImage() || width() <= 0 || height() <= 0)
        return 1.0;
    const double ratio = devicePixelRatioOrOne();
    const double zoomX = width() * ratio / m_image.width();
    const double zoomY = height() * ratio / m_image.height();
    return std::clamp(std::min(zoomX, zoomY), kMinimumZoom, kMaximumZoom);
}

QSizeF ImageView::displayedSize() const
{
    return QSizeF(m_image.size()) * (m_zoom / devicePixelRatioOrOne());
}

void ImageView::constrainOrigin()
{
    if (!hasImage())
        return;
    const QSizeF shown = displayedSize();
    const auto constrainAxis = [](double origin, double shownLength, double widgetLength) {
        if (shownLength <= widgetLength)
            return (widgetLength - shownLength) / 2.0;
        return std::clamp(origin, widgetLength - shownLength, 0.0);
    };
    m_origin.setX(constrainAxis(m_origin.x(), shown.width(), width()));
    m_origin.setY(constrainAxis(m_origin.y(), shown.height(), height()));
}

void ImageView::snapOriginToDevicePixels()
{
    // At integer zooms an origin on a device-pixel boundary makes every image pixel cover whole device pixels.
    const double ratio = devicePixelRatioOrOne();
    m_origin = QPointF(std::round(m_origin.x() * ratio) / ratio, std::round(m_origin.y() * ratio) / ratio);
}

void ImageView::paintEvent(QPaintEvent* /*event*/)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Window).darker(115));

    if (!hasImage()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        return;
    }

    // Draw only the visible part of the image: at high zoom the full scaled image would be enormous.
    const QRectF shown(m_origin, displayedSize());
    const QRectF visible = shown.intersected(QRectF(rect()));
    if (visible.isEmpty())
        return;
    const QRectF sourceF(mapToImage(visible.topLeft()), mapToImage(visible.bottomRight()));
    const int left = static_cast<int>(std::floor(sourceF.left()));
    const int top = static_cast<int>(std::floor(sourceF.top()));
    const int right = static_cast<int>(std::ceil(sourceF.right()));
    const int bottom = static_cast<int>(std::ceil(sourceF.bottom()));
    const QRect source = QRect(left, top, right - left, bottom - top).intersected(m_image.rect());
    if (source.isEmpty())
        return;
    const QRectF target(mapFromImage(QPointF(source.x(), source.y())),
        mapFromImage(QPointF(source.x() + source.width(), source.y() + source.height())));
    // Magnified pixels stay sharp squares; minified images are filtered so thin lines do not alias away.
    painter.setRenderHint(QPainter::SmoothPixmapTransform, m_zoom < 1.0);
    painter.drawImage(target, m_image, QRectF(source));
}

void ImageView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    if (m_fitting) {
        fitToWindow();
    } else {
        constrainOrigin();
        snapOriginToDevicePixels();
    }
}

void ImageView::wheelEvent(QWheelEvent* event)
{
    const int delta = event->angleDelta().y();
    if (!hasImage() || delta == 0) {
        event->ignore();
        return;
    }
    zoomBy(std::pow(kZoomStep, delta / 120.0), event->position());
    event->accept();
}

void ImageView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || !hasImage()) {
        QWidget::mousePressEvent(event);
        return;
    }
    m_dragging = true;
    m_dragStart = event->position();
    m_originAtDragStart = m_origin;
    setCursor(Qt::ClosedHandCursor);
    event->accept();
}

void ImageView::mouseMoveEvent(QMouseEvent* event)
{
    if (!m_dragging) {
        QWidget::mouseMoveEvent(event);
        return;
    }
    m_fitting = false;
    m_origin = m_originAtDragStart + (event->position() - m_dragStart);
    constrainOrigin();
    snapOriginToDevicePixels();
    update();
    event->accept();
}

void ImageView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || !m_dragging) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    m_dragging = false;
    setCursor(Qt::OpenHandCursor);
    event->accept();
}

void ImageView::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || !hasImage()) {
        QWidget::mouseDoubleClickEvent(event);
        return;
    }
    if (m_fitting) {
        m_fitting = false;
        setZoom(1.0, event->position());
    } else {
        fitToWindow();
    }
    event->accept();
}

void ImageView::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        break;
    case Qt::Key_Minus:
        zoomOut();
        break;
    case Qt::Key_0:
        fitToWindow();
        break;
    case Qt::Key_1:
        showActualPixels();
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

QSize ImageView::sizeHint() const
{
    return QSize(480, 360);
}

} // namespace vlmprobe
