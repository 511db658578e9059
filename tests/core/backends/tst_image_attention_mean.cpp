// ImageAttentionMean: the mean over tokens, its JSON record (5 decimals) and the heat image, on hand-made grids.

#include "backends/image_attention_mean.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace vlmprobe;

namespace {

StreamedToken token(int rows, int columns, const QList<float>& mass)
{
    StreamedToken t;
    t.attentionRows = rows;
    t.attentionColumns = columns;
    t.imageAttention = mass;
    return t;
}

} // namespace

class TestImageAttentionMean : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void meanOverTokensRoundedToFiveDecimals()
    {
        ImageAttentionMean mean;
        QVERIFY(mean.isEmpty());
        QCOMPARE(mean.toJson(), QJsonObject());
        mean.add(token(1, 3, { 0.1f, 0.2f, 0.3f }));
        mean.add(token(1, 3, { 0.3f, 0.0f, 0.0f }));
        mean.add(token(0, 0, {})); // a text-only token: skipped
        mean.add(token(3, 1, { 1.0f, 1.0f, 1.0f })); // another grid: skipped
        mean.add(token(1, 3, { 0.0f, 0.1f, 0.000001f }));
        QCOMPARE(mean.tokenCount(), 3);
        QCOMPARE(mean.rows(), 1);
        QCOMPARE(mean.columns(), 3);
        // (0.1 + 0.3 + 0) / 3, (0.2 + 0 + 0.1) / 3, (0.3 + 0 + 0.000001) / 3
        QCOMPARE(QJsonDocument(mean.toJson()).toJson(QJsonDocument::Compact),
            QByteArray(R"({"columns":3,"mass":[0.13333,0.1,0.1],"rows":1})"));
    }

    void mismatchedMassCountIsSkipped()
    {
        ImageAttentionMean mean;
        mean.add(token(2, 2, { 0.5f, 0.5f }));
        QVERIFY(mean.isEmpty());
    }

    void heatImageScalesToTheMaximum()
    {
        const QJsonObject json = QJsonDocument::fromJson(R"({"rows":2,"columns":2,"mass":[0.2,0.1,0,0.05]})").object();
        const QImage heat = ImageAttentionMean::heatImage(json);
        QCOMPARE(heat.size(), QSize(2, 2));
        QCOMPARE(heat.format(), QImage::Format_Grayscale8);
        QCOMPARE(heat.constScanLine(0)[0], uchar(255));
        QCOMPARE(heat.constScanLine(0)[1], uchar(128)); // 127.5 rounds up
        QCOMPARE(heat.constScanLine(1)[0], uchar(0));
        QCOMPARE(heat.constScanLine(1)[1], uchar(64)); // 63.75
    }

    void malformedRecordsGiveANullImage()
    {
        const char* bad[] = { R"({})", R"({"rows":2,"columns":2,"mass":[0.1,0.2,0.3]})",
            R"({"rows":1,"columns":2,"mass":[0.1,-0.2]})", R"({"rows":1,"columns":1,"mass":["x"]})",
            R"({"rows":0,"columns":0,"mass":[]})" };
        for (const char* text : bad)
            QVERIFY2(ImageAttentionMean::heatImage(QJsonDocument::fromJson(text).object()).isNull(), text);
    }
};

QTEST_GUILESS_MAIN(TestImageAttentionMean)
#include "tst_image_attention_mean.moc"
