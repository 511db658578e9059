// The bicubic resampler and the alpha conversions against Pillow itself (tests/oracles/pillow_resize.py): every
// output byte must be identical to Image.resize(..., Image.BICUBIC) and to Image.paste(..., mask=alpha).

#include "oracle_support.h"

#include "vlmprobe/engine/bicubic_resampler.h"
#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/rgb_conversion.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace vlmprobe;

class TestBicubicResampler : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matchesPillow_data();
    void matchesPillow();
    void compositeMatchesPillowPaste_data();
    void compositeMatchesPillowPaste();
    void dropAlphaKeepsColour();
    void grayBecomesRgb();
    void sameSizeIsIdentity();
    void rejectsBadInput();

private:
    void addCases(const QString& kind);

    QTemporaryDir m_dir;
    QString m_oracleError;
    QJsonArray m_cases;
};

void TestBicubicResampler::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_oracleError = test::runPythonOracle(QStringLiteral("pillow_resize.py"), { m_dir.path() });
    if (!m_oracleError.isEmpty())
        QFAIL(qPrintable(m_oracleError));
    QFile file(m_dir.filePath(QStringLiteral("cases.json")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    m_cases = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("cases")).toArray();
    QVERIFY(m_cases.size() >= 60);
}

void TestBicubicResampler::addCases(const QString& kind)
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("outWidth");
    QTest::addColumn<int>("outHeight");
    for (const QJsonValue& value : std::as_const(m_cases)) {
        const QJsonObject object = value.toObject();
        if (object.value(QStringLiteral("kind")).toString() != kind)
            continue;
        const QString name = object.value(QStringLiteral("name")).toString();
        QTest::newRow(qPrintable(name)) << name << object.value(QStringLiteral("out_width")).toInt()
                                        << object.value(QStringLiteral("out_height")).toInt();
    }
}

void TestBicubicResampler::matchesPillow_data()
{
    addCases(QStringLiteral("resize"));
}

void TestBicubicResampler::matchesPillow()
{
    QFETCH(QString, name);
    QFETCH(int, outWidth);
    QFETCH(int, outHeight);
    const engine::Image input = test::imageFromNpy(m_dir.filePath(name + QStringLiteral("_in.npy")));
    const engine::Image expected = test::imageFromNpy(m_dir.filePath(name + QStringLiteral("_out.npy")));
    const engine::BicubicResampler resampler(input.width, input.height, outWidth, outHeight);
    const engine::Image actual = resampler.resize(input);
    QCOMPARE(actual.width, expected.width);
    QCOMPARE(actual.height, expected.height);
    QCOMPARE(actual.channels, expected.channels);
    const QString difference = test::describeByteDifference(actual.pixels, expected.pixels);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    // The resampler is reusable: a second image through the same weights gives the same bytes.
    QCOMPARE(resampler.resize(input).pixels, actual.pixels);
}

void TestBicubicResampler::compositeMatchesPillowPaste_data()
{
    addCases(QStringLiteral("composite"));
}

void TestBicubicResampler::compositeMatchesPillowPaste()
{
    QFETCH(QString, name);
    const engine::Image input = test::imageFromNpy(m_dir.filePath(name + QStringLiteral("_in.npy")));
    const engine::Image expected = test::imageFromNpy(m_dir.filePath(name + QStringLiteral("_out.npy")));
    const engine::Image actual = engine::toRgb(input, engine::AlphaMode::CompositeOverWhite);
    QCOMPARE(actual.channels, 3);
    const QString difference = test::describeByteDifference(actual.pixels, expected.pixels);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void TestBicubicResampler::dropAlphaKeepsColour()
{
    engine::Image rgba { 2, 1, 4, { 10, 20, 30, 0, 200, 100, 50, 128 } };
    const engine::Image rgb = engine::toRgb(rgba, engine::AlphaMode::Drop);
    QCOMPARE(rgb.channels, 3);
    QCOMPARE(rgb.pixels, (std::vector<std::uint8_t> { 10, 20, 30, 200, 100, 50 }));
    // Composite: a transparent pixel is white, a half-transparent one is halfway to white (Pillow's rounding).
    const engine::Image white = engine::toRgb(rgba, engine::AlphaMode::CompositeOverWhite);
    QCOMPARE(white.pixels[0], std::uint8_t(255));
    QCOMPARE(white.pixels[3], std::uint8_t(227)); // (255 * 127 + 200 * 128) / 255 = 227.4
}

void TestBicubicResampler::grayBecomesRgb()
{
    const engine::Image gray { 3, 1, 1, { 0, 77, 255 } };
    const engine::Image rgb = engine::toRgb(gray, engine::AlphaMode::Drop);
    QCOMPARE(rgb.pixels, (std::vector<std::uint8_t> { 0, 0, 0, 77, 77, 77, 255, 255, 255 }));
}

void TestBicubicResampler::sameSizeIsIdentity()
{
    engine::Image image { 3, 2, 4, {} };
    for (int i = 0; i < 24; ++i)
        image.pixels.push_back(std::uint8_t(i * 37 % 256));
    // Pillow returns a copy for a same-size resize, without the premultiplied round trip of RGBA.
    QCOMPARE(engine::resizeBicubic(image, 3, 2).pixels, image.pixels);
}

void TestBicubicResampler::rejectsBadInput()
{
    const engine::Image image { 4, 4, 3, std::vector<std::uint8_t>(48, 7) };
    QVERIFY_THROWS_EXCEPTION(engine::InvalidInputError, engine::BicubicResampler(0, 4, 2, 2));
    QVERIFY_THROWS_EXCEPTION(engine::InvalidInputError, engine::BicubicResampler(4, 4, 2, -1));
    QVERIFY_THROWS_EXCEPTION(engine::InvalidInputError, engine::BicubicResampler(5, 4, 2, 2).resize(image));
    engine::Image shortBuffer = image;
    shortBuffer.pixels.pop_back();
    QVERIFY_THROWS_EXCEPTION(engine::InvalidInputError, engine::resizeBicubic(shortBuffer, 2, 2));
    engine::Image twoChannels { 4, 4, 2, std::vector<std::uint8_t>(32, 7) };
    QVERIFY_THROWS_EXCEPTION(engine::InvalidInputError, engine::resizeBicubic(twoChannels, 2, 2));
    QVERIFY_THROWS_EXCEPTION(engine::InvalidInputError, engine::toRgb(twoChannels, engine::AlphaMode::Drop));
    QVERIFY_THROWS_EXCEPTION(engine::InvalidInputError, engine::toRgb(shortBuffer, engine::AlphaMode::Drop));
}

QTEST_GUILESS_MAIN(TestBicubicResampler)
#include "tst_bicubic_resampler.moc"
