// Acc, drop, retention, Cons, CAcc, quadrant shares and the entropies on hand-computed cases.

#include "metrics/rates.h"

#include <QTest>

#include <stdexcept>

using namespace vlmprobe;

class TestRates : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void accuracyIsTheShareCorrect();
    void dropAndRetentionArePaired();
    void consistencyCountsJudgedRunsOnly();
    void quadrantsSumToOne();
    void entropyInNats();
    void entropyRejectsBadDistributions();
};

void TestRates::accuracyIsTheShareCorrect()
{
    QCOMPARE(accuracy({ true, false, true, true }), 0.75); // 3 of 4
    QVERIFY(!accuracy({}).has_value());
}

void TestRates::dropAndRetentionArePaired()
{
    // Per sample (base, c): (1,1) (1,0) (0,0) (1,0.5): the last sample has two c runs, one correct.
    const QList<PairedScore> pairs { { 1, 1 }, { 1, 0 }, { 0, 0 }, { 1, 0.5 } };
    QCOMPARE(*drop(pairs), 0.375); // Acc_base = 3/4, Acc_c = 1.5/4 = 0.375, drop = 0.75 - 0.375
    QCOMPARE(*retention(pairs), 0.5); // sum(base * c) = 1 + 0 + 0 + 0.5 = 1.5 over sum(base) = 3
    QVERIFY(!drop({}).has_value());
    QVERIFY(!retention({ { 0, 1 }, { 0, 0 } }).has_value()); // nothing correct under Base
}

void TestRates::consistencyCountsJudgedRunsOnly()
{
    // (correct, verdict): 4 judged runs, 2 consistent, 1 of them correct; the unjudged run is left out.
    const QList<ScoredRun> runs { { true, Verdict::Consistent }, { true, Verdict::Inconsistent },
        { false, Verdict::Consistent }, { false, Verdict::NoConclusion }, { true, std::nullopt } };
    QCOMPARE(*consistency(runs), 0.5); // 2 / 4
    QCOMPARE(*consistencyAdjustedAccuracy(runs), 0.25); // 1 / 4
    QVERIFY(!consistency({ { true, std::nullopt } }).has_value());
    QVERIFY(!consistencyAdjustedAccuracy({}).has_value());
}

void TestRates::quadrantsSumToOne()
{
    const QList<ScoredRun> runs { { true, Verdict::Consistent }, { true, Verdict::Consistent },
        { true, Verdict::Inconsistent }, { false, Verdict::Consistent }, { false, Verdict::NoConclusion },
        { false, std::nullopt } };
    const QuadrantShares shares = quadrantShares(runs);
    QCOMPARE(shares.judged, 5);
    QCOMPARE(shares.consistentCorrect, 0.4); // 2 / 5
    QCOMPARE(shares.inconsistentCorrect, 0.2); // 1 / 5
    QCOMPARE(shares.consistentIncorrect, 0.2); // 1 / 5
    QCOMPARE(shares.inconsistentIncorrect, 0.2); // no-conclusion counts as not consistent: 1 / 5
    const QuadrantShares none = quadrantShares({ { true, std::nullopt } });
    QCOMPARE(none.judged, 0);
    QCOMPARE(none.consistentCorrect, 0.0);
}

void TestRates::entropyInNats()
{
    QCOMPARE(entropy({ 0.5, 0.5 }), 0.6931471805599453); // ln 2
    QCOMPARE(normalizedEntropy({ 0.5, 0.5 }), 1.0); // ln 2 / ln 2
    QCOMPARE(entropy({ 1, 0, 0 }), 0.0); // 0 ln 0 = 0
    QCOMPARE(normalizedEntropy({ 1, 0, 0 }), 0.0);
    // 0.5 ln 2 + 2 * 0.25 ln 4 = 1.5 ln 2 = 1.0397207708399179; over ln 3 = 1.0986122886681098: 0.946394630357186
    QCOMPARE(entropy({ 0.5, 0.25, 0.25 }), 1.0397207708399179);
    QCOMPARE(normalizedEntropy({ 0.5, 0.25, 0.25 }), 0.946394630357186);
    QCOMPARE(entropy({ 2, 1, 1 }), 1.0397207708399179); // renormalised to 0.5, 0.25, 0.25
    QCOMPARE(normalizedEntropy({ 1 }), 0.0); // a single letter
}

void TestRates::entropyRejectsBadDistributions()
{
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, entropy({}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, entropy({ -0.5, 1.5 }));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, entropy({ 0, 0 }));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, entropy({ qQNaN(), 1 }));
}

QTEST_GUILESS_MAIN(TestRates)
#include "tst_rates.moc"
