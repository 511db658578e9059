// ImageView drawing mode: rectangles and brush strokes drawn with the mouse come out in image pixel coordinates
// under fit, zoom and pan, and the overlay is painted where the image pixels are. Run twice by CTest: at scale 1
// and with QT_SCALE_FACTOR=2 (HiDPI); every expected value below holds at both, because the geometry is set up in
// logical pixels (fit to the window, then zoom by 2).

#include "image_view.h"

#include <QSignalSpy>
#include <QTest>

using namespace vlmprobe;

namespace {

QImage grayImage(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(qRgb(128, 128, 128));
    return image;
}

void drag(QWidget* widget, Qt::MouseButton button, const QList<QPoint>& path)
{
    QTest::mousePress(widget, button, {}, path.first());
    for (qsizetype i = 1; i < path.size(); ++i)
        QTest::mouseMove(widget, path[i]);
    QTest::mouseRelease(widget, button, {}, path.last());
}

} // namespace

class TestImageViewDrawing : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void rectangleUnderZoom();
    void rectangleIsClippedToTheImage();
    void panWithMiddleButtonThenDraw();
    void brushStroke();
    void clicksAreNotRectangles();
    void overlayIsPaintedOnTheImagePixels();
    void noDrawingWithoutMode();

private:
    // 200x150 image fitted into 400x300: 2 logical pixels per image pixel, origin (0, 0); zoomed by 2 about the
    // top-left corner: 4 logical pixels per image pixel, origin still (0, 0).
    void showZoomedImage();

    ImageView* m_view = nullptr;
};

void TestImageViewDrawing::init()
{
    m_view = new ImageView;
    m_view->resize(400, 300);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view));
}

void TestImageViewDrawing::cleanup()
{
    delete m_view;
    m_view = nullptr;
}

void TestImageViewDrawing::showZoomedImage()
{
    m_view->setImage(grayImage(200, 150));
    QCOMPARE(m_view->mapFromImage(QPointF(200, 150)), QPointF(400, 300));
    m_view->zoomBy(2.0, QPointF(0, 0));
    QCOMPARE(m_view->imageOrigin(), QPointF(0, 0));
    QCOMPARE(m_view->mapFromImage(QPointF(10, 10)), QPointF(40, 40));
}

void TestImageViewDrawing::rectangleUnderZoom()
{
    showZoomedImage();
    m_view->setDrawingMode(ImageView::DrawingMode::Rectangle);
    QSignalSpy rects(m_view, &ImageView::occlusionRectDrawn);
    // (100, 60) / 4 = (25, 15); (180, 140) / 4 = (45, 35).
    drag(m_view, Qt::LeftButton, { QPoint(100, 60), QPoint(150, 100), QPoint(180, 140) });
    QCOMPARE(rects.count(), 1);
    QCOMPARE(rects.at(0).at(0).toRect(), QRect(25, 15, 20, 20));
    // Dragging up-left gives the same rectangle; edges snap to the nearest pixel boundary: 102/4 = 25.5 -> 26,
    // 57/4 = 14.25 -> 14, 181/4 = 45.25 -> 45, 139/4 = 34.75 -> 35.
    drag(m_view, Qt::LeftButton, { QPoint(181, 139), QPoint(102, 57) });
    QCOMPARE(rects.count(), 2);
    QCOMPARE(rects.at(1).at(0).toRect(), QRect(26, 14, 19, 21));
    // Drawing never pans.
    QCOMPARE(m_view->imageOrigin(), QPointF(0, 0));
}

void TestImageViewDrawing::rectangleIsClippedToTheImage()
{
    // 200x100 in 400x300: scale 2, centred vertically at y = 50.
    m_view->setImage(grayImage(200, 100));
    QCOMPARE(m_view->imageOrigin(), QPointF(0, 50));
    m_view->setDrawingMode(ImageView::DrawingMode::Rectangle);
    QSignalSpy rects(m_view, &ImageView::occlusionRectDrawn);
    // (380, 20) -> (190, -15) is above the image; (300, 100) -> (150, 25).
    drag(m_view, Qt::LeftButton, { QPoint(380, 20), QPoint(300, 100) });
    QCOMPARE(rects.count(), 1);
    QCOMPARE(rects.at(0).at(0).toRect(), QRect(150, 0, 40, 25));
    // Entirely outside the image: nothing.
    drag(m_view, Qt::LeftButton, { QPoint(10, 5), QPoint(300, 40) });
    QCOMPARE(rects.count(), 1);
}

void TestImageViewDrawing::panWithMiddleButtonThenDraw()
{
    showZoomedImage();
    m_view->setDrawingMode(ImageView::DrawingMode::Rectangle);
    QSignalSpy rects(m_view, &ImageView::occlusionRectDrawn);
    drag(m_view, Qt::MiddleButton, { QPoint(200, 150), QPoint(160, 130) });
    QCOMPARE(rects.count(), 0);
    QCOMPARE(m_view->imageOrigin(), QPointF(-40, -20));
    // ((60 + 40) / 4, (40 + 20) / 4) = (25, 15); ((140 + 40) / 4, (120 + 20) / 4) = (45, 35).
    drag(m_view, Qt::LeftButton, { QPoint(60, 40), QPoint(140, 120) });
    QCOMPARE(rects.count(), 1);
    QCOMPARE(rects.at(0).at(0).toRect(), QRect(25, 15, 20, 20));
}

void TestImageViewDrawing::brushStroke()
{
    showZoomedImage();
    m_view->setDrawingMode(ImageView::DrawingMode::Brush);
    m_view->setBrushWidth(6);
    QSignalSpy strokes(m_view, &ImageView::strokeDrawn);
    // Pixels under the cursor: (10, 10) / 4 = (2.5, 2.5) -> (2, 2); (14, 10) -> (3, 2); (15, 11) -> (3, 2) again,
    // dropped; (30, 50) -> (7, 12); (-20, 50) clamps to (0, 12).
    drag(m_view, Qt::LeftButton, { QPoint(10, 10), QPoint(14, 10), QPoint(15, 11), QPoint(30, 50), QPoint(-20, 50) });
    QCOMPARE(strokes.count(), 1);
    const QList<QPoint> expected { QPoint(2, 2), QPoint(3, 2), QPoint(7, 12), QPoint(0, 12) };
    QCOMPARE(strokes.at(0).at(0).value<QList<QPoint>>(), expected);
    QCOMPARE(strokes.at(0).at(1).toInt(), 6);

    m_view->setBrushWidth(0);
    QCOMPARE(m_view->brushWidth(), 1);
}

void TestImageViewDrawing::clicksAreNotRectangles()
{
    showZoomedImage();
    m_view->setDrawingMode(ImageView::DrawingMode::Rectangle);
    QSignalSpy rects(m_view, &ImageView::occlusionRectDrawn);
    drag(m_view, Qt::LeftButton, { QPoint(100, 100), QPoint(101, 101) });
    QTest::mouseDClick(m_view, Qt::LeftButton, {}, QPoint(100, 100));
    QCOMPARE(rects.count(), 0);
    // A double-click in drawing mode does not toggle the zoom either.
    QVERIFY(!m_view->isFitting());
}

void TestImageViewDrawing::overlayIsPaintedOnTheImagePixels()
{
    showZoomedImage();
    m_view->setOverlayShapes({ QRect(25, 15, 20, 20) }, { OverlayStroke { { QPoint(80, 10), QPoint(90, 10) }, 4 } });
    QCOMPARE(m_view->overlayRects().size(), 1);
    const double ratio = m_view->devicePixelRatioF();
    const QImage grabbed = m_view->grab().toImage().convertToFormat(QImage::Format_RGB32);
    const auto at = [&](QPointF logical) { return QColor(grabbed.pixel((logical * ratio).toPoint())); };
    // Inside the rectangle (image (35, 25) -> logical (140, 100)): tinted red.
    const QColor inside = at(QPointF(140, 100));
    QVERIFY2(inside.red() > inside.green() + 40, qPrintable(inside.name()));
    // On the stroke (image (85, 10) -> logical (342, 42)).
    const QColor onStroke = at(QPointF(342, 42));
    QVERIFY2(onStroke.red() > onStroke.green() + 40, qPrintable(onStroke.name()));
    // Outside both (image (10, 60) -> logical (40, 240)): the image's own gray.
    QCOMPARE(at(QPointF(40, 240)), QColor(128, 128, 128));

    m_view->clearOverlayShapes();
    const QImage plain = m_view->grab().toImage().convertToFormat(QImage::Format_RGB32);
    QCOMPARE(QColor(plain.pixel((QPointF(140, 100) * ratio).toPoint())), QColor(128, 128, 128));
}

void TestImageViewDrawing::noDrawingWithoutMode()
{
    showZoomedImage();
    QSignalSpy rects(m_view, &ImageView::occlusionRectDrawn);
    m_view->setDrawingMode(ImageView::DrawingMode::Rectangle);
    m_view->setDrawingMode(ImageView::DrawingMode::None);
    drag(m_view, Qt::LeftButton, { QPoint(200, 150), QPoint(160, 130) });
    QCOMPARE(rects.count(), 0);
    QCOMPARE(m_view->imageOrigin(), QPointF(-40, -20));
}

QTEST_MAIN(TestImageViewDrawing)
#include "tst_image_view_drawing.moc"
