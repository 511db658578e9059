// Early-answering functions: sentence boundaries, the kept count, and the split of a run's own tokens around its
// thinking, against hand-counted literals.

#include "probe/cot_truncation.h"
#include "probe/probe_error.h"

#include <QJsonArray>
#include <QTest>

#include <cmath>

using namespace vlmprobe;
using namespace Qt::Literals::StringLiterals;

namespace {

Run runWithTokens(const QStringList& pieces)
{
    QJsonArray content;
    for (qsizetype i = 0; i < pieces.size(); ++i)
        content.append(QJsonObject { { u"id"_s, 100 + static_cast<int>(i) }, { u"token"_s, pieces.at(i) } });
    Run run;
    run.tokenLogprobs = { { u"content"_s, content } };
    return run;
}

QStringList texts(const QList<SourceToken>& tokens)
{
    QStringList result;
    for (const SourceToken& token : tokens)
        result.append(token.text);
    return result;
}

} // namespace

class TestCotTruncation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sentenceEnds_data();
    void sentenceEnds();
    void truncationCount_data();
    void truncationCount();
    void rejectsBadFractions();
    void splitsTokensAroundTheThink();
    void thinkOpenedByThePrefill();
    void straddlingCloseTagIsNotThinking();
    void rejectsBadTokenLists();
};

void TestCotTruncation::sentenceEnds_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<int>>("ends");

    QTest::newRow("empty") << QString() << QList<int>();
    QTest::newRow("blank") << u"  \n "_s << QList<int>();
    QTest::newRow("three") << u"One two. Three! Four?"_s << QList<int> { 8, 15, 21 };
    QTest::newRow("decimal") << u"It is 3.5 cm. Done"_s << QList<int> { 13, 18 };
    QTest::newRow("line breaks") << u"Step 1: look\n\nStep 2: count.\n"_s << QList<int> { 12, 28 };
    QTest::newRow("trailing spaces") << u"Yes.   "_s << QList<int> { 4 };
    QTest::newRow("abbreviation splits") << u"Shapes, e.g. circles."_s << QList<int> { 12, 21 };
}

void TestCotTruncation::sentenceEnds()
{
    QFETCH(QString, text);
    QFETCH(QList<int>, ends);
    QCOMPARE(vlmprobe::sentenceEnds(text), ends);
}

void TestCotTruncation::truncationCount_data()
{
    QTest::addColumn<double>("fraction");
    QTest::addColumn<int>("total");
    QTest::addColumn<int>("kept");

    QTest::newRow("none") << 0.0 << 7 << 0;
    QTest::newRow("all") << 1.0 << 7 << 7;
    QTest::newRow("half of 7 rounds up") << 0.5 << 7 << 4;
    QTest::newRow("0.29 of 100") << 0.29 << 100 << 29;
    QTest::newRow("0.7 of 10") << 0.7 << 10 << 7;
    QTest::newRow("0.2 of 3") << 0.2 << 3 << 1;
    QTest::newRow("0.1 of 3") << 0.1 << 3 << 0;
    QTest::newRow("empty") << 0.5 << 0 << 0;
}

void TestCotTruncation::truncationCount()
{
    QFETCH(double, fraction);
    QFETCH(int, total);
    QFETCH(int, kept);
    QCOMPARE(vlmprobe::truncationCount(fraction, total), kept);
}

void TestCotTruncation::rejectsBadFractions()
{
    QVERIFY_THROWS_EXCEPTION(ProbeError, vlmprobe::truncationCount(-0.1, 5));
    QVERIFY_THROWS_EXCEPTION(ProbeError, vlmprobe::truncationCount(1.01, 5));
    QVERIFY_THROWS_EXCEPTION(ProbeError, vlmprobe::truncationCount(std::nan(""), 5));
}

void TestCotTruncation::splitsTokensAroundTheThink()
{
    // "<think>\nA. B.</think>\n<answer>A</answer>"
    const SourceThinking split = sourceThinking(runWithTokens({ u"<"_s, u"think"_s, u">\n"_s, u"A"_s, u"."_s, u" B"_s,
        u"."_s, u"</"_s, u"think"_s, u">\n"_s, u"<"_s, u"answer"_s, u">"_s, u"A"_s, u"</"_s, u"answer"_s, u">"_s }));
    QVERIFY(split.openedInCompletion);
    QCOMPARE(texts(split.preamble), QStringList({ u"<"_s, u"think"_s, u">\n"_s }));
    QCOMPARE(texts(split.thinking), QStringList({ u"A"_s, u"."_s, u" B"_s, u"."_s }));
    QCOMPARE(split.thinking.first().id, 103);
    QCOMPARE(split.thinking.last().id, 106);
}

void TestCotTruncation::thinkOpenedByThePrefill()
{
    const SourceThinking split = sourceThinking(runWithTokens({ u"Yes"_s, u"."_s, u"</think>"_s, u"<answer>"_s }));
    QVERIFY(!split.openedInCompletion);
    QVERIFY(split.preamble.isEmpty());
    QCOMPARE(texts(split.thinking), QStringList({ u"Yes"_s, u"."_s }));
}

void TestCotTruncation::straddlingCloseTagIsNotThinking()
{
    // The token ".</" holds the last thinking character and the start of the closing tag; without a close tag at
    // all, every token after "<think>" is thinking.
    const SourceThinking split
        = sourceThinking(runWithTokens({ u"<think>"_s, u"Hm"_s, u".</"_s, u"think>"_s, u"B"_s }));
    QCOMPARE(texts(split.thinking), QStringList({ u"Hm"_s }));
    const SourceThinking open = sourceThinking(runWithTokens({ u"<think>"_s, u"Hm"_s, u" so"_s }));
    QCOMPARE(texts(open.thinking), QStringList({ u"Hm"_s, u" so"_s }));
}

void TestCotTruncation::rejectsBadTokenLists()
{
    QVERIFY_THROWS_EXCEPTION(ProbeError, sourceThinking(Run()));
    Run noId;
    noId.tokenLogprobs = { { u"content"_s, QJsonArray { QJsonObject { { u"token"_s, u"a"_s } } } } };
    QVERIFY_THROWS_EXCEPTION(ProbeError, sourceThinking(noId));
    Run fractional;
    fractional.tokenLogprobs
        = { { u"content"_s, QJsonArray { QJsonObject { { u"id"_s, 1.5 }, { u"token"_s, u"a"_s } } } } };
    QVERIFY_THROWS_EXCEPTION(ProbeError, sourceThinking(fractional));
}

QTEST_GUILESS_MAIN(TestCotTruncation)
#include "tst_cot_truncation.moc"
