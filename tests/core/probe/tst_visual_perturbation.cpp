// Visual perturbations: output size and format per kind, byte-identical determinism, content addressing as the
// workspace's image store does it, one pixel-level property per operation (checked through QImage, not OpenCV),
// severity recipes, and bad input.

#include "probe_fixture.h"

#include "probe/probe_error.h"
#include "probe/visual_perturbation.h"
#include "workspace/image_store.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QImage>
#include <QJsonArray>
#include <QTest>

using namespace vlmprobe;
using namespace vlmprobe::test;
using namespace Qt::Literals::StringLiterals;

namespace {

StoredImage pngImage(const QByteArray& bytes, int width, int height)
{
    return { {}, bytes, u"png"_s, width, height };
}

// 64 x 48: gradient with a checkerboard in the top-left quarter.
StoredImage source()
{
    return pngImage(testPng(64, 48), 64, 48);
}

StoredImage uniform(int grey)
{
    QImage image(16, 8, QImage::Format_RGB32);
    image.fill(qRgb(grey, grey, grey));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return pngImage(bytes, 16, 8);
}

QImage decoded(const StoredImage& image)
{
    return QImage::fromData(image.bytes).convertToFormat(QImage::Format_RGB32);
}

// Variance of the 4-neighbour Laplacian of the grey image over interior pixels: a sharpness measure.
double laplacianVariance(const QImage& image)
{
    const auto grey = [&image](int x, int y) { return double(qGray(image.pixel(x, y))); };
    double sum = 0;
    double sumSquares = 0;
    int count = 0;
    for (int y = 1; y + 1 < image.height(); ++y) {
        for (int x = 1; x + 1 < image.width(); ++x) {
            const double value = 4 * grey(x, y) - grey(x - 1, y) - grey(x + 1, y) - grey(x, y - 1) - grey(x, y + 1);
            sum += value;
            sumSquares += value * value;
            ++count;
        }
    }
    const double mean = sum / count;
    return sumSquares / count - mean * mean;
}

} // namespace

class TestVisualPerturbation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sizeAndFormat_data();
    void sizeAndFormat();
    void deterministicAndContentAddressed_data();
    void deterministicAndContentAddressed();
    void occlusionPaintsTheColour();
    void blurLowersSharpness();
    void jpegQualityShrinksTheFile();
    void rotationByNinetyIsAPermutation();
    void cropKeepsTheRegion();
    void brightnessContrastMapsGreyLevels();
    void noiseIsSeeded();
    void overlayWritesText();
    void severityRecipes();
    void rejectsBadInput_data();
    void rejectsBadInput();
};

void TestVisualPerturbation::sizeAndFormat_data()
{
    QTest::addColumn<ConditionKind>("kind");
    QTest::addColumn<QJsonObject>("recipe");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<QString>("format");

    QTest::newRow("blur") << ConditionKind::GaussianBlur << QJsonObject { { u"sigma"_s, 2.0 } } << 64 << 48 << u"png"_s;
    QTest::newRow("noise") << ConditionKind::Noise << QJsonObject { { u"stddev"_s, 20.0 }, { u"seed"_s, 7 } } << 64
                           << 48 << u"png"_s;
    QTest::newRow("jpeg") << ConditionKind::JpegQuality << QJsonObject { { u"quality"_s, 50 } } << 64 << 48
                          << u"jpeg"_s;
    QTest::newRow("occlusion") << ConditionKind::Occlusion << QJsonObject { { u"coverage"_s, 0.25 } } << 64 << 48
                               << u"png"_s;
    QTest::newRow("crop rect") << ConditionKind::Crop << QJsonObject { { u"rect"_s, QJsonArray { 8, 4, 20, 10 } } }
                               << 20 << 10 << u"png"_s;
    QTest::newRow("crop fraction") << ConditionKind::Crop << QJsonObject { { u"fraction"_s, 0.5 } } << 32 << 24
                                   << u"png"_s;
    QTest::newRow("rotation 90") << ConditionKind::Rotation << QJsonObject { { u"degrees"_s, 90 } } << 48 << 64
                                 << u"png"_s;
    QTest::newRow("rotation -90") << ConditionKind::Rotation << QJsonObject { { u"degrees"_s, -90 } } << 48 << 64
                                  << u"png"_s;
    QTest::newRow("rotation 180") << ConditionKind::Rotation << QJsonObject { { u"degrees"_s, 180 } } << 64 << 48
                                  << u"png"_s;
    // ceil((48 + 64) * cos 45°) = ceil(79.2) = 80 on both sides.
    QTest::newRow("rotation 45") << ConditionKind::Rotation << QJsonObject { { u"degrees"_s, 45 } } << 80 << 80
                                 << u"png"_s;
    QTest::newRow("brightness") << ConditionKind::BrightnessContrast << QJsonObject { { u"brightness"_s, 0.1 } } << 64
                                << 48 << u"png"_s;
    QTest::newRow("overlay") << ConditionKind::TypographicOverlay << QJsonObject { { u"text"_s, u"4"_s } } << 64 << 48
                             << u"png"_s;
}

void TestVisualPerturbation::sizeAndFormat()
{
    QFETCH(ConditionKind, kind);
    QFETCH(QJsonObject, recipe);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(QString, format);
    const StoredImage out = applyVisualPerturbation(source(), kind, recipe);
    QCOMPARE(out.width, width);
    QCOMPARE(out.height, height);
    QCOMPARE(out.format, format);
    const QImage image = decoded(out);
    QCOMPARE(image.size(), QSize(width, height));
}

void TestVisualPerturbation::deterministicAndContentAddressed_data()
{
    sizeAndFormat_data();
}

void TestVisualPerturbation::deterministicAndContentAddressed()
{
    QFETCH(ConditionKind, kind);
    QFETCH(QJsonObject, recipe);
    const StoredImage first = applyVisualPerturbation(source(), kind, recipe);
    const StoredImage second = applyVisualPerturbation(source(), kind, recipe);
    QVERIFY(first.bytes == second.bytes);
    QCOMPARE(first, second);
    QCOMPARE(
        first.sha256, QString::fromLatin1(QCryptographicHash::hash(first.bytes, QCryptographicHash::Sha256).toHex()));
    ProbeFixture fixture;
    QCOMPARE(fixture.workspace().images().put(first), first.sha256);
    QCOMPARE(fixture.workspace().images().get(first.sha256)->bytes, first.bytes);
}

void TestVisualPerturbation::occlusionPaintsTheColour()
{
    const QJsonObject recipe { { u"rects"_s, QJsonArray { QJsonArray { 10, 10, 20, 20 } } },
        { u"strokes"_s,
            QJsonArray { QJsonObject {
                { u"points"_s, QJsonArray { QJsonArray { 5, 40 }, QJsonArray { 50, 40 } } }, { u"width"_s, 4 } } } },
        { u"color"_s, u"#ff0000"_s } };
    const QImage before = decoded(source());
    const QImage after = decoded(applyVisualPerturbation(source(), ConditionKind::Occlusion, recipe));
    for (const QPoint point :
        { QPoint(10, 10), QPoint(29, 29), QPoint(20, 15), QPoint(5, 40), QPoint(27, 41), QPoint(50, 39) })
        QCOMPARE(after.pixel(point), qRgb(255, 0, 0));
    for (const QPoint point : { QPoint(30, 30), QPoint(9, 9), QPoint(60, 5), QPoint(27, 45) })
        QCOMPARE(after.pixel(point), before.pixel(point));

    // coverage 0.25 of 64 x 48: a centred 32 x 24 rectangle at (16, 12).
    const QImage covered = decoded(applyVisualPerturbation(
        source(), ConditionKind::Occlusion, { { u"coverage"_s, 0.25 }, { u"color"_s, u"#0000ff"_s } }));
    QCOMPARE(covered.pixel(16, 12), qRgb(0, 0, 255));
    QCOMPARE(covered.pixel(47, 35), qRgb(0, 0, 255));
    QCOMPARE(covered.pixel(15, 12), before.pixel(15, 12));
    QCOMPARE(covered.pixel(48, 35), before.pixel(48, 35));
}

void TestVisualPerturbation::blurLowersSharpness()
{
    const double original = laplacianVariance(decoded(source()));
    const double mild = laplacianVariance(
        decoded(applyVisualPerturbation(source(), ConditionKind::GaussianBlur, { { u"sigma"_s, 1.0 } })));
    const double strong = laplacianVariance(
        decoded(applyVisualPerturbation(source(), ConditionKind::GaussianBlur, { { u"sigma"_s, 4.0 } })));
    QVERIFY2(mild < original / 2, qPrintable(u"%1 vs %2"_s.arg(mild).arg(original)));
    QVERIFY2(strong < mild, qPrintable(u"%1 vs %2"_s.arg(strong).arg(mild)));
}

void TestVisualPerturbation::jpegQualityShrinksTheFile()
{
    const StoredImage low = applyVisualPerturbation(source(), ConditionKind::JpegQuality, { { u"quality"_s, 10 } });
    const StoredImage high = applyVisualPerturbation(source(), ConditionKind::JpegQuality, { { u"quality"_s, 95 } });
    QVERIFY2(low.bytes.size() < high.bytes.size(),
        qPrintable(u"%1 vs %2 bytes"_s.arg(low.bytes.size()).arg(high.bytes.size())));
    QVERIFY(low.bytes.startsWith("\xff\xd8\xff"));
}

void TestVisualPerturbation::rotationByNinetyIsAPermutation()
{
    // Counter-clockwise: the top-right corner becomes the top-left one, the top-left the bottom-left.
    const QImage before = decoded(source());
    const QImage after = decoded(applyVisualPerturbation(source(), ConditionKind::Rotation, { { u"degrees"_s, 90 } }));
    QCOMPARE(after.pixel(0, 0), before.pixel(63, 0));
    QCOMPARE(after.pixel(0, 63), before.pixel(0, 0));
    QCOMPARE(after.pixel(47, 63), before.pixel(0, 47));
    QCOMPARE(after.pixel(10, 20), before.pixel(63 - 20, 10));
}

void TestVisualPerturbation::cropKeepsTheRegion()
{
    const QImage before = decoded(source());
    const QImage after = decoded(
        applyVisualPerturbation(source(), ConditionKind::Crop, { { u"rect"_s, QJsonArray { 8, 4, 20, 10 } } }));
    QCOMPARE(after.pixel(0, 0), before.pixel(8, 4));
    QCOMPARE(after.pixel(19, 9), before.pixel(27, 13));
}

void TestVisualPerturbation::brightnessContrastMapsGreyLevels()
{
    // 100 + 0.2 * 255 = 151; (100 - 127.5) * 0.5 + 127.5 = 113.75 -> 114.
    const QImage brighter = decoded(
        applyVisualPerturbation(uniform(100), ConditionKind::BrightnessContrast, { { u"brightness"_s, 0.2 } }));
    QCOMPARE(brighter.pixel(3, 3), qRgb(151, 151, 151));
    const QImage flatter
        = decoded(applyVisualPerturbation(uniform(100), ConditionKind::BrightnessContrast, { { u"contrast"_s, 0.5 } }));
    QCOMPARE(flatter.pixel(3, 3), qRgb(114, 114, 114));
    const QImage clipped = decoded(applyVisualPerturbation(
        uniform(100), ConditionKind::BrightnessContrast, { { u"brightness"_s, 1.0 }, { u"contrast"_s, 3.0 } }));
    QCOMPARE(clipped.pixel(3, 3), qRgb(255, 255, 255));
}

void TestVisualPerturbation::noiseIsSeeded()
{
    const StoredImage none = applyVisualPerturbation(uniform(100), ConditionKind::Noise, { { u"stddev"_s, 0.0 } });
    QCOMPARE(decoded(none).pixel(5, 5), qRgb(100, 100, 100));
    const StoredImage seven
        = applyVisualPerturbation(uniform(100), ConditionKind::Noise, { { u"stddev"_s, 20.0 }, { u"seed"_s, 7 } });
    const StoredImage eight
        = applyVisualPerturbation(uniform(100), ConditionKind::Noise, { { u"stddev"_s, 20.0 }, { u"seed"_s, 8 } });
    QVERIFY(seven.bytes != eight.bytes);
    const QImage noisy = decoded(seven);
    int changed = 0;
    for (int y = 0; y < noisy.height(); ++y) {
        for (int x = 0; x < noisy.width(); ++x)
            changed += noisy.pixel(x, y) != qRgb(100, 100, 100) ? 1 : 0;
    }
    QVERIFY2(changed > 16 * 8 * 3 / 4, qPrintable(QString::number(changed)));
}

void TestVisualPerturbation::overlayWritesText()
{
    const auto reddish = [](const QImage& image) {
        int count = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                const QRgb pixel = image.pixel(x, y);
                count += qRed(pixel) > 200 && qGreen(pixel) < 80 && qBlue(pixel) < 80 ? 1 : 0;
            }
        }
        return count;
    };
    const QJsonObject recipe { { u"text"_s, u"B"_s }, { u"x"_s, 30 }, { u"y"_s, 40 }, { u"size"_s, 12 } };
    const QImage before = decoded(source());
    const QImage after = decoded(applyVisualPerturbation(source(), ConditionKind::TypographicOverlay, recipe));
    QCOMPARE(reddish(before), 0);
    QVERIFY(reddish(after) > 10);
    // Drawn right of x = 30 and above the baseline y = 40 (with a pixel of anti-aliasing slack).
    for (int y = 0; y < after.height(); ++y) {
        for (int x = 0; x < after.width(); ++x) {
            if (after.pixel(x, y) != before.pixel(x, y))
                QVERIFY2(x >= 29 && y >= 26 && y <= 41, qPrintable(u"changed at %1,%2"_s.arg(x).arg(y)));
        }
    }
}

void TestVisualPerturbation::severityRecipes()
{
    QCOMPARE(recipeForSeverity(ConditionKind::GaussianBlur, 2), QJsonObject({ { u"sigma"_s, 2.0 } }));
    QCOMPARE(recipeForSeverity(ConditionKind::JpegQuality, 5), QJsonObject({ { u"quality"_s, 5 } }));
    QCOMPARE(recipeForSeverity(ConditionKind::Rotation, 3), QJsonObject({ { u"degrees"_s, 30 } }));
    QCOMPARE(recipeForSeverity(ConditionKind::Crop, 1), QJsonObject({ { u"fraction"_s, 0.9 } }));
    for (const ConditionKind kind : allConditionKinds()) {
        if (!isVisualKind(kind))
            continue;
        for (int severity = 1; severity <= 5; ++severity) {
            QJsonObject recipe = recipeForSeverity(kind, severity);
            if (kind == ConditionKind::TypographicOverlay)
                recipe.insert(u"text"_s, u"C"_s);
            const StoredImage out = applyVisualPerturbation(source(), kind, recipe);
            QVERIFY(out.width > 0 && out.height > 0);
        }
    }
    // Stronger blur severities are blurrier.
    const double one = laplacianVariance(decoded(applyVisualPerturbation(
        source(), ConditionKind::GaussianBlur, recipeForSeverity(ConditionKind::GaussianBlur, 1))));
    const double five = laplacianVariance(decoded(applyVisualPerturbation(
        source(), ConditionKind::GaussianBlur, recipeForSeverity(ConditionKind::GaussianBlur, 5))));
    QVERIFY(five < one);
    QVERIFY_THROWS_EXCEPTION(ProbeError, recipeForSeverity(ConditionKind::GaussianBlur, 0));
    QVERIFY_THROWS_EXCEPTION(ProbeError, recipeForSeverity(ConditionKind::GaussianBlur, 6));
    QVERIFY_THROWS_EXCEPTION(ProbeError, recipeForSeverity(ConditionKind::WrongCaption, 3));
}

void TestVisualPerturbation::rejectsBadInput_data()
{
    QTest::addColumn<StoredImage>("image");
    QTest::addColumn<ConditionKind>("kind");
    QTest::addColumn<QJsonObject>("recipe");
    QTest::addColumn<QString>("message");

    const QJsonObject blur { { u"sigma"_s, 2.0 } };
    QTest::newRow("garbage bytes") << pngImage(QByteArray("not an image at all"), 4, 4) << ConditionKind::GaussianBlur
                                   << blur << u"not a decodable image"_s;
    QTest::newRow("empty bytes") << pngImage(QByteArray(), 4, 4) << ConditionKind::GaussianBlur << blur
                                 << u"not a decodable image"_s;
    // A PNG that claims 20000 x 20000 pixels but holds a few bytes of pixel data.
    const QByteArray huge("\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x4e\x20\x00\x00"
                          "\x4e\x20\x08\x02\x00\x00\x00\x6c\x12\xd1\x6e\x00\x00\x00\x0b\x49\x44\x41\x54\x78\x9c\x63"
                          "\x60\x40\x05\x00\x00\x10\x00\x01\x39\xbd\x8f\x65\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42"
                          "\x60\x82",
        68);
    QTest::newRow("huge") << pngImage(huge, 20000, 20000) << ConditionKind::GaussianBlur << blur << u"20000x20000"_s;
    QTest::newRow("text kind") << source() << ConditionKind::WrongCaption << blur << u"not a visual"_s;
    QTest::newRow("missing sigma") << source() << ConditionKind::GaussianBlur << QJsonObject()
                                   << u"\"sigma\" is missing"_s;
    QTest::newRow("sigma not a number") << source() << ConditionKind::GaussianBlur
                                        << QJsonObject { { u"sigma"_s, u"big"_s } } << u"\"sigma\""_s;
    QTest::newRow("quality 0") << source() << ConditionKind::JpegQuality << QJsonObject { { u"quality"_s, 0 } }
                               << u"\"quality\""_s;
    QTest::newRow("crop outside") << source() << ConditionKind::Crop
                                  << QJsonObject { { u"rect"_s, QJsonArray { 50, 40, 20, 10 } } }
                                  << u"not a non-empty part"_s;
    QTest::newRow("bad colour") << source() << ConditionKind::Occlusion
                                << QJsonObject { { u"coverage"_s, 0.1 }, { u"color"_s, u"red"_s } } << u"\"#rrggbb\""_s;
    QTest::newRow("rects not an array") << source() << ConditionKind::Occlusion << QJsonObject { { u"rects"_s, 5 } }
                                        << u"\"rects\" must be an array"_s;
    QTest::newRow("nothing to occlude") << source() << ConditionKind::Occlusion << QJsonObject()
                                        << u"needs \"rects\""_s;
    QTest::newRow("overlay without text")
        << source() << ConditionKind::TypographicOverlay << QJsonObject() << u"\"text\""_s;
    QTest::newRow("neither brightness nor contrast")
        << source() << ConditionKind::BrightnessContrast << QJsonObject() << u"needs \"brightness\""_s;
}

void TestVisualPerturbation::rejectsBadInput()
{
    QFETCH(StoredImage, image);
    QFETCH(ConditionKind, kind);
    QFETCH(QJsonObject, recipe);
    QFETCH(QString, message);
    try {
        applyVisualPerturbation(image, kind, recipe);
        QFAIL("no ProbeError");
    } catch (const ProbeError& error) {
        QVERIFY2(error.message().contains(message), qPrintable(error.message()));
        QVERIFY(!error.message().contains(u'\n'));
    }
}

QTEST_GUILESS_MAIN(TestVisualPerturbation)
#include "tst_visual_perturbation.moc"
