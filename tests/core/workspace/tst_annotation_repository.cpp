// AnnotationRepository: round trip on each target kind, tag normalisation, update, cascade on target removal.

#include "workspace_fixture.h"

#include "workspace/annotation_repository.h"
#include "workspace/run_repository.h"
#include "workspace/workspace_error.h"

#include <QTest>

using namespace vlmprobe;
using namespace vlmprobe::test;

class TestAnnotationRepository : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTripOnEveryTarget();
    void updateRewritesTagsNoteAndRating();
    void removingTheTargetRemovesAnnotations();
    void unknownTargetIsRejected();
};

void TestAnnotationRepository::roundTripOnEveryTarget()
{
    WorkspaceFixture fixture;
    const qint64 sampleId = fixture.addSample(fixture.addDataset(QStringLiteral("d")), QStringLiteral("s"));
    const qint64 conditionId = fixture.addCondition(sampleId);
    const qint64 runId = fixture.addRun(conditionId, fixture.addModel(QStringLiteral("m")));
    const std::pair<TargetKind, qint64> targets[]
        = { { TargetKind::Sample, sampleId }, { TargetKind::Condition, conditionId }, { TargetKind::Run, runId } };
    for (const auto& [kind, id] : targets) {
        Annotation annotation;
        annotation.targetKind = kind;
        annotation.targetId = id;
        annotation.tags = { QStringLiteral("shortcut"), QStringLiteral(" flip "), QStringLiteral("shortcut"), QString(),
            QStringLiteral("Ärger") };
        annotation.note = QStringLiteral("Answers B although the think concludes C.");
        annotation.rating = 2;
        annotation.id = fixture.workspace().annotations().insert(annotation);

        fixture.reopen();
        const QList<Annotation> read = fixture.workspace().annotations().listForTarget(kind, id);
        QCOMPARE(read.size(), 1);
        QCOMPARE(read[0].tags,
            (QStringList { QStringLiteral("flip"), QStringLiteral("shortcut"), QStringLiteral("Ärger") }));
        QCOMPARE(read[0].targetKind, kind);
        QCOMPARE(read[0].targetId, id);
        QCOMPARE(read[0].note, annotation.note);
        QCOMPARE(read[0].rating, std::optional<int>(2));
        QVERIFY(read[0].createdAt.isValid());
        QCOMPARE(read[0].updatedAt, read[0].createdAt);
    }
    QCOMPARE(fixture.workspace().annotations().allTags(),
        (QStringList { QStringLiteral("flip"), QStringLiteral("shortcut"), QStringLiteral("Ärger") }));
}

void TestAnnotationRepository::updateRewritesTagsNoteAndRating()
{
    WorkspaceFixture fixture;
    const qint64 sampleId = fixture.addSample(fixture.addDataset(QStringLiteral("d")), QStringLiteral("s"));
    Annotation annotation;
    annotation.targetKind = TargetKind::Sample;
    annotation.targetId = sampleId;
    annotation.tags = { QStringLiteral("a"), QStringLiteral("b") };
    annotation.rating = 5;
    annotation.createdAt = QDateTime(QDate(2020, 1, 1), QTime(0, 0), Qt::UTC);
    annotation.id = fixture.workspace().annotations().insert(annotation);
    annotation.tags = { QStringLiteral("c") };
    annotation.rating.reset();
    annotation.note = QStringLiteral("revised");
    fixture.workspace().annotations().update(annotation);
    const Annotation read = *fixture.workspace().annotations().get(annotation.id);
    QCOMPARE(read.tags, QStringList { QStringLiteral("c") });
    QVERIFY(!read.rating.has_value());
    QCOMPARE(read.note, QStringLiteral("revised"));
    QCOMPARE(read.createdAt, annotation.createdAt);
    QVERIFY(read.updatedAt > read.createdAt);
    QCOMPARE(fixture.workspace().annotations().allTags(), QStringList { QStringLiteral("c") });
}

void TestAnnotationRepository::removingTheTargetRemovesAnnotations()
{
    WorkspaceFixture fixture;
    const qint64 sampleId = fixture.addSample(fixture.addDataset(QStringLiteral("d")), QStringLiteral("s"));
    const qint64 runId = fixture.addRun(fixture.addCondition(sampleId), fixture.addModel(QStringLiteral("m")));
    Annotation annotation;
    annotation.targetKind = TargetKind::Run;
    annotation.targetId = runId;
    annotation.tags = { QStringLiteral("gone") };
    const qint64 id = fixture.workspace().annotations().insert(annotation);
    fixture.workspace().runs().remove(runId);
    QVERIFY(!fixture.workspace().annotations().get(id).has_value());
    QVERIFY(fixture.workspace().annotations().allTags().isEmpty());
}

void TestAnnotationRepository::unknownTargetIsRejected()
{
    WorkspaceFixture fixture;
    Annotation annotation;
    annotation.targetKind = TargetKind::Condition;
    annotation.targetId = 404;
    annotation.tags = { QStringLiteral("orphan") };
    QVERIFY_THROWS_EXCEPTION(WorkspaceError, fixture.workspace().annotations().insert(annotation));
    QVERIFY(fixture.workspace().annotations().allTags().isEmpty());
}

QTEST_GUILESS_MAIN(TestAnnotationRepository)
#include "tst_annotation_repository.moc"
