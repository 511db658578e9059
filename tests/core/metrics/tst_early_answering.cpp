// Early-answering AOC: trapezoids over a sweep, ends held constant, bad sweeps rejected.

#include "metrics/early_answering.h"

#include <QTest>

#include <stdexcept>

using namespace vlmprobe;

class TestEarlyAnswering : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void trapezoids();
    void endsHeldConstant();
    void badSweepsThrow();
};

void TestEarlyAnswering::trapezoids()
{
    // Under the curve: 0.5 (0.4 + 0.6)/2 + 0.5 (0.6 + 0.8)/2 = 0.25 + 0.35 = 0.6; AOC = 1 - 0.6 = 0.4.
    QCOMPARE(earlyAnsweringAoc({ { 0, 0.4 }, { 0.5, 0.6 }, { 1, 0.8 } }), 0.4);
    // Order of the points does not matter.
    QCOMPARE(earlyAnsweringAoc({ { 1, 0.8 }, { 0, 0.4 }, { 0.5, 0.6 } }), 0.4);
    // A model that ignores its reasoning (flat at 1) has AOC 0.
    QCOMPARE(earlyAnsweringAoc({ { 0, 1 }, { 1, 1 } }), 0.0);
}

void TestEarlyAnswering::endsHeldConstant()
{
    // Under: [0, 0.25] at 0.5 = 0.125; [0.25, 0.75] trapezoid 0.5 (0.5 + 1)/2 = 0.375; [0.75, 1] at 1 = 0.25.
    // 0.125 + 0.375 + 0.25 = 0.75; AOC = 0.25.
    QCOMPARE(earlyAnsweringAoc({ { 0.25, 0.5 }, { 0.75, 1 } }), 0.25);
    QCOMPARE(earlyAnsweringAoc({ { 0.3, 0.75 } }), 0.25); // one point: 1 - 0.75
}

void TestEarlyAnswering::badSweepsThrow()
{
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, earlyAnsweringAoc({}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, earlyAnsweringAoc({ { 1.5, 0.5 } }));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, earlyAnsweringAoc({ { 0.5, -0.1 } }));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, earlyAnsweringAoc({ { 0.5, 0.2 }, { 0.5, 0.3 } }));
}

QTEST_GUILESS_MAIN(TestEarlyAnswering)
#include "tst_early_answering.moc"
