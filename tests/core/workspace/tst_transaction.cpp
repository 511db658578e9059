// Transaction: commit persists, a failed multi-row insert leaves nothing behind, savepoints nest.

#include "workspace_fixture.h"

#include "workspace/annotation_repository.h"
#include "workspace/dataset_repository.h"
#include "workspace/run_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/transaction.h"
#include "workspace/workspace_error.h"

#include <QTest>

using namespace vlmprobe;
using namespace vlmprobe::test;

class TestTransaction : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void commitPersists();
    void failedMultiRowInsertLeavesNothing();
    void exceptionUnwindRollsBack();
    void innerRollbackKeepsOuter();
    void outerRollbackUndoesCommittedInner();
    void repositoryCallsJoinTheCallersTransaction();
    void runCountsFollowCommitAndRollback();
    void endsOnlyOnce();
};

void TestTransaction::commitPersists()
{
    WorkspaceFixture fixture;
    {
        Transaction transaction(fixture.workspace());
        const qint64 datasetId = fixture.addDataset(QStringLiteral("d"));
        for (int i = 0; i < 3; ++i)
            fixture.addSample(datasetId, QString::number(i));
        transaction.commit();
        QVERIFY(!transaction.isActive());
    }
    fixture.reopen();
    QCOMPARE(fixture.workspace().samples().count({}), 3);
}

void TestTransaction::failedMultiRowInsertLeavesNothing()
{
    WorkspaceFixture fixture;
    const qint64 before = fixture.workspace().samples().count({});
    bool threw = false;
    {
        Transaction transaction(fixture.workspace());
        const qint64 datasetId = fixture.addDataset(QStringLiteral("import"));
        for (int i = 0; i < 5; ++i)
            fixture.addSample(datasetId, QString::number(i));
        try {
            fixture.addSample(datasetId, QStringLiteral("2")); // duplicate external id
        } catch (const WorkspaceError& error) {
            threw = true;
            QCOMPARE(error.reason(), WorkspaceError::Reason::InvalidInput);
        }
        // No commit: the destructor rolls back.
    }
    QVERIFY(threw);
    QCOMPARE(fixture.workspace().samples().count({}), before);
    QVERIFY(fixture.workspace().datasets().list().isEmpty());
    fixture.reopen();
    QVERIFY(fixture.workspace().datasets().list().isEmpty());
}

void TestTransaction::exceptionUnwindRollsBack()
{
    WorkspaceFixture fixture;
    try {
        Transaction transaction(fixture.workspace());
        fixture.addDataset(QStringLiteral("a"));
        fixture.addDataset(QStringLiteral("a")); // name taken: throws through the transaction
        transaction.commit();
    } catch (const WorkspaceError&) {
    }
    QVERIFY(fixture.workspace().datasets().list().isEmpty());
    fixture.addDataset(QStringLiteral("after")); // the connection is usable again
    QCOMPARE(fixture.workspace().datasets().list().size(), 1);
}

void TestTransaction::innerRollbackKeepsOuter()
{
    WorkspaceFixture fixture;
    Transaction outer(fixture.workspace());
    fixture.addDataset(QStringLiteral("outer"));
    {
        Transaction inner(fixture.workspace());
        fixture.addDataset(QStringLiteral("inner"));
    }
    outer.commit();
    const QList<Dataset> datasets = fixture.workspace().datasets().list();
    QCOMPARE(datasets.size(), 1);
    QCOMPARE(datasets.first().name, QStringLiteral("outer"));
}

void TestTransaction::outerRollbackUndoesCommittedInner()
{
    WorkspaceFixture fixture;
    {
        Transaction outer(fixture.workspace());
        Transaction inner(fixture.workspace());
        fixture.addDataset(QStringLiteral("inner"));
        inner.commit();
        outer.rollback();
    }
    QVERIFY(fixture.workspace().datasets().list().isEmpty());
}

void TestTransaction::repositoryCallsJoinTheCallersTransaction()
{
    WorkspaceFixture fixture;
    const qint64 sampleId = fixture.addSample(fixture.addDataset(QStringLiteral("d")), QStringLiteral("s"));
    {
        Transaction transaction(fixture.workspace());
        Annotation annotation;
        annotation.targetKind = TargetKind::Sample;
        annotation.targetId = sampleId;
        annotation.tags = { QStringLiteral("flip") };
        fixture.workspace().annotations().insert(annotation); // uses its own (nested) transaction
    }
    QVERIFY(fixture.workspace().annotations().listForTarget(TargetKind::Sample, sampleId).isEmpty());
    QVERIFY(fixture.workspace().annotations().allTags().isEmpty());
}

void TestTransaction::runCountsFollowCommitAndRollback()
{
    // Run inserts are counted in the sample row at COMMIT (RunRepository): the count must match the runs that
    // survived, whatever mix of savepoints committed or rolled back.
    WorkspaceFixture fixture;
    const qint64 sampleId = fixture.addSample(fixture.addDataset(QStringLiteral("d")), QStringLiteral("s"));
    const qint64 conditionId = fixture.addCondition(sampleId);
    const qint64 modelId = fixture.addModel(QStringLiteral("m"));
    auto shown = [&] { return fixture.workspace().samples().page({}).first().runCount; };
    auto stored = [&] { return fixture.workspace().runs().listForCondition(conditionId).size(); };

    fixture.addRun(conditionId, modelId); // autocommit
    QCOMPARE(shown(), 1);
    {
        Transaction outer(fixture.workspace());
        fixture.addRun(conditionId, modelId);
        {
            Transaction kept(fixture.workspace());
            fixture.addRun(conditionId, modelId);
            kept.commit();
        }
        {
            Transaction dropped(fixture.workspace());
            fixture.addRun(conditionId, modelId);
            fixture.addRun(conditionId, modelId);
        }
        outer.commit();
    }
    QCOMPARE(stored(), 3);
    QCOMPARE(shown(), 3);
    {
        Transaction abandoned(fixture.workspace());
        fixture.addRun(conditionId, modelId);
        Transaction inner(fixture.workspace());
        fixture.addRun(conditionId, modelId);
        inner.commit();
    }
    QCOMPARE(stored(), 3);
    QCOMPARE(shown(), 3);
    fixture.reopen();
    QCOMPARE(shown(), 3);
}

void TestTransaction::endsOnlyOnce()
{
    WorkspaceFixture fixture;
    Transaction transaction(fixture.workspace());
    transaction.commit();
    try {
        transaction.commit();
        QFAIL("a second commit was accepted");
    } catch (const WorkspaceError& error) {
        QCOMPARE(error.reason(), WorkspaceError::Reason::Internal);
    }
}

QTEST_GUILESS_MAIN(TestTransaction)
#include "tst_transaction.moc"
