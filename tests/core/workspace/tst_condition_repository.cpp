// ConditionRepository: full round trip, lineage within a sample, every kind stored by name, bad references.

#include "workspace_fixture.h"

#include "workspace/condition_repository.h"
#include "workspace/image_store.h"
#include "workspace/workspace_error.h"

#include <QJsonArray>
#include <QTest>

using namespace vlmprobe;
using namespace vlmprobe::test;

class TestConditionRepository : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip();
    void everyKindRoundTrips();
    void lineage();
    void parentMustBelongToTheSameSample();
    void unknownReferencesAreRejected();
    void removingAParentKeepsChildren();
};

void TestConditionRepository::roundTrip()
{
    WorkspaceFixture fixture;
    const qint64 sampleId = fixture.addSample(fixture.addDataset(QStringLiteral("d")), QStringLiteral("s"));
    const qint64 modelId = fixture.addModel(QStringLiteral("m"));
    const qint64 baseId = fixture.addCondition(sampleId);
    const qint64 sourceRun = fixture.addRun(baseId, modelId);

    Condition condition;
    condition.sampleId = sampleId;
    condition.kind = ConditionKind::WrongThinkCue;
    condition.parentId = baseId;
    condition.label = QStringLiteral("Wrong-Think (C) + cue");
    condition.parameters = { { QStringLiteral("placement"), QStringLiteral("after-image") },
        { QStringLiteral("severity"), 0.5 }, { QStringLiteral("rects"), QJsonArray { 1, 2, 3, 4 } } };
    condition.captionText = QStringLiteral("The red cube is left of the sphere.");
    condition.thinkPrefix = QStringLiteral("The cube is clearly on the right, so the answer is C.");
    condition.cueText = QStringLiteral(" But I think");
    condition.targetOption = QStringLiteral("C");
    condition.options
        = { QStringLiteral("left"), QStringLiteral("right"), QStringLiteral("above"), QStringLiteral("I'm not sure") };
    condition.goldAnswer = QStringLiteral("A");
    condition.provenance = { { QStringLiteral("source"), QStringLiteral("generated") },
        { QStringLiteral("model"), QStringLiteral("Qwen3-32B") }, { QStringLiteral("seed"), 1234 } };
    condition.derivedImageHash
        = fixture.workspace().images().put(StoredImage { {}, QByteArray("derived"), QStringLiteral("png"), 2, 2 });
    condition.sourceRunId = sourceRun;
    condition.createdAt = QDateTime(QDate(2025, 1, 2), QTime(3, 4, 5, 6), Qt::UTC);
    condition.id = fixture.workspace().conditions().insert(condition);

    fixture.reopen();
    const std::optional<Condition> read = fixture.workspace().conditions().get(condition.id);
    QVERIFY(read.has_value());
    QCOMPARE(read->parameters, condition.parameters);
    QCOMPARE(read->options, condition.options);
    QVERIFY(*read == condition);
    QVERIFY(!fixture.workspace().conditions().get(condition.id + 100).has_value());
}

void TestConditionRepository::everyKindRoundTrips()
{
    WorkspaceFixture fixture;
    const qint64 sampleId = fixture.addSample(fixture.addDataset(QStringLiteral("d")), QStringLiteral("s"));
    for (const ConditionKind kind : allConditionKinds())
        fixture.addCondition(sampleId, kind);
    QList<ConditionKind> kinds;
    for (const Condition& condition : fixture.workspace().conditions().listForSample(sampleId))
        kinds.append(condition.kind);
    QCOMPARE(kinds, allConditionKinds());
}

void TestConditionRepository::lineage()
{
    WorkspaceFixture fixture;
    const qint64 sampleId = fixture.addSample(fixture.addDataset(QStringLiteral("d")), QStringLiteral("s"));
    const qint64 base = fixture.addCondition(sampleId);
    const qint64 blur = fixture.addCondition(sampleId, ConditionKind::GaussianBlur, base);
    const qint64 caption = fixture.addCondition(sampleId, ConditionKind::WrongCaption, base);
    const qint64 blurCaption = fixture.addCondition(sampleId, ConditionKind::WrongCaption, blur);

    const QList<Condition> all = fixture.workspace().conditions().listForSample(sampleId);
    QCOMPARE(all.size(), 4);
    QCOMPARE(all[0].id, base);
    QVERIFY(!all[0].parentId.has_value());
    QCOMPARE(all[1].parentId, base);
    QCOMPARE(all[2].parentId, base);
    QCOMPARE(all[3].parentId, blur);

    QList<qint64> chain;
    for (const Condition& condition : fixture.workspace().conditions().lineage(blurCaption))
        chain.append(condition.id);
    QCOMPARE(chain, (QList<qint64> { base, blur, blurCaption }));
    QCOMPARE(fixture.workspace().conditions().lineage(caption).size(), 2);
    QVERIFY(fixture.workspace().conditions().lineage(9999).isEmpty());
}

void TestConditionRepository::parentMustBelongToTheSameSample()
{
    WorkspaceFixture fixture;
    const qint64 datasetId = fixture.addDataset(QStringLiteral("d"));
    const qint64 first = fixture.addSample(datasetId, QStringLiteral("1"));
    const qint64 second = fixture.addSample(datasetId, QStringLiteral("2"));
    const qint64 parent = fixture.addCondition(first);
    try {
        fixture.addCondition(second, ConditionKind::WrongCaption, parent);
        QFAIL("a cross-sample parent was accepted");
    } catch (const WorkspaceError& error) {
        QCOMPARE(error.reason(), WorkspaceError::Reason::InvalidInput);
        QVERIFY2(error.message().contains(QStringLiteral("another sample")), qPrintable(error.message()));
    }
    QCOMPARE(fixture.workspace().conditions().listForSample(second).size(), 0);
}

void TestConditionRepository::unknownReferencesAreRejected()
{
    WorkspaceFixture fixture;
    const qint64 sampleId = fixture.addSample(fixture.addDataset(QStringLiteral("d")), QStringLiteral("s"));
    Condition unknownSample;
    unknownSample.sampleId = sampleId + 7;
    Condition unknownParent;
    unknownParent.sampleId = sampleId;
    unknownParent.parentId = 4242;
    Condition unknownImage;
    unknownImage.sampleId = sampleId;
    unknownImage.derivedImageHash = QStringLiteral("cd").repeated(32);
    Condition unknownRun;
    unknownRun.sampleId = sampleId;
    unknownRun.sourceRunId = 77;
    for (const Condition& condition : { unknownSample, unknownParent, unknownImage, unknownRun }) {
        try {
            fixture.workspace().conditions().insert(condition);
            QFAIL("a dangling reference was accepted");
        } catch (const WorkspaceError& error) {
            QCOMPARE(error.reason(), WorkspaceError::Reason::InvalidInput);
            QVERIFY2(error.message().contains(QStringLiteral("FOREIGN KEY")), qPrintable(error.message()));
        }
    }
    QCOMPARE(fixture.workspace().conditions().listForSample(sampleId).size(), 0);
}

void TestConditionRepository::removingAParentKeepsChildren()
{
    WorkspaceFixture fixture;
    const qint64 sampleId = fixture.addSample(fixture.addDataset(QStringLiteral("d")), QStringLiteral("s"));
    const qint64 base = fixture.addCondition(sampleId);
    const qint64 child = fixture.addCondition(sampleId, ConditionKind::StopThink, base);
    fixture.workspace().conditions().remove(base);
    const std::optional<Condition> orphan = fixture.workspace().conditions().get(child);
    QVERIFY(orphan.has_value());
    QVERIFY(!orphan->parentId.has_value());
}

QTEST_GUILESS_MAIN(TestConditionRepository)
#include "tst_condition_repository.moc"
