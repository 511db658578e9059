// DatasetRepository: round trip, unique names, update, list order, removal.

#include "workspace_fixture.h"

#include "workspace/dataset_repository.h"
#include "workspace/workspace_error.h"

#include <QTest>

using namespace vlmprobe;
using namespace vlmprobe::test;

class TestDatasetRepository : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip();
    void namesAreUniqueAndRequired();
    void updateAndList();
};

void TestDatasetRepository::roundTrip()
{
    WorkspaceFixture fixture;
    Dataset dataset;
    dataset.name = QStringLiteral("CV-Bench");
    dataset.source = QStringLiteral("nyu-visionx/CV-Bench");
    dataset.format = QStringLiteral("hf-parquet");
    dataset.revision = QStringLiteral("22409a927ab5cf68e3655023d51694587455fc99");
    dataset.contentHash = QStringLiteral("ab").repeated(32);
    dataset.metadata = { { QStringLiteral("split"), QStringLiteral("test") }, { QStringLiteral("rows"), 2638 } };
    dataset.createdAt = QDateTime(QDate(2024, 12, 31), QTime(23, 59, 59, 999), Qt::UTC);
    dataset.id = fixture.workspace().datasets().insert(dataset);
    fixture.reopen();
    QVERIFY(fixture.workspace().datasets().get(dataset.id) == dataset);
    QVERIFY(fixture.workspace().datasets().findByName(QStringLiteral("CV-Bench")) == dataset);
    QVERIFY(!fixture.workspace().datasets().findByName(QStringLiteral("cv-bench")).has_value());
}

void TestDatasetRepository::namesAreUniqueAndRequired()
{
    WorkspaceFixture fixture;
    fixture.addDataset(QStringLiteral("WhatsUp"));
    for (const QString& name : { QStringLiteral("WhatsUp"), QStringLiteral("  "), QString() }) {
        try {
            fixture.addDataset(name);
            QFAIL("accepted");
        } catch (const WorkspaceError& error) {
            QCOMPARE(error.reason(), WorkspaceError::Reason::InvalidInput);
            QVERIFY(!error.message().contains(u'\n'));
        }
    }
    QCOMPARE(fixture.workspace().datasets().list().size(), 1);
}

void TestDatasetRepository::updateAndList()
{
    WorkspaceFixture fixture;
    const qint64 b = fixture.addDataset(QStringLiteral("b"));
    fixture.addDataset(QStringLiteral("c"));
    Dataset renamed = *fixture.workspace().datasets().get(b);
    renamed.name = QStringLiteral("a");
    renamed.revision = QStringLiteral("v2");
    fixture.workspace().datasets().update(renamed);
    QStringList names;
    for (const Dataset& dataset : fixture.workspace().datasets().list())
        names.append(dataset.name);
    QCOMPARE(names, (QStringList { QStringLiteral("a"), QStringLiteral("c") }));
    QVERIFY(fixture.workspace().datasets().get(b) == renamed);
    fixture.workspace().datasets().remove(b);
    QCOMPARE(fixture.workspace().datasets().list().size(), 1);
    renamed.id = 12345;
    QVERIFY_THROWS_EXCEPTION(WorkspaceError, fixture.workspace().datasets().update(renamed));
}

QTEST_GUILESS_MAIN(TestDatasetRepository)
#include "tst_dataset_repository.moc"
