// RunListModel: a condition's runs, newest first, with their answers and texts, under QAbstractItemModelTester.

#include "run_list_model.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace vlmprobe;

namespace {

Run makeRun(qint64 id, qint64 modelId, const QString& createdAt, RunStatus status)
{
    Run run;
    run.id = id;
    run.conditionId = 1;
    run.modelId = modelId;
    run.status = status;
    run.createdAt = QDateTime::fromString(createdAt, Qt::ISODate);
    return run;
}

} // namespace

class TestRunListModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void ordersNewestFirst();
    void displaysRuns_data();
    void displaysRuns();
    void clears();
};

void TestRunListModel::ordersNewestFirst()
{
    RunListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRuns({ makeRun(1, 7, QStringLiteral("2026-01-01T10:00:00Z"), RunStatus::Done),
                      makeRun(2, 7, QStringLiteral("2026-01-03T10:00:00Z"), RunStatus::Done),
                      makeRun(3, 8, QStringLiteral("2026-01-02T10:00:00Z"), RunStatus::Done),
                      makeRun(4, 8, QStringLiteral("2026-01-03T10:00:00Z"), RunStatus::Done) },
        { { 7, QStringLiteral("SpaceR") } });
    QCOMPARE(model.rowCount(), 4);
    QList<qint64> order;
    for (int row = 0; row < model.rowCount(); ++row)
        order << model.index(row, 0).data(RunListModel::RunIdRole).toLongLong();
    // Same time: the higher id (inserted later) first.
    QCOMPARE(order, (QList<qint64> { 4, 2, 3, 1 }));
    QCOMPARE(model.index(1, int(RunListModel::Column::Model)).data().toString(), QStringLiteral("SpaceR"));
    QCOMPARE(model.index(0, int(RunListModel::Column::Model)).data().toString(), QStringLiteral("model #8"));
    QCOMPARE(model.run(0)->id, 4);
    QVERIFY(model.run(4) == nullptr);
    QVERIFY(model.run(-1) == nullptr);
}

void TestRunListModel::displaysRuns_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("parsed");
    QTest::addColumn<int>("correct"); // -1 unset, 0 false, 1 true
    QTest::addColumn<QString>("answerText");
    QTest::addColumn<QString>("correctText");
    QTest::addColumn<QString>("statusText");

    QTest::newRow("correct") << int(RunStatus::Done) << "B" << 1 << "B" << QString::fromUtf8("\u2713 correct")
                             << "done";
    QTest::newRow("wrong") << int(RunStatus::Done) << "A" << 0 << "A" << QString::fromUtf8("\u2717 wrong") << "done";
    QTest::newRow("format failure") << int(RunStatus::Done) << "" << 0 << "format failure"
                                    << QString::fromUtf8("\u2717 wrong") << "done";
    QTest::newRow("running") << int(RunStatus::Running) << "" << -1 << ""
                             << ""
                             << "running";
    QTest::newRow("failed") << int(RunStatus::Failed) << "" << -1 << ""
                            << ""
                            << "failed";
}

void TestRunListModel::displaysRuns()
{
    QFETCH(int, status);
    QFETCH(QString, parsed);
    QFETCH(int, correct);
    QFETCH(QString, answerText);
    QFETCH(QString, correctText);
    QFETCH(QString, statusText);

    Run run = makeRun(9, 1, QStringLiteral("2026-02-01T08:00:00Z"), static_cast<RunStatus>(status));
    run.parsedOption = parsed;
    if (correct >= 0)
        run.correct = correct == 1;
    run.prefill = QStringLiteral("<think>The cube is left");
    run.completion = QStringLiteral(" of the ball.</think><answer>B</answer>");
    run.error = QStringLiteral("backend timed out");

    RunListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRuns({ run }, { { 1, QStringLiteral("Qwen2.5-VL-7B") } });
    using Column = RunListModel::Column;
    QCOMPARE(model.index(0, int(Column::Answer)).data().toString(), answerText);
    QCOMPARE(model.index(0, int(Column::Correct)).data().toString(), correctText);
    QCOMPARE(model.index(0, int(Column::Status)).data().toString(), statusText);
    QCOMPARE(model.index(0, 0).data(RunListModel::PrefillRole).toString(), run.prefill);
    QCOMPARE(model.index(0, 0).data(RunListModel::CompletionRole).toString(), run.completion);
    QCOMPARE(model.index(0, 0).data(RunListModel::StatusRole).toInt(), status);
    QCOMPARE(model.index(0, 0).data(RunListModel::CorrectRole).isValid(), correct >= 0);
    QCOMPARE(model.index(0, int(Column::Model)).data(Qt::ToolTipRole).toString(),
        status == int(RunStatus::Failed) ? run.error : QString());
}

void TestRunListModel::clears()
{
    RunListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRuns({ makeRun(1, 1, QStringLiteral("2026-01-01T00:00:00Z"), RunStatus::Queued) }, {});
    QCOMPARE(model.rowCount(), 1);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), int(RunListModel::Column::Count));
}

QTEST_GUILESS_MAIN(TestRunListModel)
#include "tst_run_list_model.moc"
