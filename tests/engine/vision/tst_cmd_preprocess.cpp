// `vlmprobe-engine preprocess` end to end: image files decoded by the CLI's own decoder, the checkpoint's
// preprocessor_config.json, pixel_values written as .npy. References: the preprocessing goldens and the
// Pillow + numpy oracle (for qwen-vl-utils' white compositing).

#include "oracle_support.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace vlmprobe;

namespace {

struct CliResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

CliResult runCli(const QStringList& arguments)
{
    QProcess process;
    process.start(QStringLiteral(VLMPROBE_ENGINE_TOOL), QStringList { QStringLiteral("preprocess") } + arguments);
    CliResult result;
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit)
        return result;
    result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QJsonObject readJson(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

// A checkpoint folder holding only preprocessor_config.json, which is all that `preprocess` reads.
bool writeModelDir(const QString& dir, const QJsonObject& config)
{
    if (!QDir().mkpath(dir))
        return false;
    QFile file(QDir(dir).filePath(QStringLiteral("preprocessor_config.json")));
    return file.open(QIODevice::WriteOnly) && file.write(QJsonDocument(config).toJson()) > 0;
}

} // namespace

class TestCmdPreprocess : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void goldens_data();
    void goldens();
    void checkpointFolderWithMaxPixels();
    void alphaModesMatchOracle_data();
    void alphaModesMatchOracle();
    void badInput_data();
    void badInput();

private:
    QTemporaryDir m_dir;
    QJsonArray m_oracleCases;
};

void TestCmdPreprocess::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFile::exists(QStringLiteral(VLMPROBE_ENGINE_TOOL)), VLMPROBE_ENGINE_TOOL);
    const QString oracleDir = m_dir.filePath(QStringLiteral("oracle"));
    const QString error
        = test::runPythonOracle(QStringLiteral("pillow_pixel_values.py"), { QStringLiteral("cases"), oracleDir });
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
    m_oracleCases
        = readJson(QDir(oracleDir).filePath(QStringLiteral("cases.json"))).value(QStringLiteral("cases")).toArray();
    QVERIFY(!m_oracleCases.isEmpty());
}

void TestCmdPreprocess::goldens_data()
{
    QTest::addColumn<QJsonObject>("entry");
    QTest::addColumn<QJsonObject>("config");
    const QJsonObject manifest
        = readJson(test::sharedPath(QStringLiteral("golden/flat_f32/preprocess/preprocess.json")));
    const QJsonObject configs = manifest.value(QStringLiteral("configs")).toObject();
    for (const QJsonValue& value : manifest.value(QStringLiteral("entries")).toArray()) {
        const QJsonObject entry = value.toObject();
        const QString configName = entry.value(QStringLiteral("config")).toString();
        QTest::newRow(qPrintable(entry.value(QStringLiteral("image")).toString() + QLatin1Char(' ') + configName))
            << entry << configs.value(configName).toObject();
    }
}

void TestCmdPreprocess::goldens()
{
    QFETCH(QJsonObject, entry);
    QFETCH(QJsonObject, config);
    const QDir golden(test::sharedPath(QStringLiteral("golden/flat_f32/preprocess")));
    const QString modelDir
        = m_dir.filePath(QStringLiteral("model_") + entry.value(QStringLiteral("config")).toString());
    QVERIFY(writeModelDir(modelDir, config));
    const QString out = m_dir.filePath(QStringLiteral("pixel_values.npy"));
    QFile::remove(out);

    const CliResult result = runCli({ QStringLiteral("--model"), modelDir, QStringLiteral("--image"),
        golden.filePath(entry.value(QStringLiteral("image")).toString()), QStringLiteral("--out"), out });
    QVERIFY2(result.exitCode == 0, result.err.constData());

    const QJsonObject summary = QJsonDocument::fromJson(result.out).object();
    const QJsonArray resized = entry.value(QStringLiteral("resized_hw")).toArray();
    QCOMPARE(summary.value(QStringLiteral("resized_height")).toInt(), resized.at(0).toInt());
    QCOMPARE(summary.value(QStringLiteral("resized_width")).toInt(), resized.at(1).toInt());
    QCOMPARE(summary.value(QStringLiteral("grid_thw")).toArray(), entry.value(QStringLiteral("grid_thw")).toArray());

    std::vector<std::int64_t> shape;
    const std::vector<float> actual = test::floatsFromNpy(out, &shape);
    const QJsonObject pixelInfo = entry.value(QStringLiteral("pixel_values")).toObject();
    const QJsonArray expectedShape = pixelInfo.value(QStringLiteral("shape")).toArray();
    QCOMPARE(shape, (std::vector<std::int64_t> { expectedShape.at(0).toInteger(), expectedShape.at(1).toInteger() }));
    const std::vector<float> expected
        = test::floatsFromNpy(golden.filePath(pixelInfo.value(QStringLiteral("file")).toString()));
    const QString difference = test::describeFloatDifference(actual, expected);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void TestCmdPreprocess::checkpointFolderWithMaxPixels()
{
    // The real golden checkpoint folder (tiny config, max 262144) with --max-pixels reproduces the max-4096 golden.
    const QDir golden(test::sharedPath(QStringLiteral("golden/flat_f32/preprocess")));
    const QString out = m_dir.filePath(QStringLiteral("max4096.npy"));
    const CliResult result
        = runCli({ QStringLiteral("--model"), test::sharedPath(QStringLiteral("golden/checkpoints/flat_f32")),
            QStringLiteral("--image"), golden.filePath(QStringLiteral("rgb_300x200.png")),
            QStringLiteral("--max-pixels"), QStringLiteral("4096"), QStringLiteral("--out"), out });
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.out.trimmed(), QByteArray(R"({"grid_thw":[1,38,26],"resized_height":76,"resized_width":52})"));
    const QString difference = test::describeFloatDifference(test::floatsFromNpy(out),
        test::floatsFromNpy(golden.filePath(QStringLiteral("rgb_300x200__tiny_max4096__pixel_values.npy"))));
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void TestCmdPreprocess::alphaModesMatchOracle_data()
{
    QTest::addColumn<QJsonObject>("oracleCase");
    for (const QJsonValue& value : std::as_const(m_oracleCases)) {
        const QJsonObject oracleCase = value.toObject();
        // The alpha cases (one image each); the others are covered by the goldens above and by the library test.
        if (oracleCase.value(QStringLiteral("name")).toString().contains(QLatin1String("rgba"))
            && oracleCase.value(QStringLiteral("inputs")).toArray().size() == 1)
            QTest::newRow(qPrintable(oracleCase.value(QStringLiteral("name")).toString())) << oracleCase;
    }
}

void TestCmdPreprocess::alphaModesMatchOracle()
{
    QFETCH(QJsonObject, oracleCase);
    const QDir oracleDir(m_dir.filePath(QStringLiteral("oracle")));
    const QString name = oracleCase.value(QStringLiteral("name")).toString();
    const QString png = m_dir.filePath(name + QStringLiteral(".png"));
    const engine::Image input
        = test::imageFromNpy(oracleDir.filePath(oracleCase.value(QStringLiteral("inputs")).toArray().at(0).toString()));
    QVERIFY(test::writePng(input, png));
    const QString modelDir = m_dir.filePath(QStringLiteral("model_") + name);
    QVERIFY(writeModelDir(modelDir, oracleCase.value(QStringLiteral("config")).toObject()));
    const QString out = m_dir.filePath(name + QStringLiteral(".npy"));
    const QString alpha = oracleCase.value(QStringLiteral("alpha")).toString();
    const CliResult result = runCli({ QStringLiteral("--model"), modelDir, QStringLiteral("--image"), png,
        QStringLiteral("--rgba"), alpha, QStringLiteral("--out"), out });
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QString difference = test::describeFloatDifference(test::floatsFromNpy(out),
        test::floatsFromNpy(oracleDir.filePath(oracleCase.value(QStringLiteral("pixel_values")).toString())));
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void TestCmdPreprocess::badInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    const QString model = test::sharedPath(QStringLiteral("golden/checkpoints/flat_f32"));
    const QString image = test::sharedPath(QStringLiteral("golden/flat_f32/preprocess/rgb_45x61.png"));
    const QString out = m_dir.filePath(QStringLiteral("never_written.npy"));
    const QString notAnImage = test::sharedPath(QStringLiteral("golden/flat_f32/preprocess/preprocess.json"));
    const QString missing = m_dir.filePath(QStringLiteral("missing.png"));
    const QString qwenModel = m_dir.filePath(QStringLiteral("model_qwen_bad"));
    writeModelDir(qwenModel, QJsonObject { { QStringLiteral("patch_size"), 14 }, { QStringLiteral("merge_size"), 2 } });
    const QString tinyPng = m_dir.filePath(QStringLiteral("tiny_10x10.png"));
    test::writePng(engine::Image { 10, 10, 3, std::vector<std::uint8_t>(300, 9) }, tinyPng);

    const auto m = QStringLiteral("--model");
    const auto i = QStringLiteral("--image");
    const auto o = QStringLiteral("--out");
    QTest::newRow("missing image file") << QStringList { m, model, i, missing, o, out };
    QTest::newRow("not an image") << QStringList { m, model, i, notAnImage, o, out };
    QTest::newRow("missing model folder")
        << QStringList { m, m_dir.filePath(QStringLiteral("nope")), i, image, o, out };
    QTest::newRow("bad --rgba") << QStringList { m, model, i, image, QStringLiteral("--rgba"), QStringLiteral("grey"),
        o, out };
    QTest::newRow("min above max") << QStringList { m, model, i, image, QStringLiteral("--min-pixels"),
        QStringLiteral("9000"), QStringLiteral("--max-pixels"), QStringLiteral("4000"), o, out };
    QTest::newRow("image below 28 px") << QStringList { m, qwenModel, i, tinyPng, o, out };
    QTest::newRow("no --out") << QStringList { m, model, i, image };
}

void TestCmdPreprocess::badInput()
{
    QFETCH(QStringList, arguments);
    const CliResult result = runCli(arguments);
    QVERIFY(result.exitCode > 0);
    QVERIFY(result.out.isEmpty());
    QVERIFY(result.err.endsWith('\n'));
    QCOMPARE(result.err.count('\n'), 1);
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("never_written.npy"))));
}

QTEST_GUILESS_MAIN(TestCmdPreprocess)
#include "tst_cmd_preprocess.moc"
