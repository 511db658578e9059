// AUROC by Mann-Whitney U on hand-counted pairs, with ties and empty classes.

#include "metrics/auroc.h"

#include <QTest>

#include <stdexcept>

using namespace vlmprobe;

class TestAuroc : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void countsOrderedPairs();
    void tiesCountHalf();
    void perfectAndReversed();
    void emptyClassIsUndefined();
    void badInputThrows();
};

void TestAuroc::countsOrderedPairs()
{
    // Positives 0.9, 0.7; negatives 0.8, 0.6, 0.5. 0.9 beats all 3, 0.7 beats 0.6 and 0.5: U = 5 of 2 * 3 = 6.
    QCOMPARE(*auroc({ 0.9, 0.8, 0.7, 0.6, 0.5 }, { true, false, true, false, false }), 5.0 / 6.0);
}

void TestAuroc::tiesCountHalf()
{
    // Positive 0.5 ties negative 0.5 (1/2) and beats 0.2 (1): U = 1.5 of 2.
    QCOMPARE(*auroc({ 0.5, 0.5, 0.2 }, { true, false, false }), 0.75);
    // Everything tied: every pair counts 1/2.
    QCOMPARE(*auroc({ 1, 1, 1, 1 }, { true, true, false, false }), 0.5);
}

void TestAuroc::perfectAndReversed()
{
    QCOMPARE(*auroc({ 3, 4, 1, 2 }, { true, true, false, false }), 1.0);
    QCOMPARE(*auroc({ 1, 2, 3, 4 }, { true, true, false, false }), 0.0);
}

void TestAuroc::emptyClassIsUndefined()
{
    QVERIFY(!auroc({ 0.1, 0.2 }, { true, true }).has_value());
    QVERIFY(!auroc({ 0.1 }, { false }).has_value());
    QVERIFY(!auroc({}, {}).has_value());
}

void TestAuroc::badInputThrows()
{
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, auroc({ 0.1, 0.2 }, { true }));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, auroc({ qQNaN(), 0.2 }, { true, false }));
}

QTEST_GUILESS_MAIN(TestAuroc)
#include "tst_auroc.moc"
