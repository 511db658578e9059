#pragma once
// ImageView: shows one image with zoom (wheel, keys), pan (drag) and two fixed views: fit to the window and 1:1.
//
// Zoom is measured in device pixels per image pixel, so 1:1 ("actual pixels") maps one image pixel onto one
// physical pixel on any screen, HiDPI included, and stays crisp (nearest-neighbour sampling at zoom >= 1; smooth
// filtering only when the image is shown smaller than its size). In fit mode the view refits on every resize until
// the user zooms or pans. GUI thread only.

#include <QImage>
#include <QPointF>
#include <QWidget>

namespace vlmprobe {

class ImageView : public QWidget {
    Q_OBJECT
public:
    explicit ImageView(QWidget* parent = nullptr);

    // Shows `image` fitted to the window; a null image shows the placeholder text.
    void setImage(const QImage& image);
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

public Q_SLOTS:
    void fitToWindow();
    void showActualPixels();
    void zoomIn();
    void zoomOut();
    // Multiplies the zoom by `factor`, keeping the image point under `anchor` (widget coordinates) in place.
    void zoomBy(double factor, QPointF anchor);

Q_SIGNALS:
    void zoomChanged(double zoom);

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

    QImage m_image;
    QString m_placeholder;
    double m_zoom = 1.0;
    bool m_fitting = true;
    QPointF m_origin;
    bool m_dragging = false;
    QPointF m_dragStart;
    QPointF m_originAtDragStart;
};

} // namespace vlmprobe
