// Strict agreement and Fleiss' kappa: a small hand-computed table, the published Wikipedia example, and
// undefined or malformed inputs.

#include "metrics/agreement.h"

#include <QTest>

#include <stdexcept>

using namespace vlmprobe;

class TestAgreement : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void smallTableByHand();
    void publishedExample();
    void undefinedCases();
    void malformedRatingsThrow();
};

void TestAgreement::smallTableByHand()
{
    // 4 items x 3 raters, categories 0..2 (consistent, inconsistent, no-conclusion).
    const QList<QList<int>> ratings { { 0, 0, 0 }, { 0, 0, 1 }, { 1, 1, 1 }, { 0, 1, 2 } };
    QCOMPARE(*strictAgreementRate(ratings), 0.5); // items 1 and 3 of 4
    // P_i = (sum n_ij^2 - 3) / 6: (9-3)/6 = 1, (4+1-3)/6 = 1/3, 1, (3-3)/6 = 0; Pbar = (7/3)/4 = 7/12.
    // p_j = 6/12, 5/12, 1/12; Pbar_e = (36 + 25 + 1)/144 = 31/72.
    // kappa = (42/72 - 31/72) / (41/72) = 11/41 = 0.2682926829268293
    QCOMPARE(*fleissKappa(ratings, 3), 11.0 / 41.0);
    QCOMPARE(*fleissKappaFromCounts({ { 3, 0, 0 }, { 2, 1, 0 }, { 0, 3, 0 }, { 1, 1, 1 } }), 11.0 / 41.0);
    // Perfect agreement over two categories: Pbar = 1, kappa = 1.
    QCOMPARE(*fleissKappa({ { 0, 0 }, { 1, 1 } }, 2), 1.0);
}

void TestAgreement::publishedExample()
{
    // Fleiss' kappa example table (Wikipedia, "Fleiss' kappa", worked example): 10 items, 14 raters, 5
    // categories; published Pbar = 0.378, Pbar_e = 0.213, kappa = 0.210.
    const QList<QList<int>> counts { { 0, 0, 0, 0, 14 }, { 0, 2, 6, 4, 2 }, { 0, 0, 3, 5, 6 }, { 0, 3, 9, 2, 0 },
        { 2, 2, 8, 1, 1 }, { 7, 7, 0, 0, 0 }, { 3, 2, 6, 3, 0 }, { 2, 5, 3, 2, 2 }, { 6, 5, 2, 1, 0 },
        { 0, 2, 2, 3, 7 } };
    const double kappa = *fleissKappaFromCounts(counts);
    QVERIFY2(qAbs(kappa - 0.210) < 5e-4, qPrintable(QString::number(kappa)));
}

void TestAgreement::undefinedCases()
{
    QVERIFY(!strictAgreementRate({}).has_value());
    QVERIFY(!fleissKappa({}, 3).has_value());
    // Every rating in one category: Pbar_e = 1, kappa is 0/0.
    QVERIFY(!fleissKappa({ { 2, 2 }, { 2, 2 } }, 3).has_value());
}

void TestAgreement::malformedRatingsThrow()
{
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, fleissKappa({ { 0 } }, 2)); // one rater
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, fleissKappa({ { 0, 1 }, { 0, 1, 1 } }, 2)); // uneven
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, fleissKappa({ { 0, 3 } }, 2)); // no category 3
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, strictAgreementRate({ { 1, 1 }, { 1 } }));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, fleissKappaFromCounts({ { 1, 1 }, { 3, 0 } }));
}

QTEST_GUILESS_MAIN(TestAgreement)
#include "tst_agreement.moc"
