// ImagePreprocessor against three independent references:
//  - Pillow + numpy running transformers' slow-processor arithmetic (tests/oracles/pillow_pixel_values.py);
//  - the preprocessing goldens and the pixel_values of the golden model cases in shared/golden;
//  - the patch order of qwen25vl.md §2.5 / §10.2, on an image whose pixel values encode (channel, y, x).
// pixel_values must be bit-identical everywhere.

#include "oracle_support.h"

#include "vlmprobe/engine/checkpoint_config.h"
#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/image_preprocessor.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

using namespace vlmprobe;

namespace {

QJsonObject readJson(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

engine::PreprocessorConfig configFromJson(const QJsonObject& json)
{
    engine::PreprocessorConfig config;
    config.patchSize = json.value(QStringLiteral("patch_size")).toInt();
    config.mergeSize = json.value(QStringLiteral("merge_size")).toInt();
    config.temporalPatchSize = json.value(QStringLiteral("temporal_patch_size")).toInt();
    config.minPixels = json.value(QStringLiteral("min_pixels")).toInteger();
    config.maxPixels = json.value(QStringLiteral("max_pixels")).toInteger();
    config.rescaleFactor = json.value(QStringLiteral("rescale_factor")).toDouble();
    const QJsonArray mean = json.value(QStringLiteral("image_mean")).toArray();
    const QJsonArray std = json.value(QStringLiteral("image_std")).toArray();
    for (qsizetype c = 0; c < 3; ++c) {
        config.imageMean[static_cast<std::size_t>(c)] = mean.at(c).toDouble();
        config.imageStd[static_cast<std::size_t>(c)] = std.at(c).toDouble();
    }
    return config;
}

std::array<std::int64_t, 3> gridFromJson(const QJsonValue& value)
{
    const QJsonArray array = value.toArray();
    return { array.at(0).toInteger(), array.at(1).toInteger(), array.at(2).toInteger() };
}

QByteArray sha256(const std::vector<float>& values)
{
    const QByteArrayView bytes(
        reinterpret_cast<const char*>(values.data()), static_cast<qsizetype>(values.size() * sizeof(float)));
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

// The slow path's value of byte v in channel c (qwen25vl.md §2.4), written out independently of the engine.
float normalised(int c, int v)
{
    const double mean[3] = { 0.48145466, 0.4578275, 0.40821073 };
    const double std[3] = { 0.26862954, 0.26130258, 0.27577711 };
    const float rescaled = static_cast<float>(v * (1.0 / 255.0));
    return (rescaled - static_cast<float>(mean[c])) / static_cast<float>(std[c]);
}

const char* const kCheckpoints[] = { "flat_f32", "nested_tied_bf16" };

} // namespace

class TestImagePreprocessor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matchesPillowNumpy_data();
    void matchesPillowNumpy();
    void goldenPreprocess_data();
    void goldenPreprocess();
    void goldenModelCases_data();
    void goldenModelCases();
    void patchOrder_data();
    void patchOrder();
    void pixelBoundOverrides();
    void rejectsBadInput();

private:
    QTemporaryDir m_dir;
    QJsonArray m_oracleCases;
};

void TestImagePreprocessor::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString error
        = test::runPythonOracle(QStringLiteral("pillow_pixel_values.py"), { QStringLiteral("cases"), m_dir.path() });
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
    m_oracleCases = readJson(m_dir.filePath(QStringLiteral("cases.json"))).value(QStringLiteral("cases")).toArray();
    QVERIFY(m_oracleCases.size() >= 10);
}

void TestImagePreprocessor::matchesPillowNumpy_data()
{
    QTest::addColumn<QJsonObject>("oracleCase");
    for (const QJsonValue& value : std::as_const(m_oracleCases))
        QTest::newRow(qPrintable(value.toObject().value(QStringLiteral("name")).toString())) << value.toObject();
}

void TestImagePreprocessor::matchesPillowNumpy()
{
    QFETCH(QJsonObject, oracleCase);
    engine::ImagePreprocessor::Options options;
    if (oracleCase.value(QStringLiteral("alpha")).toString() == QLatin1String("white"))
        options.alpha = engine::AlphaMode::CompositeOverWhite;
    const engine::PreprocessorConfig config = configFromJson(oracleCase.value(QStringLiteral("config")).toObject());
    const engine::ImagePreprocessor preprocessor(config, options);

    std::vector<engine::Image> images;
    for (const QJsonValue& input : oracleCase.value(QStringLiteral("inputs")).toArray())
        images.push_back(test::imageFromNpy(m_dir.filePath(input.toString())));
    const engine::PreprocessedImages result = preprocessor.run(images);

    std::vector<std::int64_t> shape;
    const std::vector<float> expected
        = test::floatsFromNpy(m_dir.filePath(oracleCase.value(QStringLiteral("pixel_values")).toString()), &shape);
    QCOMPARE(result.rows, shape.at(0));
    QCOMPARE(result.cols, shape.at(1));
    const QJsonArray grids = oracleCase.value(QStringLiteral("grid_thw")).toArray();
    const QJsonArray sizes = oracleCase.value(QStringLiteral("resized_hw")).toArray();
    QCOMPARE(result.gridThw.size(), images.size());
    std::int64_t firstRow = 0;
    for (std::size_t i = 0; i < images.size(); ++i) {
        const auto grid = gridFromJson(grids.at(static_cast<qsizetype>(i)));
        QCOMPARE(result.gridThw[i], grid);
        const QJsonArray size = sizes.at(static_cast<qsizetype>(i)).toArray();
        QCOMPARE(result.resizedHw[i], std::make_pair(size.at(0).toInt(), size.at(1).toInt()));
        QCOMPARE(result.patchCount(i), grid[0] * grid[1] * grid[2]);
        QCOMPARE(result.tokenCount(i), grid[0] * grid[1] * grid[2] / (config.mergeSize * config.mergeSize));
        QCOMPARE(result.firstRow(i), firstRow);
        firstRow += result.patchCount(i);
    }
    const QString difference = test::describeFloatDifference(result.pixelValues, expected);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void TestImagePreprocessor::goldenPreprocess_data()
{
    QTest::addColumn<QString>("folder");
    QTest::addColumn<QJsonObject>("entry");
    QTest::addColumn<QJsonObject>("config");
    for (const char* checkpoint : kCheckpoints) {
        const QString folder = test::sharedPath(QStringLiteral("golden/%1/preprocess").arg(QLatin1String(checkpoint)));
        const QJsonObject manifest = readJson(QDir(folder).filePath(QStringLiteral("preprocess.json")));
        const QJsonObject configs = manifest.value(QStringLiteral("configs")).toObject();
        const QJsonArray entries = manifest.value(QStringLiteral("entries")).toArray();
        QVERIFY2(entries.size() >= 8, qPrintable(folder + QStringLiteral(": preprocess.json missing or short")));
        for (const QJsonValue& value : entries) {
            const QJsonObject entry = value.toObject();
            const QString configName = entry.value(QStringLiteral("config")).toString();
            QTest::addRow("%s %s %s", checkpoint, qPrintable(entry.value(QStringLiteral("image")).toString()),
                qPrintable(configName))
                << folder << entry << configs.value(configName).toObject();
        }
    }
}

void TestImagePreprocessor::goldenPreprocess()
{
    QFETCH(QString, folder);
    QFETCH(QJsonObject, entry);
    QFETCH(QJsonObject, config);
    const QDir dir(folder);
    const engine::Image image = test::imageFromFile(dir.filePath(entry.value(QStringLiteral("image")).toString()));
    QVERIFY(!image.pixels.empty());
    const QJsonArray inputSize = entry.value(QStringLiteral("input_size_hw")).toArray();
    QCOMPARE(image.height, inputSize.at(0).toInt());
    QCOMPARE(image.width, inputSize.at(1).toInt());

    const engine::ImagePreprocessor preprocessor(configFromJson(config));
    const QJsonObject resizedInfo = entry.value(QStringLiteral("resized_uint8")).toObject();
    const engine::Image expectedResized
        = test::imageFromNpy(dir.filePath(resizedInfo.value(QStringLiteral("file")).toString()));
    const engine::Image resized = preprocessor.resizedRgb(image);
    QCOMPARE(resized.height, expectedResized.height);
    QCOMPARE(resized.width, expectedResized.width);
    const QString resizeDifference = test::describeByteDifference(resized.pixels, expectedResized.pixels);
    QVERIFY2(resizeDifference.isEmpty(), qPrintable(resizeDifference));

    const engine::PreprocessedImages result = preprocessor.run({ image });
    const QJsonObject pixelInfo = entry.value(QStringLiteral("pixel_values")).toObject();
    const std::vector<float> expected
        = test::floatsFromNpy(dir.filePath(pixelInfo.value(QStringLiteral("file")).toString()));
    const QString difference = test::describeFloatDifference(result.pixelValues, expected);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QCOMPARE(sha256(result.pixelValues), pixelInfo.value(QStringLiteral("sha256_f32le")).toString().toLatin1());
    const QJsonArray shape = pixelInfo.value(QStringLiteral("shape")).toArray();
    QCOMPARE(result.rows, shape.at(0).toInteger());
    QCOMPARE(result.cols, shape.at(1).toInteger());
    QCOMPARE(result.gridThw.at(0), gridFromJson(entry.value(QStringLiteral("grid_thw"))));
    const QJsonArray resizedHw = entry.value(QStringLiteral("resized_hw")).toArray();
    QCOMPARE(result.resizedHw.at(0), std::make_pair(resizedHw.at(0).toInt(), resizedHw.at(1).toInt()));
    QCOMPARE(result.tokenCount(0), entry.value(QStringLiteral("num_image_tokens")).toInteger());
}

void TestImagePreprocessor::goldenModelCases_data()
{
    QTest::addColumn<QString>("checkpoint");
    QTest::addColumn<QString>("caseName");
    for (const char* checkpoint : kCheckpoints) {
        for (const char* caseName : { "one_image", "two_images", "image_first", "assistant_prefix" })
            QTest::addRow("%s %s", checkpoint, caseName)
                << QString::fromLatin1(checkpoint) << QString::fromLatin1(caseName);
    }
}

void TestImagePreprocessor::goldenModelCases()
{
    QFETCH(QString, checkpoint);
    QFETCH(QString, caseName);
    const QDir caseDir(test::sharedPath(QStringLiteral("golden/") + checkpoint + QLatin1Char('/') + caseName));
    const QJsonObject golden = readJson(caseDir.filePath(QStringLiteral("golden.json")));
    const QJsonArray imageInfos = golden.value(QStringLiteral("images")).toArray();
    QVERIFY(!imageInfos.isEmpty());

    // The checkpoint's own preprocessor_config.json, read as the CLI and the backends read it.
    const engine::ImagePreprocessor preprocessor(engine::loadPreprocessorConfig(
        test::sharedPath(QStringLiteral("golden/checkpoints/") + checkpoint).toStdString()));
    std::vector<engine::Image> images;
    for (const QJsonValue& info : imageInfos) {
        const QString file = info.toObject().value(QStringLiteral("file")).toString();
        images.push_back(test::imageFromFile(caseDir.filePath(QStringLiteral("../images/") + file)));
        QVERIFY2(!images.back().pixels.empty(), qPrintable(file));
    }
    const engine::PreprocessedImages result = preprocessor.run(images);
    const QJsonArray grids = golden.value(QStringLiteral("image_grid_thw")).toArray();
    QCOMPARE(result.gridThw.size(), static_cast<std::size_t>(grids.size()));
    for (qsizetype i = 0; i < grids.size(); ++i)
        QCOMPARE(result.gridThw[static_cast<std::size_t>(i)], gridFromJson(grids.at(i)));
    std::vector<std::int64_t> shape;
    const std::vector<float> expected
        = test::floatsFromNpy(caseDir.filePath(QStringLiteral("pixel_values.npy")), &shape);
    QCOMPARE(result.rows, shape.at(0));
    QCOMPARE(result.cols, shape.at(1));
    const QString difference = test::describeFloatDifference(result.pixelValues, expected);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void TestImagePreprocessor::patchOrder_data()
{
    QTest::addColumn<int>("patch");
    QTest::addColumn<int>("temporal");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("width");
    QTest::newRow("qwen 56x84") << 14 << 2 << 56 << 84;
    QTest::newRow("qwen 112x28") << 14 << 2 << 112 << 28;
    QTest::newRow("qwen 84x140") << 14 << 2 << 84 << 140;
    QTest::newRow("tiny 44x60") << 2 << 2 << 44 << 60;
    QTest::newRow("tiny temporal 3, 12x8") << 2 << 3 << 12 << 8;
}

void TestImagePreprocessor::patchOrder()
{
    QFETCH(int, patch);
    QFETCH(int, temporal);
    QFETCH(int, height);
    QFETCH(int, width);
    engine::PreprocessorConfig config;
    config.patchSize = patch;
    config.temporalPatchSize = temporal;
    config.minPixels = 16;
    config.maxPixels = 1 << 24;
    const auto pixel = [](int c, int y, int x) { return (c * 97 + y * 13 + x * 7) % 256; };
    engine::Image image { width, height, 3, {} };
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            for (int c = 0; c < 3; ++c)
                image.pixels.push_back(static_cast<std::uint8_t>(pixel(c, y, x)));
        }
    }
    const engine::PreprocessedImages result = engine::ImagePreprocessor(config).run({ image });

    const std::int64_t gridH = height / patch;
    const std::int64_t gridW = width / patch;
    QCOMPARE(result.gridThw.at(0), (std::array<std::int64_t, 3> { 1, gridH, gridW }));
    QCOMPARE(result.rows, gridH * gridW);
    QCOMPARE(result.cols, std::int64_t(3) * temporal * patch * patch);
    QCOMPARE(result.tokenCount(0), gridH * gridW / 4);
    // Row r = ((bh * gridW / 2 + bw) * 4 + 2 * mh + mw) holds the patch at (2 bh + mh, 2 bw + mw); within a row
    // the order is (c, t, i, j), every frame t being the same image.
    for (std::int64_t r = 0; r < result.rows; ++r) {
        const std::int64_t block = r / 4;
        const std::int64_t ph = 2 * (block / (gridW / 2)) + (r % 4) / 2;
        const std::int64_t pw = 2 * (block % (gridW / 2)) + r % 2;
        for (int c = 0; c < 3; ++c) {
            for (int t = 0; t < temporal; ++t) {
                for (int i = 0; i < patch; ++i) {
                    for (int j = 0; j < patch; ++j) {
                        const std::int64_t column = ((c * temporal + t) * patch + i) * patch + j;
                        const float actual = result.pixelValues[static_cast<std::size_t>(r * result.cols + column)];
                        const float expected = normalised(
                            c, pixel(c, static_cast<int>(patch * ph + i), static_cast<int>(patch * pw + j)));
                        if (std::memcmp(&actual, &expected, sizeof(float)) != 0)
                            QFAIL(qPrintable(QStringLiteral("row %1 column %2: %3, expected %4")
                                                 .arg(r)
                                                 .arg(column)
                                                 .arg(double(actual))
                                                 .arg(double(expected))));
                    }
                }
            }
        }
    }
}

void TestImagePreprocessor::pixelBoundOverrides()
{
    engine::PreprocessorConfig config; // class defaults: 3136 .. 1003520
    QCOMPARE(engine::ImagePreprocessor(config).targetSize(1080, 1920), (engine::ImageSize { 728, 1316 }));
    engine::ImagePreprocessor::Options options;
    options.maxPixels = 12845056;
    QCOMPARE(engine::ImagePreprocessor(config, options).targetSize(1080, 1920), (engine::ImageSize { 1092, 1932 }));
    options.minPixels = 200704; // 256 tokens
    QCOMPARE(engine::ImagePreprocessor(config, options).targetSize(224, 224), (engine::ImageSize { 448, 448 }));
}

void TestImagePreprocessor::rejectsBadInput()
{
    const engine::PreprocessorConfig config;
    const engine::ImagePreprocessor preprocessor(config);
    const engine::Image good { 56, 56, 3, std::vector<std::uint8_t>(56 * 56 * 3, 100) };
    const engine::Image tiny { 20, 56, 3, std::vector<std::uint8_t>(20 * 56 * 3, 100) };
    try {
        preprocessor.run({ good, tiny });
        QFAIL("a 56x20 image was accepted");
    } catch (const engine::InvalidInputError& error) {
        QVERIFY2(QByteArray(error.what()).contains("image 2"), error.what());
    }
    engine::Image truncated = good;
    truncated.pixels.resize(100);
    QVERIFY_THROWS_EXCEPTION(engine::InvalidInputError, preprocessor.run({ truncated }));
    const engine::Image twoChannels { 56, 56, 2, std::vector<std::uint8_t>(56 * 56 * 2, 100) };
    QVERIFY_THROWS_EXCEPTION(engine::InvalidInputError, preprocessor.run({ twoChannels }));

    engine::PreprocessorConfig noResize = config;
    noResize.doResize = false;
    const engine::Image odd { 60, 56, 3, std::vector<std::uint8_t>(60 * 56 * 3, 100) };
    QVERIFY_THROWS_EXCEPTION(engine::InvalidInputError, engine::ImagePreprocessor(noResize).run({ odd }));
    QCOMPARE(engine::ImagePreprocessor(noResize).run({ good }).rows, 16);

    engine::ImagePreprocessor::Options inverted;
    inverted.minPixels = 5000;
    inverted.maxPixels = 4000;
    QVERIFY_THROWS_EXCEPTION(engine::InvalidInputError, engine::ImagePreprocessor(config, inverted).run({}));
    engine::PreprocessorConfig zeroPatch = config;
    zeroPatch.patchSize = 0;
    QVERIFY_THROWS_EXCEPTION(engine::InvalidInputError, engine::ImagePreprocessor { zeroPatch });
    QCOMPARE(preprocessor.run({}).rows, 0);
}

QTEST_GUILESS_MAIN(TestImagePreprocessor)
#include "tst_image_preprocessor.moc"
