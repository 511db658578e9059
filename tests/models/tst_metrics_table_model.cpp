// MetricsTableModel: hand-made metrics rows shown as the protocol's columns (estimates with intervals, dashes for
// undefined values) and sorted stably, under QAbstractItemModelTester.

#include "metrics_table_model.h"

#include <QAbstractItemModelTester>
#include <QPersistentModelIndex>
#include <QTest>

using namespace vlmprobe;
using Column = MetricsTableModel::Column;

namespace {

Estimate estimate(double value, double low, double high, int n)
{
    return Estimate { value, low, high, n };
}

ConditionMetrics row(qint64 modelId, const QString& model, const QString& condition, double accuracy, int n)
{
    ConditionMetrics metrics;
    metrics.modelId = modelId;
    metrics.modelName = model;
    metrics.condition = condition;
    metrics.n = n;
    metrics.accuracy = estimate(accuracy, accuracy - 0.1, accuracy + 0.05, n);
    return metrics;
}

QList<ConditionMetrics> threeRows()
{
    ConditionMetrics base = row(1, QStringLiteral("SpaceR"), QStringLiteral("base"), 0.75, 40);
    base.consistency = estimate(0.9, 0.8, 0.975, 40);
    base.consistencyAdjustedAccuracy = estimate(0.7, 0.55, 0.825, 40);
    base.consistentCorrect = 0.7;
    base.inconsistentCorrect = 0.05;
    base.consistentIncorrect = 0.2;
    base.inconsistentIncorrect = 0.05;
    base.meanEntropy = 0.3124;
    base.meanPCorrect = 0.6;
    base.meanLetterMass = 0.9876;
    base.formatFailureRate = 0.025;

    ConditionMetrics wrong = row(1, QStringLiteral("SpaceR"), QStringLiteral("wrong-think"), 0.5, 40);
    wrong.drop = estimate(0.25, 0.1, 0.4, 40);
    wrong.retention = estimate(0.6, 0.4, 0.8, 30);
    wrong.formatFailureRate = 0.1;

    ConditionMetrics other = row(2, QStringLiteral("Base-7B"), QStringLiteral("wrong-think"), 0.625, 16);
    other.trainingStep = 200;
    other.drop = estimate(-0.125, -0.25, 0.0, 16);
    other.formatFailureRate = 0.0;
    return { base, wrong, other };
}

QString text(const MetricsTableModel& model, int row, Column column)
{
    return model.index(row, int(column)).data().toString();
}

} // namespace

class TestMetricsTableModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsMetrics();
    void formatsEstimates();
    void sortsStably_data();
    void sortsStably();
    void sortKeepsPersistentIndexes();
    void clears();
};

void TestMetricsTableModel::showsMetrics()
{
    MetricsTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setMetrics(threeRows());
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), 14);
    QCOMPARE(model.headerData(int(Column::Accuracy), Qt::Horizontal).toString(), QStringLiteral("Acc [95% CI]"));

    QCOMPARE(text(model, 0, Column::Model), QStringLiteral("SpaceR"));
    QCOMPARE(text(model, 0, Column::Condition), QStringLiteral("base"));
    QCOMPARE(text(model, 0, Column::N), QStringLiteral("40"));
    QCOMPARE(text(model, 0, Column::Accuracy), QStringLiteral("0.750 [0.650, 0.800]"));
    QCOMPARE(text(model, 0, Column::Consistency), QStringLiteral("0.900 [0.800, 0.975]"));
    QCOMPARE(text(model, 0, Column::ConsistencyAdjustedAccuracy), QStringLiteral("0.700 [0.550, 0.825]"));
    QCOMPARE(text(model, 0, Column::Quadrants), QStringLiteral("CC 70% · IC 5% · CI 20% · II 5%"));
    QCOMPARE(text(model, 0, Column::MeanEntropy), QStringLiteral("0.312"));
    QCOMPARE(text(model, 0, Column::PCorrect), QStringLiteral("0.600"));
    QCOMPARE(text(model, 0, Column::LetterMass), QStringLiteral("0.988"));
    QCOMPARE(text(model, 0, Column::FormatFailures), QStringLiteral("0.025"));
    // Base has no drop or retention of its own: n == 0 shows a dash and has no value.
    QCOMPARE(text(model, 0, Column::Drop), QStringLiteral("—"));
    QVERIFY(!model.index(0, int(Column::Drop)).data(MetricsTableModel::ValueRole).isValid());

    QCOMPARE(text(model, 1, Column::Drop), QStringLiteral("+0.250 [0.100, 0.400]"));
    QCOMPARE(text(model, 1, Column::Retention), QStringLiteral("0.600 [0.400, 0.800]"));
    QCOMPARE(model.index(1, int(Column::Retention)).data(MetricsTableModel::CountRole).toInt(), 30);
    QCOMPARE(model.index(1, int(Column::Retention)).data(MetricsTableModel::LowRole).toDouble(), 0.4);
    QCOMPARE(model.index(1, int(Column::Retention)).data(MetricsTableModel::HighRole).toDouble(), 0.8);
    // Unjudged runs: no consistency, no quadrants, no entropy.
    QCOMPARE(text(model, 1, Column::Consistency), QStringLiteral("—"));
    QCOMPARE(text(model, 1, Column::Quadrants), QStringLiteral("—"));
    QCOMPARE(text(model, 1, Column::MeanEntropy), QStringLiteral("—"));

    QCOMPARE(text(model, 2, Column::Model), QStringLiteral("Base-7B (step 200)"));
    QCOMPARE(text(model, 2, Column::Drop), QStringLiteral("-0.125 [-0.250, 0.000]"));
    QCOMPARE(model.index(2, 0).data(MetricsTableModel::ModelIdRole).toLongLong(), 2);
    QCOMPARE(model.metrics(2)->n, 16);
    QVERIFY(model.metrics(3) == nullptr);
    QVERIFY(model.metrics(-1) == nullptr);
}

void TestMetricsTableModel::formatsEstimates()
{
    QCOMPARE(MetricsTableModel::formatEstimate(estimate(0.5, 0.25, 0.75, 8)), QStringLiteral("0.500 [0.250, 0.750]"));
    QCOMPARE(
        MetricsTableModel::formatEstimate(estimate(0.0, 0.0, 0.0, 8), true), QStringLiteral("+0.000 [0.000, 0.000]"));
    QCOMPARE(MetricsTableModel::formatEstimate(estimate(0.0, 0.0, 0.0, 0)), QStringLiteral("—"));
}

void TestMetricsTableModel::sortsStably_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("order");
    QTest::addColumn<QList<int>>("expectedN"); // the n of each row after sorting identifies the rows

    // n: base 40, wrong 40 (SpaceR), other 16 (Base-7B).
    QTest::newRow("accuracy ascending") << int(Column::Accuracy) << int(Qt::AscendingOrder)
                                        << QList<int> { 40, 16, 40 };
    QTest::newRow("model descending") << int(Column::Model) << int(Qt::DescendingOrder) << QList<int> { 40, 40, 16 };
    // Undefined drop (base) first when ascending, last when descending.
    QTest::newRow("drop ascending") << int(Column::Drop) << int(Qt::AscendingOrder) << QList<int> { 40, 16, 40 };
    QTest::newRow("drop descending") << int(Column::Drop) << int(Qt::DescendingOrder) << QList<int> { 40, 16, 40 };
    QTest::newRow("n ascending") << int(Column::N) << int(Qt::AscendingOrder) << QList<int> { 16, 40, 40 };
}

void TestMetricsTableModel::sortsStably()
{
    QFETCH(int, column);
    QFETCH(int, order);
    QFETCH(QList<int>, expectedN);
    MetricsTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setMetrics(threeRows());
    model.sort(column, Qt::SortOrder(order));
    QList<int> ns;
    for (int r = 0; r < model.rowCount(); ++r)
        ns << model.metrics(r)->n;
    QCOMPARE(ns, expectedN);
    // Sorting by drop descending puts the undefined base drop last.
    if (column == int(Column::Drop) && order == int(Qt::DescendingOrder))
        QCOMPARE(model.metrics(2)->condition, QStringLiteral("base"));
    if (column == int(Column::Drop) && order == int(Qt::AscendingOrder))
        QCOMPARE(model.metrics(0)->condition, QStringLiteral("base"));
}

void TestMetricsTableModel::sortKeepsPersistentIndexes()
{
    MetricsTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setMetrics(threeRows());
    const QPersistentModelIndex other = model.index(2, int(Column::Accuracy));
    model.sort(int(Column::Accuracy), Qt::DescendingOrder);
    // Accuracies 0.75, 0.5, 0.625 descending: base, other, wrong.
    QCOMPARE(other.row(), 1);
    QCOMPARE(other.data().toString(), QStringLiteral("0.625 [0.525, 0.675]"));
    model.sort(-1);
    model.sort(99);
    QCOMPARE(other.row(), 1);
}

void TestMetricsTableModel::clears()
{
    MetricsTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setMetrics(threeRows());
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.index(0, 0).isValid());
}

QTEST_MAIN(TestMetricsTableModel)
#include "tst_metrics_table_model.moc"
