// OptionBars: one bar per option in letter order with the stored probabilities, "A. text" labels, gold and chosen
// letters, and the summary line with hand-computed entropy.

#include "option_bars.h"

#include <QTest>

using namespace vlmprobe;

class TestOptionBars : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsDistribution();
    void computesEntropyWhenNotStored();
    void explainsMissingDistribution();
};

void TestOptionBars::showsDistribution()
{
    Run run;
    run.optionDistribution = QJsonObject { { QStringLiteral("A"), 0.1 }, { QStringLiteral("B"), 0.72 },
        { QStringLiteral("C"), 0.08 }, { QStringLiteral("D"), 0.1 } };
    run.entropy = 0.41;
    run.pCorrect = 0.72;
    run.letterMass = 0.93;
    run.parsedOption = QStringLiteral("B");

    OptionBars bars;
    bars.resize(400, 300);
    bars.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bars));
    bars.showRun(run,
        { QStringLiteral("left"), QStringLiteral("right"), QStringLiteral("above"), QStringLiteral("below") },
        QStringLiteral("B"));
    QCOMPARE(bars.barCount(), 4);
    QCOMPARE(bars.values(), (QList<double> { 0.1, 0.72, 0.08, 0.1 }));
    QCOMPARE(bars.labels(),
        (QStringList { QStringLiteral("A. left"), QStringLiteral("B. right"), QStringLiteral("C. above"),
            QStringLiteral("D. below") }));
    QCOMPARE(bars.goldLetter(), QStringLiteral("B"));
    QCOMPARE(bars.chosenLetter(), QStringLiteral("B"));
    // 0.41 / ln 4 = 0.2958
    QCOMPARE(bars.summaryText(),
        QStringLiteral("H = 0.41 nats (0.30 norm.) \u00b7 P(correct) = 0.72 \u00b7 letter mass 0.93"));
}

void TestOptionBars::computesEntropyWhenNotStored()
{
    Run run;
    run.optionDistribution
        = QJsonObject { { QStringLiteral("A"), 0.5 }, { QStringLiteral("B"), 0.25 }, { QStringLiteral("C"), 0.25 } };
    run.parsedOption = QStringLiteral("A");
    OptionBars bars;
    bars.showRun(run, { QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three") }, QStringLiteral("C"));
    // H = 0.5 ln 2 + 2 * 0.25 ln 4 = 1.5 ln 2 = 1.0397; / ln 3 = 0.9464. No pCorrect or mass stored: not shown.
    QCOMPARE(bars.summaryText(), QStringLiteral("H = 1.04 nats (0.95 norm.)"));
    QCOMPARE(bars.barCount(), 3);
    QCOMPARE(bars.values(), (QList<double> { 0.5, 0.25, 0.25 }));
    QCOMPARE(bars.goldLetter(), QStringLiteral("C"));
    QCOMPARE(bars.chosenLetter(), QStringLiteral("A"));
}

void TestOptionBars::explainsMissingDistribution()
{
    OptionBars bars;
    bars.showRun(Run {}, { QStringLiteral("x"), QStringLiteral("y") }, QStringLiteral("A"));
    QCOMPARE(bars.barCount(), 0);
    QCOMPARE(bars.summaryText(), QStringLiteral("No answer-letter distribution for this run."));
}

QTEST_MAIN(TestOptionBars)
#include "tst_option_bars.moc"
