// DecodeSettings round-trips through the JSON a Run records, with literal keys and values.

#include "backends/decode_settings.h"

#include <QJsonDocument>
#include <QTest>

using namespace vlmprobe;

class TestDecodeSettings : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultsAsJson()
    {
        const QByteArray json = QJsonDocument(DecodeSettings {}.toJson()).toJson(QJsonDocument::Compact);
        QCOMPARE(json,
            QByteArray(
                R"({"attention_readout":true,"greedy":true,"max_new_tokens":512,"max_pixels":1003520,"min_pixels":3136,)"
                R"("repetition_penalty":1,"seed":"0","temperature":1,"top_alternatives":5,"top_k":0,"top_p":1})"));
    }

    void roundTrip()
    {
        DecodeSettings s;
        s.greedy = false;
        s.temperature = 0.7;
        s.topP = 0.9;
        s.topK = 40;
        s.repetitionPenalty = 1.05;
        s.seed = 18446744073709551615ULL;
        s.maxNewTokens = 64;
        s.minPixels = 64;
        s.maxPixels = 262144;
        s.topAlternatives = 0;
        s.attentionReadout = false;
        QCOMPARE(s.toJson().value(QStringLiteral("seed")).toString(), QStringLiteral("18446744073709551615"));
        QCOMPARE(DecodeSettings::fromJson(s.toJson()), s);
    }

    void absentAndMistypedKeysTakeDefaults()
    {
        const QJsonObject json
            = QJsonDocument::fromJson(R"({"greedy":"no","top_k":12,"seed":7,"attention_readout":0})").object();
        DecodeSettings expected;
        expected.topK = 12;
        expected.seed = 7;
        QCOMPARE(DecodeSettings::fromJson(json), expected);
    }
};

QTEST_GUILESS_MAIN(TestDecodeSettings)
#include "tst_decode_settings.moc"
