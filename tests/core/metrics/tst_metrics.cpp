// computeMetrics on a hand-built table of outcomes: every field of one model x condition computed by hand,
// grouping and order, missing Base, dataset split and determinism.

#include "metrics/metrics.h"

#include <QTest>

using namespace vlmprobe;
using namespace Qt::StringLiterals;

class TestMetrics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void handComputedTable();
    void splitByDataset();
    void deterministicForASeed();
};

namespace {

RunOutcome outcome(qint64 modelId, const QString& condition, qint64 sampleId, bool correct,
    std::optional<Verdict> verdict, std::optional<double> pCorrect, std::optional<double> entropy)
{
    RunOutcome o;
    o.modelId = modelId;
    o.modelName = modelId == 1 ? u"m1"_s : u"m2"_s;
    o.seriesName = u"s"_s;
    o.trainingStep = modelId * 100;
    o.condition = condition;
    o.sampleId = sampleId;
    o.datasetId = 1;
    o.datasetName = u"d1"_s;
    o.correct = correct;
    o.verdict = verdict;
    o.pCorrect = pCorrect;
    o.entropy = entropy;
    return o;
}

// Model 1 under Base and Wrong-Caption on samples 1..4; model 2 only under Wrong-Caption on sample 1.
QList<RunOutcome> table()
{
    const QString base = u"base"_s;
    const QString caption = u"wrong-caption"_s;
    QList<RunOutcome> runs {
        outcome(1, base, 1, true, Verdict::Consistent, 0.9, 0.5),
        outcome(1, base, 2, true, Verdict::Consistent, 0.8, 0.4),
        outcome(1, base, 3, true, Verdict::Inconsistent, 0.6, 0.9),
        outcome(1, base, 4, false, std::nullopt, 0.3, 1.0),
        outcome(1, caption, 1, false, Verdict::Consistent, 0.3, 1.0),
        outcome(1, caption, 2, true, Verdict::Inconsistent, 0.6, 0.8),
        outcome(1, caption, 3, false, Verdict::Consistent, 0.1, 1.2),
        outcome(1, caption, 4, false, Verdict::NoConclusion, std::nullopt, std::nullopt),
        outcome(2, caption, 1, true, std::nullopt, std::nullopt, std::nullopt),
    };
    runs[4].letterMass = 0.9;
    runs[5].letterMass = 0.95;
    runs[7].formatFailure = true;
    return runs;
}

} // namespace

void TestMetrics::handComputedTable()
{
    const QList<ConditionMetrics> metrics = computeMetrics(table(), { 400, 3, false, u"base"_s });
    QCOMPARE(metrics.size(), 3);
    // Order: series "s", step 100 (m1) before 200 (m2); Base first.
    QCOMPARE(metrics[0].condition, u"base"_s);
    QCOMPARE(metrics[1].condition, u"wrong-caption"_s);
    QCOMPARE(metrics[2].modelName, u"m2"_s);

    const ConditionMetrics& base = metrics[0];
    QCOMPARE(base.n, 4);
    QCOMPARE(base.accuracy.value, 0.75); // 3 of 4
    QCOMPARE(base.consistency.value, 2.0 / 3.0); // judged 3 (sample 4 unjudged), 2 consistent
    QCOMPARE(base.consistency.n, 3);
    QCOMPARE(base.consistencyAdjustedAccuracy.value, 2.0 / 3.0); // both consistent runs are correct
    QCOMPARE(base.drop.value, 0.0); // against itself: every paired difference is 0 ...
    QCOMPARE(base.drop.low, 0.0); // ... in every resample
    QCOMPARE(base.drop.high, 0.0);
    QCOMPARE(base.retention.value, 1.0);
    QCOMPARE(base.retention.n, 3);
    QCOMPARE(*base.meanPCorrect, 0.65); // (0.9 + 0.8 + 0.6 + 0.3) / 4 = 2.6 / 4
    QCOMPARE(*base.meanEntropy, 0.7); // (0.5 + 0.4 + 0.9 + 1.0) / 4 = 2.8 / 4
    QVERIFY(!base.aurocPCorrect.has_value());
    QVERIFY(!base.meanNormalizedEntropy.has_value());

    const ConditionMetrics& c = metrics[1];
    QCOMPARE(c.modelId, qint64(1));
    QCOMPARE(c.seriesName, u"s"_s);
    QCOMPARE(*c.trainingStep, qint64(100));
    QVERIFY(c.datasetName.isEmpty());
    QCOMPARE(c.n, 4);
    QCOMPARE(c.accuracy.value, 0.25); // only sample 2
    QCOMPARE(c.accuracy.n, 4);
    QVERIFY(c.accuracy.low >= 0.0 && c.accuracy.low <= 0.25 && c.accuracy.high >= 0.25 && c.accuracy.high <= 1.0);
    QCOMPARE(c.drop.value, 0.5); // paired over 4 samples: 3/4 - 1/4
    QCOMPARE(c.drop.n, 4);
    QVERIFY(c.drop.low <= 0.5 && c.drop.high >= 0.5);
    QCOMPARE(c.retention.value, 1.0 / 3.0); // of samples 1-3 (correct under Base) only 2 stays correct
    QCOMPARE(c.retention.n, 3);
    QCOMPARE(c.consistency.value, 0.5); // 4 judged: samples 1 and 3 consistent
    QCOMPARE(c.consistency.n, 4);
    QCOMPARE(c.consistencyAdjustedAccuracy.value, 0.0); // the consistent runs (1, 3) are both wrong
    QCOMPARE(c.consistentCorrect, 0.0);
    QCOMPARE(c.inconsistentCorrect, 0.25); // sample 2
    QCOMPARE(c.consistentIncorrect, 0.5); // samples 1, 3
    QCOMPARE(c.inconsistentIncorrect, 0.25); // sample 4 (no conclusion)
    QCOMPARE(*c.meanPCorrect, 1.0 / 3.0); // (0.3 + 0.6 + 0.1) / 3
    QCOMPARE(*c.meanEntropy, 1.0); // (1.0 + 0.8 + 1.2) / 3
    QCOMPARE(*c.meanLetterMass, 0.925); // (0.9 + 0.95) / 2
    QCOMPARE(c.formatFailureRate, 0.25);
    // Samples correct under Base: 1 (P 0.9, H 0.5), 2 (0.8, 0.4), 3 (0.6, 0.9); still correct: only 2.
    // P(correct): positive 0.8 beats negative 0.6, loses to 0.9: U = 1 of 2 = 0.5.
    QCOMPARE(*c.aurocPCorrect, 0.5);
    // -H: positive -0.4 beats -0.5 and -0.9: U = 2 of 2 = 1.
    QCOMPARE(*c.aurocNegEntropy, 1.0);

    const ConditionMetrics& other = metrics[2];
    QCOMPARE(other.accuracy.value, 1.0);
    QCOMPARE(other.drop.n, 0); // no Base runs for m2
    QCOMPARE(other.retention.n, 0);
    QCOMPARE(other.consistency.n, 0); // unjudged
    QVERIFY(!other.aurocPCorrect.has_value());
    QVERIFY(!other.meanPCorrect.has_value());
}

void TestMetrics::splitByDataset()
{
    QList<RunOutcome> runs = table();
    RunOutcome extra = outcome(1, u"base"_s, 5, false, std::nullopt, std::nullopt, std::nullopt);
    extra.datasetId = 2;
    extra.datasetName = u"d2"_s;
    runs.append(extra);

    const QList<ConditionMetrics> pooled = computeMetrics(runs, { 100, 0, false, u"base"_s });
    QCOMPARE(pooled.size(), 3);
    QCOMPARE(pooled[0].accuracy.value, 0.6); // 3 of 5
    const QList<ConditionMetrics> split = computeMetrics(runs, { 100, 0, true, u"base"_s });
    QCOMPARE(split.size(), 4); // m1 base d1, m1 base d2, m1 wrong-caption d1, m2 wrong-caption d1
    QCOMPARE(split[0].datasetName, u"d1"_s);
    QCOMPARE(split[0].accuracy.value, 0.75);
    QCOMPARE(split[1].datasetName, u"d2"_s);
    QCOMPARE(split[1].accuracy.value, 0.0);
    QCOMPARE(split[2].condition, u"wrong-caption"_s);
    QCOMPARE(split[2].drop.value, 0.5); // paired with d1's Base only
}

void TestMetrics::deterministicForASeed()
{
    const QList<ConditionMetrics> a = computeMetrics(table(), { 300, 9, false, u"base"_s });
    const QList<ConditionMetrics> b = computeMetrics(table(), { 300, 9, false, u"base"_s });
    QCOMPARE(a.size(), b.size());
    for (qsizetype i = 0; i < a.size(); ++i) {
        QCOMPARE(a[i].accuracy, b[i].accuracy);
        QCOMPARE(a[i].drop, b[i].drop);
        QCOMPARE(a[i].consistency, b[i].consistency);
    }
    QVERIFY(computeMetrics({}).isEmpty());
}

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
