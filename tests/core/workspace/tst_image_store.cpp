// ImageStore: content addressing (SHA-256 against a published test vector and Qt's hash of files encoded by
// QImage), deduplication, format and size probing, bad input.

#include "workspace_fixture.h"

#include "workspace/image_store.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace_error.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QImage>
#include <QTest>

using namespace vlmprobe;
using namespace vlmprobe::test;

namespace {

QByteArray encode(const QImage& image, const char* format, int quality = -1)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, format, quality);
    return bytes;
}

QImage gradient(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x)
            image.setPixel(x, y, qRgb(x * 255 / width, y * 255 / height, 90));
    }
    return image;
}

} // namespace

class TestImageStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void knownDigest();
    void probesFormatAndSize_data();
    void probesFormatAndSize();
    void deduplicates();
    void rejectsBadInput_data();
    void rejectsBadInput();
    void unknownHashIsAbsent();
};

void TestImageStore::knownDigest()
{
    // FIPS 180-2 test vector: SHA-256("abc").
    WorkspaceFixture fixture;
    const QString sha
        = fixture.workspace().images().put(StoredImage { {}, QByteArray("abc"), QStringLiteral("png"), 1, 1 });
    QCOMPARE(sha, QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    const std::optional<StoredImage> stored = fixture.workspace().images().get(sha.toUpper());
    QVERIFY(stored.has_value());
    QCOMPARE(stored->bytes, QByteArray("abc"));
}

void TestImageStore::probesFormatAndSize_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::newRow("png") << encode(gradient(37, 21), "PNG") << QStringLiteral("png") << 37 << 21;
    QTest::newRow("jpeg") << encode(gradient(64, 48), "JPEG", 80) << QStringLiteral("jpeg") << 64 << 48;
    QTest::newRow("bmp") << encode(gradient(3, 5), "BMP") << QStringLiteral("bmp") << 3 << 5;
}

void TestImageStore::probesFormatAndSize()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, format);
    QFETCH(int, width);
    QFETCH(int, height);
    WorkspaceFixture fixture;
    const QString sha = fixture.workspace().images().put(bytes);
    QCOMPARE(sha, QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
    fixture.reopen();
    const std::optional<StoredImage> stored = fixture.workspace().images().get(sha);
    QVERIFY(stored.has_value());
    QCOMPARE(stored->bytes, bytes); // never re-encoded
    QCOMPARE(stored->format, format);
    QCOMPARE(stored->width, width);
    QCOMPARE(stored->height, height);
    const std::optional<StoredImage> info = fixture.workspace().images().info(sha);
    QVERIFY(info.has_value() && info->bytes.isEmpty() && info->width == width);
}

void TestImageStore::deduplicates()
{
    WorkspaceFixture fixture;
    ImageStore& images = fixture.workspace().images();
    const QByteArray first = encode(gradient(10, 10), "PNG");
    const QByteArray second = encode(gradient(11, 10), "PNG");
    const QString a = images.put(first);
    const QString b = images.put(QByteArray(first)); // an equal copy
    const QString c = images.put(second);
    QCOMPARE(a, b);
    QVERIFY(a != c);
    QCOMPARE(images.count(), 2);
    // Two samples sharing one image store it once.
    const qint64 datasetId = fixture.addDataset(QStringLiteral("d"));
    for (const char* id : { "s1", "s2" }) {
        Sample sample;
        sample.datasetId = datasetId;
        sample.externalId = QLatin1String(id);
        sample.imageHash = images.put(first);
        fixture.workspace().samples().insert(sample);
    }
    QCOMPARE(images.count(), 2);
    QVERIFY(images.contains(a));
}

void TestImageStore::rejectsBadInput_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("text") << QByteArray("this is not an image");
    QTest::newRow("truncated PNG signature") << QByteArray("\x89PNG\r\n", 6);
}

void TestImageStore::rejectsBadInput()
{
    QFETCH(QByteArray, bytes);
    WorkspaceFixture fixture;
    try {
        fixture.workspace().images().put(bytes);
        QFAIL("accepted");
    } catch (const WorkspaceError& error) {
        QCOMPARE(error.reason(), WorkspaceError::Reason::InvalidInput);
    }
    QCOMPARE(fixture.workspace().images().count(), 0);
}

void TestImageStore::unknownHashIsAbsent()
{
    WorkspaceFixture fixture;
    ImageStore& images = fixture.workspace().images();
    QVERIFY(!images.get(QStringLiteral("0").repeated(64)).has_value());
    QVERIFY(!images.get(QStringLiteral("not a hash")).has_value());
    try {
        images.put(StoredImage { QStringLiteral("0").repeated(64), QByteArray("abc"), QStringLiteral("png"), 1, 1 });
        QFAIL("a wrong hash was accepted");
    } catch (const WorkspaceError& error) {
        QCOMPARE(error.reason(), WorkspaceError::Reason::InvalidInput);
    }
}

QTEST_GUILESS_MAIN(TestImageStore)
#include "tst_image_store.moc"
