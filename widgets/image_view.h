#pragma once
// ImageView: shows one image with zoom (wheel, keys), pan (drag) and two fixed views: fit to the window and 1:1.
//
// Zoom is measured in device pixels per image pixel, so 1:1 ("actual pixels") maps one image pixel onto one
// physical pixel on any screen, HiDPI included, and stays crisp (nearest-neighbour sampling at zoom >= 1; smooth
// filtering only when the image is shown smaller than its size). In fit mode the view refits on every resize until
// the user zooms or pans. GUI thread only.
//
// Drawing mode (occlusion recipes): with a mode other than None, a left-button drag draws a rectangle or a brush
// stroke instead of panning (the middle or right button still pans). Shapes are reported in IMAGE pixel
// coordinates, whatever the zoom, pan or device pixel ratio: rectangle edges snap to the nearest pixel boundary
// and are clipped to the image; stroke points are the pixels under the cursor (clamped to the image), with
// consecutive duplicates dropped. The view does not keep what was drawn: the owner decides (a recipe, an undo
// step) and shows the result with setOverlayShapes().
//
// Heat map (attention read-out): a grayscale image of any size (e.g. one pixel per merged vision unit) stretched
// over the whole image with smooth filtering and drawn as a translucent colour ramp: black (0) is fully transparent,
// white (255) is the ramp's hottest colour at `opacity`. It is independent of the image: setImage() keeps it, so
// that the owner can set both in either order; the owner clears it when it no longer applies.

#include <QColor>
#include <QImage>
#include <QList>
#include <QPoint>
#include <QPointF>
#include <QRect>
#include <QWidget>

class QPainter;

namespace vlmprobe {

// One brush stroke of an occlusion overlay: a polyline through image pixels, `width` image pixels wide.
struct OverlayStroke {
    QList<QPoint> points;
    int width = 1;

    friend bool operator==(const OverlayStroke&, const OverlayStroke&) = default;
};

class ImageView : public QWidget {
    Q_OBJECT
public:
    explicit ImageView(QWidget* parent = nullptr);

    // Shows `image` fitted to the window; a null image shows the placeholder text.
    void setImage(const QImage& image);
    // As setImage, but an image of the same size keeps the current zoom and pan (a live preview of the same image).
    void replaceImage(const QImage& image);
    void clear();
    const QImage& image() const { return m_image; }
    bool hasImage() const { return !m_image.isNull(); }

    void setPlaceholderText(const QString& text);
    QString placeholderText() const { return m_placeholder; }

    // Device pixels per image pixel (1.0 is 1:1).
    double zoom() const { return m_zoom; }
    bool isFitting() const { return m_fitting; }
    // Where image pixel (0, 0)'s top-left corner lies, in widget (logical) coordinates.
    QPointF imageOrigin() const { return m_origin; }
    // Maps an image position (in image pixels) to widget coordinates and back.
    QPointF mapFromImage(QPointF imagePoint) const;
    QPointF mapToImage(QPointF widgetPoint) const;

    static constexpr double kMinimumZoom = 1.0 / 64.0;
    static constexpr double kMaximumZoom = 64.0;

    enum class DrawingMode { None, Rectangle, Brush };
    DrawingMode drawingMode() const { return m_drawingMode; }
    void setDrawingMode(DrawingMode mode);
    // Brush width in image pixels (at least 1).
    int brushWidth() const { return m_brushWidth; }
    void setBrushWidth(int width);

    // Shapes drawn over the image (image pixel coordinates), e.g. the current occlusion recipe.
    void setOverlayShapes(const QList<QRect>& rects, const QList<OverlayStroke>& strokes);
    void clearOverlayShapes();
    const QList<QRect>& overlayRects() const { return m_overlayRects; }
    const QList<OverlayStroke>& overlayStrokes() const { return m_overlayStrokes; }
    void setOverlayColor(const QColor& color);
    QColor overlayColor() const { return m_overlayColor; }

    // `heat` is converted to 8-bit grayscale; `opacity` is clamped to [0, 1]. A null image clears the heat map.
    void setHeatMap(const QImage& heat, double opacity = 0.6);
    void clearHeatMap();
    bool hasHeatMap() const { return !m_heat.isNull(); }
    const QImage& heatMap() const { return m_heat; } // Format_Grayscale8
    double heatMapOpacity() const { return m_heatOpacity; }
    // Hides the heat map without dropping it (the panel's "Attention" toggle); visible by default.
    void setHeatMapVisible(bool visible);
    bool isHeatMapVisible() const { return m_heatVisible; }

public Q_SLOTS:
    void fitToWindow();
    void showActualPixels();
    void zoomIn();
    void zoomOut();
    // Multiplies the zoom by `factor`, keeping the image point under `anchor` (widget coordinates) in place.
    void zoomBy(double factor, QPointF anchor);

Q_SIGNALS:
    void zoomChanged(double zoom);
    // A finished drag in DrawingMode::Rectangle; never empty, always inside the image.
    void occlusionRectDrawn(const QRect& rect);
    // A finished drag in DrawingMode::Brush; at least one point.
    void strokeDrawn(const QList<QPoint>& points, int width);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    QSize sizeHint() const override;

private:
    double devicePixelRatioOrOne() const;
    double fitZoom() const;
    // Image size in widget (logical) units at the current zoom.
    QSizeF displayedSize() const;
    void setZoom(double zoom, QPointF anchor);
    // Keeps the image on screen: centred along an axis where it is smaller than the widget, otherwise without gaps.
    void constrainOrigin();
    void snapOriginToDevicePixels();
    QRect draggedRect(QPointF widgetEnd) const;
    QPoint imagePixelAt(QPointF widgetPoint) const;
    void paintOverlay(QPainter& painter) const;
    void paintHeatMap(QPainter& painter) const;
    void paintStroke(QPainter& painter, const QList<QPoint>& points, int width) const;
    void updateCursor();

    QImage m_image;
    QString m_placeholder;
    double m_zoom = 1.0;
    bool m_fitting = true;
    QPointF m_origin;
    bool m_dragging = false; // panning
    Qt::MouseButton m_panButton = Qt::LeftButton;
    QPointF m_dragStart;
    QPointF m_originAtDragStart;

    DrawingMode m_drawingMode = DrawingMode::None;
    int m_brushWidth = 8;
    bool m_drawing = false; // a left-button drag that draws (drawing mode) rather than pans
    QPointF m_drawStart; // widget coordinates
    QPointF m_drawCurrent;
    QList<QPoint> m_strokeInProgress; // image pixels
    QList<QRect> m_overlayRects;
    QList<OverlayStroke> m_overlayStrokes;
    QColor m_overlayColor = QColor(255, 64, 64);

    QImage m_heat; // grayscale, as given
    QImage m_heatColoured; // premultiplied ARGB, the colour ramp applied (rebuilt when the heat map changes)
    double m_heatOpacity = 0.6;
    bool m_heatVisible = true;
};

} // namespace vlmprobe
