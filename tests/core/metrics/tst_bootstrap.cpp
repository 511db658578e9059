// Bootstrap intervals: the quantile rule, platform-independent index draws, degenerate and two-point data,
// pairing, seeding and bad options.

#include "metrics/bootstrap.h"

#include <QTest>

#include <random>
#include <stdexcept>

using namespace vlmprobe;

class TestBootstrap : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void quantileInterpolates();
    void drawIndexUsesTheRawOutput();
    void constantDataHasAPointInterval();
    void twoPointData();
    void pairingRemovesSharedVariation();
    void seededAndReproducible();
    void undefinedStatistics();
    void badOptionsThrow();
};

void TestBootstrap::quantileInterpolates()
{
    const QList<double> sorted { 1, 2, 3, 4 };
    QCOMPARE(quantile(sorted, 0.0), 1.0);
    QCOMPARE(quantile(sorted, 1.0), 4.0);
    QCOMPARE(quantile(sorted, 0.5), 2.5); // h = 3 * 0.5 = 1.5: 2 + 0.5 (3 - 2)
    QCOMPARE(quantile(sorted, 0.025), 1.075); // h = 0.075: 1 + 0.075 (2 - 1)
    QCOMPARE(quantile(sorted, 0.975), 3.925); // h = 2.925: 3 + 0.925 (4 - 3)
    QCOMPARE(quantile({ 7 }, 0.3), 7.0);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, quantile({}, 0.5));
}

void TestBootstrap::drawIndexUsesTheRawOutput()
{
    // The C++ standard fixes the 10000th output of a default-seeded mt19937_64: 9981545732273789042.
    // It lies below the rejection limit 2^64 - 1 - ((2^64 - 1) mod 1000), so the index is 9981545732273789042 mod
    // 1000 = 42.
    std::mt19937_64 rng;
    rng.discard(9999);
    QCOMPARE(drawIndex(rng, 1000), 42);
    QCOMPARE(drawIndex(rng, 1), 0);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, drawIndex(rng, 0));
}

void TestBootstrap::constantDataHasAPointInterval()
{
    const Estimate estimate = bootstrapMean({ 0.7, 0.7, 0.7 }, {});
    QCOMPARE(estimate.value, 0.7);
    QCOMPARE(estimate.low, 0.7);
    QCOMPARE(estimate.high, 0.7);
    QCOMPARE(estimate.n, 3);
}

void TestBootstrap::twoPointData()
{
    // Resampling {0, 1} gives means 0, 0.5, 1 with probabilities 1/4, 1/2, 1/4. Of 1000 resamples about 250 are
    // 0 and 250 are 1, far more than the 25 each tail needs: the 95% interval is [0, 1] around 0.5.
    const Estimate estimate = bootstrapMean({ 0, 1 }, { 1000, 7, 0.95 });
    QCOMPARE(estimate.value, 0.5);
    QCOMPARE(estimate.low, 0.0);
    QCOMPARE(estimate.high, 1.0);
    QCOMPARE(estimate.n, 2);
    // A 40% interval ([0.3, 0.7] quantiles) holds only the middle value 0.5.
    const Estimate narrow = bootstrapMean({ 0, 1 }, { 1000, 7, 0.4 });
    QCOMPARE(narrow.low, 0.5);
    QCOMPARE(narrow.high, 0.5);
}

void TestBootstrap::pairingRemovesSharedVariation()
{
    // Per-sample differences are all exactly 1, so every paired resample has mean difference 1.
    const Estimate paired = pairedBootstrapDifference({ 1, 5, 9, 13 }, { 0, 4, 8, 12 }, {});
    QCOMPARE(paired.value, 1.0);
    QCOMPARE(paired.low, 1.0);
    QCOMPARE(paired.high, 1.0);
    QCOMPARE(paired.n, 4);
    // Differences 1, 0, 0, 1: mean 0.5.
    QCOMPARE(pairedBootstrapDifference({ 1, 1, 0, 1 }, { 0, 1, 0, 0 }, {}).value, 0.5);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pairedBootstrapDifference({ 1, 2 }, { 1 }, {}));
}

void TestBootstrap::seededAndReproducible()
{
    QList<double> values;
    for (int i = 1; i <= 20; ++i)
        values.append(i);
    const Estimate a = bootstrapMean(values, { 500, 11, 0.95 });
    const Estimate b = bootstrapMean(values, { 500, 11, 0.95 });
    const Estimate c = bootstrapMean(values, { 500, 12, 0.95 });
    QCOMPARE(a, b);
    QCOMPARE(a.value, 10.5); // (1 + 20) / 2
    QVERIFY(a.low < 10.5 && 10.5 < a.high);
    QVERIFY(a.low >= 1 && a.high <= 20);
    QVERIFY(a.low != c.low || a.high != c.high);
}

void TestBootstrap::undefinedStatistics()
{
    QCOMPARE(bootstrapMean({}, {}), Estimate {});
    const Estimate undefined
        = bootstrapEstimate(3, [](const std::vector<int>&) { return std::optional<double>(); }, {});
    QCOMPARE(undefined.n, 0);
    // Defined on the data, never on a resample: the interval collapses to the value.
    const Estimate onlyData = bootstrapEstimate(2,
        [](const std::vector<int>& w) { return w[0] == 1 && w[1] == 1 ? std::optional<double>(0.25) : std::nullopt; },
        { 1, 0, 0.95 });
    QCOMPARE(onlyData.value, 0.25);
    QCOMPARE(onlyData.n, 2);
    QVERIFY(onlyData.low <= 0.25 && onlyData.high >= 0.25);
}

void TestBootstrap::badOptionsThrow()
{
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, bootstrapMean({ 1 }, { 0, 0, 0.95 }));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, bootstrapMean({ 1 }, { 10, 0, 1.0 }));
}

QTEST_GUILESS_MAIN(TestBootstrap)
#include "tst_bootstrap.moc"
