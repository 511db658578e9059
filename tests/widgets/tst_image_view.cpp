// ImageView: fit and 1:1 geometry, zoom about the cursor, pan by drag, and pixel-exact rendering at 1:1 (the
// grabbed widget must contain the image's own pixels, one per device pixel). Run twice by CTest: at scale 1 and
// with QT_SCALE_FACTOR=2 (HiDPI).

#include "image_view.h"

#include <QApplication>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

#include <cmath>

using namespace vlmprobe;

namespace {

// Neighbouring pixels differ, so any resampling (smoothing, half-pixel shift) changes the grabbed colours.
QImage noiseImage(int width, int height, quint32 seed)
{
    QImage image(width, height, QImage::Format_RGB32);
    QRandomGenerator random(seed);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x)
            image.setPixel(x, y, qRgb(random.bounded(256), random.bounded(256), random.bounded(256)));
    }
    return image;
}

void sendWheel(QWidget* widget, QPointF position, int delta)
{
    QWheelEvent event(position, widget->mapToGlobal(position), QPoint(), QPoint(0, delta), Qt::NoButton, Qt::NoModifier,
        Qt::NoScrollPhase, false);
    QApplication::sendEvent(widget, &event);
}

} // namespace

class TestImageView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void scaleFactorApplies();
    void fitsTheWindow();
    void refitsOnResizeUntilZoomed();
    void actualPixelsArePixelExact();
    void magnifiedPixelsStaySharp();
    void wheelZoomsAboutTheCursor();
    void dragPans();
    void keysAndDoubleClick();
    void emptyViewIsSafe();
    void heatMapColoursWhereMassIsHigh();

private:
    ImageView* m_view = nullptr;
};

void TestImageView::init()
{
    m_view = new ImageView;
    m_view->resize(400, 300);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view));
}

void TestImageView::cleanup()
{
    delete m_view;
    m_view = nullptr;
}

void TestImageView::scaleFactorApplies()
{
    const QString factor = qEnvironmentVariable("QT_SCALE_FACTOR");
    if (factor.isEmpty())
        QCOMPARE(m_view->devicePixelRatioF(), 1.0);
    else
        QCOMPARE(m_view->devicePixelRatioF(), factor.toDouble());
}

void TestImageView::fitsTheWindow()
{
    const double ratio = m_view->devicePixelRatioF();
    QSignalSpy zooms(m_view, &ImageView::zoomChanged);
    m_view->setImage(noiseImage(800, 200, 1));
    QVERIFY(m_view->isFitting());
    // Width-bound: 400 logical pixels = 400 * ratio device pixels for 800 image pixels.
    QCOMPARE(m_view->zoom(), 400.0 * ratio / 800.0);
    // The signal reports changes only (at scale 2 this fit is exactly the default zoom of 1).
    QCOMPARE(zooms.count(), m_view->zoom() != 1.0 ? 1 : 0);
    // Centred vertically: shown height is 100 logical pixels in a 300-pixel widget.
    QCOMPARE(m_view->imageOrigin(), QPointF(0.0, 100.0));
    QCOMPARE(m_view->mapFromImage(QPointF(800, 200)), QPointF(400.0, 200.0));

    m_view->setImage(noiseImage(100, 300, 2));
    QCOMPARE(m_view->zoom(), 300.0 * ratio / 300.0);
}

void TestImageView::refitsOnResizeUntilZoomed()
{
    m_view->setImage(noiseImage(200, 200, 3));
    const double ratio = m_view->devicePixelRatioF();
    QCOMPARE(m_view->zoom(), 300.0 * ratio / 200.0);
    m_view->resize(200, 500);
    QCOMPARE(m_view->zoom(), 200.0 * ratio / 200.0);

    m_view->zoomIn();
    QVERIFY(!m_view->isFitting());
    const double zoomed = m_view->zoom();
    m_view->resize(600, 600);
    QCOMPARE(m_view->zoom(), zoomed);
    m_view->fitToWindow();
    QVERIFY(m_view->isFitting());
    QCOMPARE(m_view->zoom(), 600.0 * ratio / 200.0);
}

void TestImageView::actualPixelsArePixelExact()
{
    const QImage image = noiseImage(61, 47, 4);
    m_view->setImage(image);
    m_view->showActualPixels();
    QCOMPARE(m_view->zoom(), 1.0);
    QVERIFY(!m_view->isFitting());

    const double ratio = m_view->devicePixelRatioF();
    const QImage grabbed = m_view->grab().toImage().convertToFormat(QImage::Format_RGB32);
    QCOMPARE(grabbed.width(), qRound(400 * ratio));
    const QPointF origin = m_view->imageOrigin() * ratio;
    // The origin sits on a device pixel, so image pixel (x, y) is device pixel origin + (x, y).
    QCOMPARE(origin.x(), std::round(origin.x()));
    QCOMPARE(origin.y(), std::round(origin.y()));
    const QPoint offset(qRound(origin.x()), qRound(origin.y()));
    int mismatches = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            mismatches += grabbed.pixel(offset + QPoint(x, y)) != image.pixel(x, y);
    }
    QCOMPARE(mismatches, 0);
}

void TestImageView::magnifiedPixelsStaySharp()
{
    const QImage image = noiseImage(20, 15, 5);
    m_view->setImage(image);
    m_view->showActualPixels();
    m_view->zoomBy(4.0, QPointF(200, 150));
    QCOMPARE(m_view->zoom(), 4.0);

    const double ratio = m_view->devicePixelRatioF();
    const QImage grabbed = m_view->grab().toImage().convertToFormat(QImage::Format_RGB32);
    const QPointF origin = m_view->imageOrigin() * ratio;
    const QPoint offset(qRound(origin.x()), qRound(origin.y()));
    // Each image pixel is a solid 4x4 block of device pixels: no smoothing across pixel edges.
    int mismatches = 0;
    for (int y = 0; y < image.height() * 4; ++y) {
        for (int x = 0; x < image.width() * 4; ++x)
            mismatches += grabbed.pixel(offset + QPoint(x, y)) != image.pixel(x / 4, y / 4);
    }
    QCOMPARE(mismatches, 0);
}

void TestImageView::wheelZoomsAboutTheCursor()
{
    m_view->setImage(noiseImage(640, 480, 6));
    const double before = m_view->zoom();
    const QPointF cursor(120.0, 90.0);
    const QPointF imagePoint = m_view->mapToImage(cursor);

    sendWheel(m_view, cursor, 120);
    QCOMPARE(m_view->zoom(), before * 1.25);
    QVERIFY(!m_view->isFitting());
    // Snapping the origin to device pixels moves the anchored point by less than one device pixel.
    const double tolerance = 1.0 / m_view->zoom();
    QVERIFY(std::abs(m_view->mapToImage(cursor).x() - imagePoint.x()) <= tolerance);
    QVERIFY(std::abs(m_view->mapToImage(cursor).y() - imagePoint.y()) <= tolerance);

    sendWheel(m_view, cursor, -240);
    QVERIFY(std::abs(m_view->zoom() - before / 1.25) < 1e-9);

    // Limits hold however far the wheel turns.
    for (int i = 0; i < 100; ++i)
        sendWheel(m_view, cursor, 1200);
    QCOMPARE(m_view->zoom(), ImageView::kMaximumZoom);
    for (int i = 0; i < 100; ++i)
        sendWheel(m_view, cursor, -1200);
    QCOMPARE(m_view->zoom(), ImageView::kMinimumZoom);
}

void TestImageView::dragPans()
{
    m_view->setImage(noiseImage(640, 480, 7));
    m_view->showActualPixels();
    m_view->zoomBy(2.0, QPointF(200, 150));
    const QPointF before = m_view->imageOrigin();

    QTest::mousePress(m_view, Qt::LeftButton, {}, QPoint(200, 150));
    QTest::mouseMove(m_view, QPoint(170, 130));
    QTest::mouseRelease(m_view, Qt::LeftButton, {}, QPoint(170, 130));
    const QPointF moved = m_view->imageOrigin() - before;
    const double device = 1.0 / m_view->devicePixelRatioF();
    QVERIFY2(std::abs(moved.x() + 30.0) <= device && std::abs(moved.y() + 20.0) <= device,
        qPrintable(QStringLiteral("moved by %1, %2").arg(moved.x()).arg(moved.y())));

    // Dragging far away stops at the image edge: the view never shows empty space beside a larger image.
    for (int i = 0; i < 5; ++i) {
        QTest::mousePress(m_view, Qt::LeftButton, {}, QPoint(10, 10));
        QTest::mouseMove(m_view, QPoint(390, 290));
        QTest::mouseRelease(m_view, Qt::LeftButton, {}, QPoint(390, 290));
    }
    QCOMPARE(m_view->imageOrigin(), QPointF(0.0, 0.0));
    for (int i = 0; i < 5; ++i) {
        QTest::mousePress(m_view, Qt::LeftButton, {}, QPoint(390, 290));
        QTest::mouseMove(m_view, QPoint(10, 10));
        QTest::mouseRelease(m_view, Qt::LeftButton, {}, QPoint(10, 10));
    }
    const QPointF shown = m_view->mapFromImage(QPointF(640, 480));
    QCOMPARE(shown, QPointF(400.0, 300.0));
}

void TestImageView::keysAndDoubleClick()
{
    m_view->setImage(noiseImage(100, 100, 8));
    m_view->setFocus();
    QTest::keyClick(m_view, Qt::Key_1);
    QCOMPARE(m_view->zoom(), 1.0);
    QTest::keyClick(m_view, Qt::Key_Plus);
    QCOMPARE(m_view->zoom(), 1.25);
    QTest::keyClick(m_view, Qt::Key_Minus);
    QCOMPARE(m_view->zoom(), 1.0);
    QTest::keyClick(m_view, Qt::Key_0);
    QVERIFY(m_view->isFitting());

    QTest::mouseDClick(m_view, Qt::LeftButton, {}, QPoint(200, 150));
    QCOMPARE(m_view->zoom(), 1.0);
    QTest::mouseDClick(m_view, Qt::LeftButton, {}, QPoint(200, 150));
    QVERIFY(m_view->isFitting());
}

void TestImageView::emptyViewIsSafe()
{
    m_view->setPlaceholderText(QStringLiteral("Nothing here"));
    QVERIFY(!m_view->hasImage());
    m_view->zoomIn();
    sendWheel(m_view, QPointF(10, 10), 120);
    QTest::mousePress(m_view, Qt::LeftButton, {}, QPoint(10, 10));
    QTest::mouseRelease(m_view, Qt::LeftButton, {}, QPoint(10, 10));
    QVERIFY(!m_view->grab().isNull());
    m_view->setImage(noiseImage(10, 10, 9));
    m_view->clear();
    QVERIFY(!m_view->hasImage());
    QCOMPARE(m_view->placeholderText(), QStringLiteral("Nothing here"));
    QVERIFY(!m_view->grab().isNull());
}

void TestImageView::heatMapColoursWhereMassIsHigh()
{
    // A uniform grey image, fitted: 200 x 100 image pixels shown as 400 x 200 logical pixels from (0, 50).
    QImage image(200, 100, QImage::Format_RGB32);
    image.fill(qRgb(128, 128, 128));
    m_view->setImage(image);
    QCOMPARE(m_view->imageOrigin(), QPointF(0.0, 50.0));
    // Two cells: no mass on the left, all of it on the right.
    QImage heat(2, 1, QImage::Format_Grayscale8);
    heat.scanLine(0)[0] = 0;
    heat.scanLine(0)[1] = 255;
    m_view->setHeatMap(heat, 0.8);
    QVERIFY(m_view->hasHeatMap());
    QCOMPARE(m_view->heatMapOpacity(), 0.8);

    const double ratio = m_view->devicePixelRatioF();
    const auto pixelAt = [&](int x, int y) {
        return m_view->grab()
            .toImage()
            .convertToFormat(QImage::Format_RGB32)
            .pixel(qRound(x * ratio), qRound(y * ratio));
    };
    const QPoint cold(40, 150); // image pixel (20, 50): left cell, zero mass
    const QPoint hot(360, 150); // image pixel (180, 50): right cell, full mass
    QCOMPARE(pixelAt(cold.x(), cold.y()), qRgb(128, 128, 128));
    // The hottest ramp colour is pure red at 80 %: 0.8 * 255 + 0.2 * 128 = 229.6, 0.2 * 128 = 25.6.
    const QRgb heated = pixelAt(hot.x(), hot.y());
    QVERIFY2(
        std::abs(qRed(heated) - 230) <= 2 && std::abs(qGreen(heated) - 26) <= 2 && std::abs(qBlue(heated) - 26) <= 2,
        qPrintable(QString::number(heated, 16)));

    // setImage keeps the heat map; hiding or clearing it restores the image's own pixels.
    m_view->setImage(image);
    QCOMPARE(pixelAt(hot.x(), hot.y()), heated);
    m_view->setHeatMapVisible(false);
    QCOMPARE(pixelAt(hot.x(), hot.y()), qRgb(128, 128, 128));
    m_view->setHeatMapVisible(true);
    QCOMPARE(pixelAt(hot.x(), hot.y()), heated);
    m_view->clearHeatMap();
    QVERIFY(!m_view->hasHeatMap());
    QCOMPARE(pixelAt(hot.x(), hot.y()), qRgb(128, 128, 128));
    m_view->setHeatMap(QImage(), 0.5);
    QVERIFY(!m_view->hasHeatMap());
}

QTEST_MAIN(TestImageView)
#include "tst_image_view.moc"
