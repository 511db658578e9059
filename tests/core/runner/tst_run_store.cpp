// RunStore: a Done run is stored with its rule judgment in one transaction; other statuses and judge-less stores
// write the run alone; a failure anywhere leaves the workspace without the run and without the judgment.

#include "runner/run_store.h"

#include "raw_sqlite.h"
#include "workspace_fixture.h"

#include "workspace/condition_repository.h"
#include "workspace/judgment_repository.h"
#include "workspace/run_repository.h"
#include "workspace/workspace_error.h"

#include <QTest>

using namespace vlmprobe;
using vlmprobe::test::RawSqlite;
using vlmprobe::test::WorkspaceFixture;

namespace {

struct Linked {
    qint64 conditionId = 0;
    qint64 modelId = 0;
};

// One sample with the fixture's four options ("option 0" ... "option 3", gold A), its Base condition and a model.
Linked addLinked(WorkspaceFixture& fixture)
{
    const qint64 datasetId = fixture.addDataset(QStringLiteral("d"));
    const qint64 sampleId = fixture.addSample(datasetId, QStringLiteral("s1"));
    return { fixture.addCondition(sampleId), fixture.addModel(QStringLiteral("m")) };
}

Run doneRun(const Linked& linked, const QString& think, const QString& option)
{
    Run run;
    run.conditionId = linked.conditionId;
    run.modelId = linked.modelId;
    run.status = RunStatus::Done;
    run.completion = QStringLiteral("</think><answer>") + option + QStringLiteral("</answer>");
    run.thinkText = think;
    run.answerText = option;
    run.parsedOption = option;
    run.correct = option == QStringLiteral("A");
    run.determiningHash = QString(64, QLatin1Char('c'));
    return run;
}

} // namespace

class TestRunStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void storesDoneRunWithRuleJudgment_data();
    void storesDoneRunWithRuleJudgment();
    void keepsGivenFinishTime();
    void failedRunGetsNoJudgment();
    void judgmentCanBeLeftOut();
    void failingJudgmentInsertLeavesNothing();
    void unknownModelLeavesNothing();
};

void TestRunStore::storesDoneRunWithRuleJudgment_data()
{
    QTest::addColumn<QString>("think");
    QTest::addColumn<QString>("option");
    QTest::addColumn<Verdict>("verdict");
    QTest::addColumn<QString>("concluded");
    QTest::newRow("consistent") << QStringLiteral("The circle is left of the square. So the answer is B.")
                                << QStringLiteral("B") << Verdict::Consistent << QStringLiteral("B");
    QTest::newRow("inconsistent") << QStringLiteral("Counting again, the answer is (C).") << QStringLiteral("A")
                                  << Verdict::Inconsistent << QStringLiteral("C");
    QTest::newRow("no conclusion") << QStringLiteral("Hard to tell from this angle.") << QStringLiteral("D")
                                   << Verdict::NoConclusion << QString();
}

void TestRunStore::storesDoneRunWithRuleJudgment()
{
    QFETCH(QString, think);
    QFETCH(QString, option);
    QFETCH(Verdict, verdict);
    QFETCH(QString, concluded);

    WorkspaceFixture fixture;
    const Linked linked = addLinked(fixture);
    const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
    const qint64 runId = RunStore(fixture.workspace()).store(doneRun(linked, think, option));
    QVERIFY(runId > 0);

    // Read back through a fresh connection: what is in the file, not what a cache holds.
    fixture.reopen(Workspace::OpenMode::ReadOnly);
    const std::optional<Run> run = fixture.workspace().runs().get(runId);
    QVERIFY(run);
    QCOMPARE(run->status, RunStatus::Done);
    QCOMPARE(run->thinkText, think);
    QCOMPARE(run->parsedOption, option);
    QCOMPARE(run->determiningHash, QString(64, QLatin1Char('c')));
    QVERIFY(run->finishedAt.isValid());
    QVERIFY(run->finishedAt >= before);

    const QList<Judgment> judgments = fixture.workspace().judgments().listForRun(runId);
    QCOMPARE(judgments.size(), 1);
    QCOMPARE(judgments.first().judgeKind, JudgeKind::Rule);
    QCOMPARE(judgments.first().rater, QStringLiteral("rule-v1"));
    QCOMPARE(judgments.first().verdict, verdict);
    QCOMPARE(judgments.first().concludedOption, concluded);
}

void TestRunStore::keepsGivenFinishTime()
{
    WorkspaceFixture fixture;
    const Linked linked = addLinked(fixture);
    Run run = doneRun(linked, QStringLiteral("So the answer is A."), QStringLiteral("A"));
    run.finishedAt = QDateTime::fromMSecsSinceEpoch(1'760'000'000'123, Qt::UTC);
    const qint64 runId = RunStore(fixture.workspace()).store(run);
    QCOMPARE(
        fixture.workspace().runs().get(runId)->finishedAt, QDateTime::fromMSecsSinceEpoch(1'760'000'000'123, Qt::UTC));
}

void TestRunStore::failedRunGetsNoJudgment()
{
    WorkspaceFixture fixture;
    const Linked linked = addLinked(fixture);
    Run run = doneRun(linked, QStringLiteral("So the answer is A."), QStringLiteral("A"));
    run.status = RunStatus::Failed;
    run.error = QStringLiteral("out of memory");
    const qint64 runId = RunStore(fixture.workspace()).store(run);
    QCOMPARE(fixture.workspace().runs().get(runId)->status, RunStatus::Failed);
    QCOMPARE(fixture.workspace().runs().get(runId)->error, QStringLiteral("out of memory"));
    QVERIFY(fixture.workspace().judgments().listForRun(runId).isEmpty());
}

void TestRunStore::judgmentCanBeLeftOut()
{
    WorkspaceFixture fixture;
    const Linked linked = addLinked(fixture);
    const qint64 runId = RunStore(fixture.workspace())
                             .store(doneRun(linked, QStringLiteral("So the answer is A."), QStringLiteral("A")), false);
    QCOMPARE(fixture.workspace().runs().count(), 1);
    QVERIFY(fixture.workspace().judgments().listForRun(runId).isEmpty());
}

void TestRunStore::failingJudgmentInsertLeavesNothing()
{
    WorkspaceFixture fixture;
    const Linked linked = addLinked(fixture);
    {
        // The run insert succeeds, then the judgment insert fails inside SQLite.
        RawSqlite raw(fixture.path());
        QVERIFY2(raw.exec(QStringLiteral("CREATE TRIGGER refuse_judgments BEFORE INSERT ON judgments "
                                         "BEGIN SELECT RAISE(ABORT, 'judgments refused'); END;")),
            qPrintable(raw.lastError()));
    }
    RunStore store(fixture.workspace());
    QVERIFY_THROWS_EXCEPTION(
        WorkspaceError, store.store(doneRun(linked, QStringLiteral("So the answer is B."), QStringLiteral("B"))));

    RawSqlite raw(fixture.path(), RawSqlite::Mode::ReadOnly);
    QCOMPARE(raw.integer(QStringLiteral("SELECT count(*) FROM runs")), 0);
    QCOMPARE(raw.integer(QStringLiteral("SELECT count(*) FROM judgments")), 0);
    QCOMPARE(raw.integer(QStringLiteral("SELECT run_count FROM samples")), 0);
}

void TestRunStore::unknownModelLeavesNothing()
{
    WorkspaceFixture fixture;
    Linked linked = addLinked(fixture);
    linked.modelId = 77;
    RunStore store(fixture.workspace());
    QVERIFY_THROWS_EXCEPTION(
        WorkspaceError, store.store(doneRun(linked, QStringLiteral("So the answer is A."), QStringLiteral("A"))));
    QCOMPARE(fixture.workspace().runs().count(), 0);
}

QTEST_GUILESS_MAIN(TestRunStore)
#include "tst_run_store.moc"
