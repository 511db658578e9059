// smart_resize against the table of qwen25vl.md §2.2 (computed there from the transformers and qwen-vl-utils
// formulas), half-to-even rounding, both branches, both variants and the error cases.

#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/smart_resize.h"

#include <QTest>

using vlmprobe::engine::ImageSize;
using vlmprobe::engine::InvalidInputError;
using vlmprobe::engine::smartResize;
using vlmprobe::engine::SmartResizeVariant;

Q_DECLARE_METATYPE(SmartResizeVariant)

namespace {

constexpr qint64 kMinPixels = 3136;
constexpr qint64 kShippedMax = 12845056;
constexpr qint64 kClassDefaultMax = 1003520;

} // namespace

class TestSmartResize : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void specTable_data();
    void specTable();
    void otherFactors_data();
    void otherFactors();
    void rejects_data();
    void rejects();
};

void TestSmartResize::specTable_data()
{
    QTest::addColumn<qint64>("height");
    QTest::addColumn<qint64>("width");
    QTest::addColumn<qint64>("maxPixels");
    QTest::addColumn<SmartResizeVariant>("variant");
    QTest::addColumn<int>("expectedHeight");
    QTest::addColumn<int>("expectedWidth");

    struct Row {
        int h, w;
        int hfH, hfW; // HF, shipped max 12845056
        int defaultH, defaultW; // HF, class default max 1003520
        int utilsH, utilsW; // qwen-vl-utils defaults
    };
    const Row rows[] = {
        { 224, 224, 224, 224, 224, 224, 224, 224 }, { 480, 640, 476, 644, 476, 644, 476, 644 },
        { 1080, 1920, 1092, 1932, 728, 1316, 1092, 1932 }, { 4000, 3000, 4004, 2996, 1148, 840, 4004, 2996 },
        { 1365, 2048, 1372, 2044, 812, 1204, 1372, 2044 }, { 2160, 3840, 2156, 3836, 728, 1316, 2156, 3836 },
        { 1000, 1000, 1008, 1008, 980, 980, 1008, 1008 }, { 3584, 3584, 3584, 3584, 980, 980, 3584, 3584 },
        { 700, 100, 700, 112, 700, 112, 700, 112 },
        { 98, 98, 112, 112, 112, 112, 112, 112 }, // 3.5 -> 4 (half to even, up)
        { 70, 70, 56, 56, 56, 56, 56, 56 }, // 2.5 -> 2 (half to even, down)
        { 42, 42, 56, 56, 56, 56, 56, 56 }, // 1.5 -> 2
        { 28, 28, 56, 56, 56, 56, 56, 56 }, // min-pixels branch
        { 50, 50, 56, 56, 56, 56, 56, 56 }, { 126, 126, 112, 112, 112, 112, 112, 112 }, // 4.5 -> 4
        { 154, 182, 168, 168, 168, 168, 168, 168 }, // 5.5 -> 6 and 6.5 -> 6
    };
    for (const Row& row : rows) {
        QTest::addRow("%dx%d hf", row.h, row.w)
            << qint64(row.h) << qint64(row.w) << kShippedMax << SmartResizeVariant::HuggingFace << row.hfH << row.hfW;
        QTest::addRow("%dx%d hf class default max", row.h, row.w)
            << qint64(row.h) << qint64(row.w) << kClassDefaultMax << SmartResizeVariant::HuggingFace << row.defaultH
            << row.defaultW;
        QTest::addRow("%dx%d qwen-vl-utils", row.h, row.w)
            << qint64(row.h) << qint64(row.w) << kShippedMax << SmartResizeVariant::QwenVlUtils << row.utilsH
            << row.utilsW;
    }
    // Below the minimum side: only qwen-vl-utils accepts it, clamping each side to the factor first.
    QTest::newRow("14x300 qwen-vl-utils")
        << qint64(14) << qint64(300) << kShippedMax << SmartResizeVariant::QwenVlUtils << 28 << 308;
    QTest::newRow("1x1 qwen-vl-utils") << qint64(1) << qint64(1) << kShippedMax << SmartResizeVariant::QwenVlUtils << 56
                                       << 56;
    // Aspect ratio exactly 200 is allowed.
    QTest::newRow("28x5600 hf") << qint64(28) << qint64(5600) << kShippedMax << SmartResizeVariant::HuggingFace << 28
                                << 5600;
    // Max-pixels branch where the short side floors to zero: qwen-vl-utils clamps it back to the factor.
    QTest::newRow("28x5600 qwen-vl-utils max 50176")
        << qint64(28) << qint64(5600) << qint64(50176) << SmartResizeVariant::QwenVlUtils << 28 << 3164;
    QTest::newRow("480x640 max 50176") << qint64(480) << qint64(640) << qint64(50176) << SmartResizeVariant::HuggingFace
                                       << 168 << 252;
}

void TestSmartResize::specTable()
{
    QFETCH(qint64, height);
    QFETCH(qint64, width);
    QFETCH(qint64, maxPixels);
    QFETCH(SmartResizeVariant, variant);
    QFETCH(int, expectedHeight);
    QFETCH(int, expectedWidth);
    const ImageSize size = smartResize(height, width, 28, kMinPixels, maxPixels, variant);
    QCOMPARE(size.height, expectedHeight);
    QCOMPARE(size.width, expectedWidth);
    // transformers' result always respects the bounds; qwen-vl-utils' clamp to the factor may exceed max_pixels.
    if (variant == SmartResizeVariant::HuggingFace) {
        QVERIFY(std::int64_t(size.height) * size.width <= maxPixels);
        QVERIFY(std::int64_t(size.height) * size.width >= kMinPixels);
    }
}

void TestSmartResize::otherFactors_data()
{
    QTest::addColumn<qint64>("height");
    QTest::addColumn<qint64>("width");
    QTest::addColumn<int>("factor");
    QTest::addColumn<qint64>("minPixels");
    QTest::addColumn<qint64>("maxPixels");
    QTest::addColumn<int>("expectedHeight");
    QTest::addColumn<int>("expectedWidth");
    // The tiny test checkpoints (patch 2, merge 2): sizes recorded in the preprocessing goldens.
    QTest::newRow("45x61 tiny") << qint64(45) << qint64(61) << 4 << qint64(64) << qint64(262144) << 44 << 60;
    QTest::newRow("33x47 tiny") << qint64(33) << qint64(47) << 4 << qint64(64) << qint64(262144) << 32 << 48;
    QTest::newRow("300x200 tiny max 4096") << qint64(300) << qint64(200) << 4 << qint64(64) << qint64(4096) << 76 << 52;
    QTest::newRow("97x131 shipped") << qint64(97) << qint64(131) << 28 << kMinPixels << kShippedMax << 84 << 140;
    QTest::newRow("30x30 shipped") << qint64(30) << qint64(30) << 28 << kMinPixels << kShippedMax << 56 << 56;
}

void TestSmartResize::otherFactors()
{
    QFETCH(qint64, height);
    QFETCH(qint64, width);
    QFETCH(int, factor);
    QFETCH(qint64, minPixels);
    QFETCH(qint64, maxPixels);
    QFETCH(int, expectedHeight);
    QFETCH(int, expectedWidth);
    const ImageSize size = smartResize(height, width, factor, minPixels, maxPixels);
    QCOMPARE(size, (ImageSize { expectedHeight, expectedWidth }));
}

void TestSmartResize::rejects_data()
{
    QTest::addColumn<qint64>("height");
    QTest::addColumn<qint64>("width");
    QTest::addColumn<int>("factor");
    QTest::addColumn<qint64>("minPixels");
    QTest::addColumn<qint64>("maxPixels");
    QTest::addColumn<SmartResizeVariant>("variant");
    const auto hf = SmartResizeVariant::HuggingFace;
    const auto utils = SmartResizeVariant::QwenVlUtils;
    QTest::newRow("14x300 hf below factor") << qint64(14) << qint64(300) << 28 << kMinPixels << kShippedMax << hf;
    QTest::newRow("300x27 hf below factor") << qint64(300) << qint64(27) << 28 << kMinPixels << kShippedMax << hf;
    QTest::newRow("28x5601 hf ratio") << qint64(28) << qint64(5601) << 28 << kMinPixels << kShippedMax << hf;
    QTest::newRow("5601x28 utils ratio") << qint64(5601) << qint64(28) << 28 << kMinPixels << kShippedMax << utils;
    QTest::newRow("10x2001 utils ratio") << qint64(10) << qint64(2001) << 28 << kMinPixels << kShippedMax << utils;
    QTest::newRow("28x5600 hf max 50176 empty side")
        << qint64(28) << qint64(5600) << 28 << kMinPixels << qint64(50176) << hf;
    QTest::newRow("zero height") << qint64(0) << qint64(100) << 28 << kMinPixels << kShippedMax << utils;
    QTest::newRow("negative width") << qint64(100) << qint64(-5) << 28 << kMinPixels << kShippedMax << utils;
    QTest::newRow("zero factor") << qint64(100) << qint64(100) << 0 << kMinPixels << kShippedMax << hf;
    QTest::newRow("min above max") << qint64(100) << qint64(100) << 28 << qint64(5000) << qint64(4000) << hf;
    QTest::newRow("zero max") << qint64(100) << qint64(100) << 28 << kMinPixels << qint64(0) << hf;
}

void TestSmartResize::rejects()
{
    QFETCH(qint64, height);
    QFETCH(qint64, width);
    QFETCH(int, factor);
    QFETCH(qint64, minPixels);
    QFETCH(qint64, maxPixels);
    QFETCH(SmartResizeVariant, variant);
    QVERIFY_THROWS_EXCEPTION(InvalidInputError, smartResize(height, width, factor, minPixels, maxPixels, variant));
}

QTEST_GUILESS_MAIN(TestSmartResize)
#include "tst_smart_resize.moc"
