#include "image_view.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <utility>

namespace vlmprobe {

namespace {

// One wheel notch (120 eighths of a degree) zooms by this factor; the keys use the same step.
constexpr double kZoomStep = 1.25;
// A press and release closer than this (logical pixels) is a click, not a rectangle.
constexpr double kMinimumRectDrag = 3.0;
// Overlay fill opacity: the image stays visible under the shapes.
constexpr int kOverlayAlpha = 110;

// The heat ramp: transparent, then blue -> yellow -> red as the value rises, alpha growing with it so that
// unattended regions leave the image untouched.
QRgb heatColour(int value, double opacity)
{
    const double t = value / 255.0;
    const double r = std::clamp(2.0 * t, 0.0, 1.0);
    const double g = t < 0.5 ? 2.0 * t : 2.0 * (1.0 - t);
    const double b = std::clamp(1.0 - 2.0 * t, 0.0, 1.0);
    const double a = std::clamp(opacity * std::sqrt(t), 0.0, 1.0);
    return qPremultiply(qRgba(qRound(255 * r), qRound(255 * std::max(g, 0.0)), qRound(255 * b), qRound(255 * a)));
}

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

void ImageView::replaceImage(const QImage& image)
{
    if (image.isNull() || m_image.isNull() || image.size() != m_image.size()) {
        setImage(image);
        return;
    }
    m_image
        = image.convertToFormat(image.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied : QImage::Format_RGB32);
    update();
}

void ImageView::clear()
{
    setImage(QImage());
}

void ImageView::setHeatMap(const QImage& heat, double opacity)
{
    if (heat.isNull()) {
        clearHeatMap();
        return;
    }
    m_heat = heat.convertToFormat(QImage::Format_Grayscale8);
    m_heatOpacity = std::clamp(opacity, 0.0, 1.0);
    QRgb ramp[256];
    for (int v = 0; v < 256; ++v)
        ramp[v] = heatColour(v, m_heatOpacity);
    m_heatColoured = QImage(m_heat.size(), QImage::Format_ARGB32_Premultiplied);
    for (int y = 0; y < m_heat.height(); ++y) {
        const uchar* in = m_heat.constScanLine(y);
        auto* out = reinterpret_cast<QRgb*>(m_heatColoured.scanLine(y));
        for (int x = 0; x < m_heat.width(); ++x)
            out[x] = ramp[in[x]];
    }
    update();
}

void ImageView::clearHeatMap()
{
    if (m_heat.isNull())
        return;
    m_heat = QImage();
    m_heatColoured = QImage();
    update();
}

void ImageView::setHeatMapVisible(bool visible)
{
    if (visible == m_heatVisible)
        return;
    m_heatVisible = visible;
    update();
}

void ImageView::setPlaceholderText(const QString& text)
{
    m_placeholder = text;
    if (!hasImage())
        update();
}

void ImageView::setDrawingMode(DrawingMode mode)
{
    if (mode == m_drawingMode)
        return;
    m_drawingMode = mode;
    m_drawing = false;
    m_strokeInProgress.clear();
    updateCursor();
    update();
}

void ImageView::setBrushWidth(int width)
{
    m_brushWidth = std::max(1, width);
}

void ImageView::setOverlayShapes(const QList<QRect>& rects, const QList<OverlayStroke>& strokes)
{
    m_overlayRects = rects;
    m_overlayStrokes = strokes;
    update();
}

void ImageView::clearOverlayShapes()
{
    setOverlayShapes({}, {});
}

void ImageView::setOverlayColor(const QColor& color)
{
    m_overlayColor = color;
    update();
}

void ImageView::updateCursor()
{
    if (m_drawingMode != DrawingMode::None)
        setCursor(Qt::CrossCursor);
    else
        setCursor(m_dragging ? Qt::ClosedHandCursor : Qt::OpenHandCursor);
}

QRect ImageView::draggedRect(QPointF widgetEnd) const
{
    const QPointF a = mapToImage(m_drawStart);
    const QPointF b = mapToImage(widgetEnd);
    const auto edge
        = [](double value, int limit) { return std::clamp(static_cast<int>(std::lround(value)), 0, limit); };
    const int left = edge(std::min(a.x(), b.x()), m_image.width());
    const int right = edge(std::max(a.x(), b.x()), m_image.width());
    const int top = edge(std::min(a.y(), b.y()), m_image.height());
    const int bottom = edge(std::max(a.y(), b.y()), m_image.height());
    return QRect(left, top, right - left, bottom - top);
}

QPoint ImageView::imagePixelAt(QPointF widgetPoint) const
{
    const QPointF point = mapToImage(widgetPoint);
    return QPoint(std::clamp(static_cast<int>(std::floor(point.x())), 0, m_image.width() - 1),
        std::clamp(static_cast<int>(std::floor(point.y())), 0, m_image.height() - 1));
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
    paintHeatMap(painter);
    paintOverlay(painter);
}

void ImageView::paintHeatMap(QPainter& painter) const
{
    if (!m_heatVisible || m_heatColoured.isNull())
        return;
    painter.save();
    // The grid is coarse (a few dozen cells): smooth filtering turns it into a readable field, not blocks.
    painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
    painter.drawImage(
        QRectF(mapFromImage(QPointF(0, 0)), mapFromImage(QPointF(m_image.width(), m_image.height()))), m_heatColoured);
    painter.restore();
}

void ImageView::paintOverlay(QPainter& painter) const
{
    const bool draggingRect = m_drawing && m_drawingMode == DrawingMode::Rectangle;
    const bool draggingStroke = m_drawing && m_drawingMode == DrawingMode::Brush;
    if (m_overlayRects.isEmpty() && m_overlayStrokes.isEmpty() && !draggingRect && !draggingStroke)
        return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    QColor fill = m_overlayColor;
    fill.setAlpha(kOverlayAlpha);
    const auto shownRect = [this](const QRect& rect) {
        return QRectF(mapFromImage(QPointF(rect.x(), rect.y())),
            mapFromImage(QPointF(rect.x() + rect.width(), rect.y() + rect.height())));
    };
    painter.setPen(QPen(m_overlayColor, 1.0));
    painter.setBrush(fill);
    for (const QRect& rect : m_overlayRects)
        painter.drawRect(shownRect(rect));
    for (const OverlayStroke& stroke : m_overlayStrokes)
        paintStroke(painter, stroke.points, stroke.width);
    if (draggingStroke)
        paintStroke(painter, m_strokeInProgress, m_brushWidth);
    if (draggingRect) {
        painter.setPen(QPen(m_overlayColor, 1.0, Qt::DashLine));
        painter.setBrush(fill);
        painter.drawRect(shownRect(draggedRect(m_drawCurrent)));
    }
    painter.restore();
}

void ImageView::paintStroke(QPainter& painter, const QList<QPoint>& points, int width) const
{
    if (points.isEmpty())
        return;
    QColor color = m_overlayColor;
    color.setAlpha(kOverlayAlpha);
    // One path, so that a translucent stroke crossing itself is not darker where it overlaps.
    QPainterPath path(mapFromImage(QPointF(points.first()) + QPointF(0.5, 0.5)));
    for (qsizetype i = 1; i < points.size(); ++i)
        path.lineTo(mapFromImage(QPointF(points[i]) + QPointF(0.5, 0.5)));
    if (points.size() == 1)
        path.lineTo(path.currentPosition() + QPointF(0.01, 0.0)); // a dot: round caps need a non-empty segment
    const double scale = m_zoom / devicePixelRatioOrOne();
    painter.strokePath(path, QPen(color, std::max(1.0, width * scale), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
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
    if (!hasImage() || m_drawing || m_dragging) {
        QWidget::mousePressEvent(event);
        return;
    }
    const bool drawingMode = m_drawingMode != DrawingMode::None;
    if (drawingMode && event->button() == Qt::LeftButton) {
        m_drawing = true;
        m_drawStart = event->position();
        m_drawCurrent = event->position();
        m_strokeInProgress.clear();
        if (m_drawingMode == DrawingMode::Brush)
            m_strokeInProgress.append(imagePixelAt(event->position()));
        update();
        event->accept();
        return;
    }
    const bool panButton = drawingMode ? (event->button() == Qt::MiddleButton || event->button() == Qt::RightButton)
                                       : event->button() == Qt::LeftButton;
    if (!panButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    m_dragging = true;
    m_panButton = event->button();
    m_dragStart = event->position();
    m_originAtDragStart = m_origin;
    setCursor(Qt::ClosedHandCursor);
    event->accept();
}

void ImageView::mouseMoveEvent(QMouseEvent* event)
{
    if (m_drawing) {
        m_drawCurrent = event->position();
        if (m_drawingMode == DrawingMode::Brush) {
            const QPoint pixel = imagePixelAt(event->position());
            if (m_strokeInProgress.isEmpty() || m_strokeInProgress.last() != pixel)
                m_strokeInProgress.append(pixel);
        }
        update();
        event->accept();
        return;
    }
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
    if (m_drawing && event->button() == Qt::LeftButton) {
        m_drawing = false;
        m_drawCurrent = event->position();
        if (m_drawingMode == DrawingMode::Rectangle) {
            const QPointF moved = event->position() - m_drawStart;
            const QRect rect = draggedRect(event->position());
            if (std::max(std::abs(moved.x()), std::abs(moved.y())) >= kMinimumRectDrag && !rect.isEmpty())
                Q_EMIT occlusionRectDrawn(rect);
        } else {
            const QPoint pixel = imagePixelAt(event->position());
            if (m_strokeInProgress.isEmpty() || m_strokeInProgress.last() != pixel)
                m_strokeInProgress.append(pixel);
            const QList<QPoint> points = std::exchange(m_strokeInProgress, {});
            Q_EMIT strokeDrawn(points, m_brushWidth);
        }
        update();
        event->accept();
        return;
    }
    if (!m_dragging || event->button() != m_panButton) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    m_dragging = false;
    updateCursor();
    event->accept();
}

void ImageView::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (m_drawingMode != DrawingMode::None) {
        // The second press of a double-click is not a new shape; the first one already was.
        event->accept();
        return;
    }
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
