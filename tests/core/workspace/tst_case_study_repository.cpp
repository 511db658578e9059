// CaseStudyRepository: round trip of studies and ordered items on every target kind, append positions, updates,
// removal cascades.

#include "workspace_fixture.h"

#include "workspace/case_study_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace_error.h"

#include <QTest>

using namespace vlmprobe;
using namespace vlmprobe::test;

class TestCaseStudyRepository : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void studyRoundTrip();
    void itemsKeepTheirOrder();
    void removal();
};

void TestCaseStudyRepository::studyRoundTrip()
{
    WorkspaceFixture fixture;
    CaseStudy study;
    study.title = QStringLiteral("Wrong-Think flips SpaceR");
    study.description = QStringLiteral("# Finding\nThe model follows the **prefilled** reasoning.");
    study.createdAt = QDateTime(QDate(2025, 2, 2), QTime(2, 2, 2, 2), Qt::UTC);
    study.updatedAt = study.createdAt;
    study.id = fixture.workspace().caseStudies().insert(study);
    fixture.reopen();
    QVERIFY(fixture.workspace().caseStudies().get(study.id) == study);
    study.title = QStringLiteral("Wrong-Think flips SpaceR and Vision-R1");
    fixture.workspace().caseStudies().update(study);
    const CaseStudy updated = *fixture.workspace().caseStudies().get(study.id);
    QCOMPARE(updated.title, study.title);
    QVERIFY(updated.updatedAt > study.updatedAt);
    QVERIFY_THROWS_EXCEPTION(WorkspaceError, fixture.workspace().caseStudies().insert(CaseStudy {}));
}

void TestCaseStudyRepository::itemsKeepTheirOrder()
{
    WorkspaceFixture fixture;
    const qint64 sampleId = fixture.addSample(fixture.addDataset(QStringLiteral("d")), QStringLiteral("s"));
    const qint64 conditionId = fixture.addCondition(sampleId);
    const qint64 runId = fixture.addRun(conditionId, fixture.addModel(QStringLiteral("m")));
    CaseStudy study;
    study.title = QStringLiteral("t");
    const qint64 studyId = fixture.workspace().caseStudies().insert(study);

    CaseStudyItem item;
    item.caseStudyId = studyId;
    item.targetKind = TargetKind::Run;
    item.targetId = runId;
    item.note = QStringLiteral("the flip");
    const qint64 first = fixture.workspace().caseStudies().addItem(item); // position 0
    item.targetKind = TargetKind::Sample;
    item.targetId = sampleId;
    item.note = QString();
    const qint64 second = fixture.workspace().caseStudies().addItem(item); // position 1
    item.targetKind = TargetKind::Condition;
    item.targetId = conditionId;
    item.position = 0; // explicit: ties with the first, broken by id
    const qint64 third = fixture.workspace().caseStudies().addItem(item);

    QList<qint64> order;
    for (const CaseStudyItem& read : fixture.workspace().caseStudies().items(studyId))
        order.append(read.id);
    QCOMPARE(order, (QList<qint64> { first, third, second }));
    const QList<CaseStudyItem> items = fixture.workspace().caseStudies().items(studyId);
    QCOMPARE(items[0].targetKind, TargetKind::Run);
    QCOMPARE(items[0].note, QStringLiteral("the flip"));
    QCOMPARE(items[2].position, 1);

    CaseStudyItem moved = items[2];
    moved.position = -5;
    moved.note = QStringLiteral("lead with the sample");
    fixture.workspace().caseStudies().updateItem(moved);
    QCOMPARE(fixture.workspace().caseStudies().items(studyId).first().id, second);

    CaseStudyItem dangling = item;
    dangling.targetKind = TargetKind::Run;
    dangling.targetId = 9999;
    QVERIFY_THROWS_EXCEPTION(WorkspaceError, fixture.workspace().caseStudies().addItem(dangling));
    QCOMPARE(fixture.workspace().caseStudies().items(studyId).size(), 3);
}

void TestCaseStudyRepository::removal()
{
    WorkspaceFixture fixture;
    const qint64 datasetId = fixture.addDataset(QStringLiteral("d"));
    const qint64 keptSample = fixture.addSample(datasetId, QStringLiteral("kept"));
    const qint64 goneSample = fixture.addSample(datasetId, QStringLiteral("gone"));
    CaseStudy study;
    study.title = QStringLiteral("t");
    const qint64 studyId = fixture.workspace().caseStudies().insert(study);
    for (const qint64 sampleId : { keptSample, goneSample }) {
        CaseStudyItem item;
        item.caseStudyId = studyId;
        item.targetKind = TargetKind::Sample;
        item.targetId = sampleId;
        fixture.workspace().caseStudies().addItem(item);
    }
    fixture.workspace().samples().remove(goneSample); // its item goes with it
    QCOMPARE(fixture.workspace().caseStudies().items(studyId).size(), 1);
    fixture.workspace().caseStudies().removeItem(fixture.workspace().caseStudies().items(studyId).first().id);
    QVERIFY(fixture.workspace().caseStudies().items(studyId).isEmpty());
    fixture.workspace().caseStudies().remove(studyId);
    QVERIFY(fixture.workspace().caseStudies().list().isEmpty());
    QVERIFY(fixture.workspace().samples().get(keptSample).has_value()); // targets survive their case study
}

QTEST_GUILESS_MAIN(TestCaseStudyRepository)
#include "tst_case_study_repository.moc"
