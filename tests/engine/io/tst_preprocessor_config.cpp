// preprocessor_config.json (qwen25vl.md §2.2, §2.4): the golden file, the min/max pixels precedence (top-level
// keys, then size.{shortest_edge,longest_edge}, then size.{min_pixels,max_pixels}, then the class defaults), the
// other fields, and LoadErrors naming file and key.
#include "config_folder.h"

#include "vlmprobe/engine/checkpoint_config.h"
#include "vlmprobe/engine/errors.h"

#include <QTest>

using namespace vlmprobe::engine;
using vlmprobe::test::ConfigFolder;

namespace {

const QString kGolden = QStringLiteral(VLMPROBE_SHARED_DIR "/golden/checkpoints");

std::string golden(const char* name)
{
    return QString(kGolden + QLatin1Char('/') + QLatin1String(name)).toStdString();
}

} // namespace

class TestPreprocessorConfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void preprocessorGolden()
    {
        const PreprocessorConfig config = loadPreprocessorConfig(golden("nested_tied_bf16"));
        QCOMPARE(config.patchSize, 2);
        QCOMPARE(config.temporalPatchSize, 2);
        QCOMPARE(config.mergeSize, 2);
        QCOMPARE(config.resizeFactor(), 4);
        QCOMPARE(config.minPixels, std::int64_t { 64 });
        QCOMPARE(config.maxPixels, std::int64_t { 262144 });
        QCOMPARE(config.imageMean, (std::array<double, 3> { 0.48145466, 0.4578275, 0.40821073 }));
        QCOMPARE(config.imageStd, (std::array<double, 3> { 0.26862954, 0.26130258, 0.27577711 }));
        QCOMPARE(config.rescaleFactor, 0.00392156862745098);
        QVERIFY(config.doResize && config.doRescale && config.doNormalize && config.doConvertRgb);
    }

    void preprocessorPixelPrecedence_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<qlonglong>("minPixels");
        QTest::addColumn<qlonglong>("maxPixels");
        QTest::newRow("class defaults") << QByteArray("{}") << 3136LL << 1003520LL;
        QTest::newRow("shipped Qwen config") << QByteArray(R"({"min_pixels": 3136, "max_pixels": 12845056,
            "patch_size": 14, "merge_size": 2, "temporal_patch_size": 2})")
                                             << 3136LL << 12845056LL;
        QTest::newRow("top level beats size") << QByteArray(R"({"min_pixels": 100, "max_pixels": 200,
            "size": {"shortest_edge": 1, "longest_edge": 2}})")
                                              << 100LL << 200LL;
        QTest::newRow("size edges") << QByteArray(R"({"size": {"shortest_edge": 784, "longest_edge": 50176}})") << 784LL
                                    << 50176LL;
        QTest::newRow("size pixels") << QByteArray(R"({"size": {"min_pixels": 1000, "max_pixels": 2000}})") << 1000LL
                                     << 2000LL;
        QTest::newRow("edges beat size pixels") << QByteArray(R"({"size": {"shortest_edge": 10, "longest_edge": 20,
            "min_pixels": 1000, "max_pixels": 2000}})")
                                                << 10LL << 20LL;
        QTest::newRow("mixed levels") << QByteArray(R"({"min_pixels": 4096, "size": {"longest_edge": 65536}})")
                                      << 4096LL << 65536LL;
        QTest::newRow("only max") << QByteArray(R"({"max_pixels": 12845056})") << 3136LL << 12845056LL;
        QTest::newRow("null top level") << QByteArray(R"({"min_pixels": null, "size": {"shortest_edge": 512,
            "longest_edge": 1024}})") << 512LL
                                        << 1024LL;
    }

    void preprocessorPixelPrecedence()
    {
        QFETCH(QByteArray, json);
        QFETCH(qlonglong, minPixels);
        QFETCH(qlonglong, maxPixels);
        ConfigFolder folder;
        folder.write("preprocessor_config.json", json);
        const PreprocessorConfig config = loadPreprocessorConfig(folder.path());
        QCOMPARE(config.minPixels, minPixels);
        QCOMPARE(config.maxPixels, maxPixels);
    }

    void preprocessorOtherFields()
    {
        const PreprocessorConfig config = parsePreprocessorConfig(
            R"({"image_mean": 0.5, "image_std": [0.1, 0.2, 0.3], "rescale_factor": 0.5, "do_normalize": false,
                "do_convert_rgb": false, "patch_size": 16, "merge_size": 1, "temporal_patch_size": 1})",
            "p.json");
        QCOMPARE(config.imageMean, (std::array<double, 3> { 0.5, 0.5, 0.5 }));
        QCOMPARE(config.imageStd, (std::array<double, 3> { 0.1, 0.2, 0.3 }));
        QCOMPARE(config.rescaleFactor, 0.5);
        QCOMPARE(config.doNormalize, false);
        QCOMPARE(config.doConvertRgb, false);
        QCOMPARE(config.doResize, true);
        QCOMPARE(config.resizeFactor(), 16);
        QCOMPARE(config.temporalPatchSize, 1);
    }

    void rejectsBadPreprocessorConfigs_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("key");
        QTest::newRow("two means") << QByteArray(R"({"image_mean": [0.5, 0.5]})") << QStringLiteral("image_mean");
        QTest::newRow("zero std") << QByteArray(R"({"image_std": [0.5, 0, 0.5]})") << QStringLiteral("image_std");
        QTest::newRow("max below min") << QByteArray(R"({"min_pixels": 100, "max_pixels": 50})")
                                       << QStringLiteral("max_pixels");
        QTest::newRow("zero patch") << QByteArray(R"({"patch_size": 0})") << QStringLiteral("patch_size");
        QTest::newRow("size not an object") << QByteArray(R"({"size": 224})") << QStringLiteral("size");
        QTest::newRow("fractional pixels")
            << QByteArray(R"({"size": {"shortest_edge": 3136.5}})") << QStringLiteral("size.shortest_edge");
    }

    void rejectsBadPreprocessorConfigs()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, key);
        ConfigFolder folder;
        folder.write("preprocessor_config.json", json);
        try {
            loadPreprocessorConfig(folder.path());
            QFAIL("the bad preprocessor config was accepted");
        } catch (const LoadError& error) {
            const QString message = QString::fromUtf8(error.what());
            QVERIFY2(message.startsWith(folder.filePath("preprocessor_config.json")), error.what());
            QVERIFY2(message.contains(key), error.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestPreprocessorConfig)
#include "tst_preprocessor_config.moc"
