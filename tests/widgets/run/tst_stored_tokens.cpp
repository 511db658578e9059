// storedTokens: Run::tokenLogprobs read back as tokens with their alternatives; malformed entries are skipped.

#include "stored_tokens.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace vlmprobe;

class TestStoredTokens : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsContent();
};

void TestStoredTokens::readsContent()
{
    const QByteArray json = R"({"content": [
        {"id": 13708, "token": "<think>", "logprob": -0.5,
         "top_logprobs": [{"id": 13708, "token": "<think>", "logprob": -0.5}, {"id": 32, "token": "A", "logprob": -1.25}]},
        7,
        {"id": 785, "token": " The", "logprob": 0}
    ]})";
    const QList<StreamedToken> tokens = storedTokens(QJsonDocument::fromJson(json).object());
    QCOMPARE(tokens.size(), 2);
    QCOMPARE(tokens[0].id, 13708);
    QCOMPARE(tokens[0].text, QStringLiteral("<think>"));
    QCOMPARE(tokens[0].logprob, -0.5f);
    QCOMPARE(tokens[0].index, 0);
    QCOMPARE(tokens[0].alternatives.size(), 2);
    QCOMPARE(tokens[0].alternatives[1].first, QStringLiteral("A"));
    QCOMPARE(tokens[0].alternatives[1].second, -1.25f);
    QCOMPARE(tokens[1].text, QStringLiteral(" The"));
    QCOMPARE(tokens[1].index, 1);
    QVERIFY(tokens[1].alternatives.isEmpty());
    QVERIFY(storedTokens(QJsonObject {}).isEmpty());
}

QTEST_APPLESS_MAIN(TestStoredTokens)
#include "tst_stored_tokens.moc"
