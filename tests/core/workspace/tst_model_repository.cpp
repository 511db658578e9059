// ModelRepository: round trip of local and endpoint models, series ordering by training step, unique names.

#include "workspace_fixture.h"

#include "workspace/model_repository.h"
#include "workspace/workspace_error.h"

#include <QTest>

using namespace vlmprobe;
using namespace vlmprobe::test;

class TestModelRepository : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip();
    void series();
    void namesAreUnique();
    void findOrInsertLocal();
};

void TestModelRepository::findOrInsertLocal()
{
    WorkspaceFixture fixture;
    ModelRepository& models = fixture.workspace().models();
    const qint64 first = models.findOrInsertLocal(QStringLiteral("/models/a/qwen-tiny"));
    QCOMPARE(models.get(first)->name, QStringLiteral("qwen-tiny"));
    QCOMPARE(models.get(first)->location, QStringLiteral("/models/a/qwen-tiny"));
    QCOMPARE(models.get(first)->backend, BackendKind::Local);
    // The same folder, spelled differently, is the same entry.
    QCOMPARE(models.findOrInsertLocal(QStringLiteral("/models/a/./qwen-tiny/")), first);
    // Another folder with the same name gets a suffix.
    const qint64 second = models.findOrInsertLocal(QStringLiteral("/models/b/qwen-tiny"));
    QVERIFY(second != first);
    QCOMPARE(models.get(second)->name, QStringLiteral("qwen-tiny (2)"));
    QCOMPARE(models.list().size(), 2);
}

void TestModelRepository::roundTrip()
{
    WorkspaceFixture fixture;
    ModelEntry local;
    local.name = QStringLiteral("VLAA-Thinker step 600");
    local.location = QStringLiteral("checkpoints/vlaa-thinker/step-600");
    local.backend = BackendKind::Local;
    local.seriesName = QStringLiteral("vlaa-thinker");
    local.trainingStep = 600;
    local.seed = 42;
    local.revision = QStringLiteral("abc123");
    local.notes = QStringLiteral("GRPO, faithfulness-aware reward");
    local.metadata = { { QStringLiteral("dtype"), QStringLiteral("bfloat16") } };
    local.id = fixture.workspace().models().insert(local);

    ModelEntry remote;
    remote.name = QStringLiteral("o4-mini");
    remote.location = QStringLiteral("https://api.example.org/v1");
    remote.backend = BackendKind::OpenAiCompatible;
    remote.remoteModel = QStringLiteral("o4-mini-2025-04-16");
    remote.id = fixture.workspace().models().insert(remote);

    fixture.reopen();
    ModelEntry readLocal = *fixture.workspace().models().get(local.id);
    QVERIFY(readLocal.createdAt.isValid());
    local.createdAt = readLocal.createdAt;
    QVERIFY(readLocal == local);
    ModelEntry readRemote = *fixture.workspace().models().findByName(QStringLiteral("o4-mini"));
    QVERIFY(!readRemote.trainingStep && !readRemote.seed);
    remote.createdAt = readRemote.createdAt;
    QVERIFY(readRemote == remote);

    readRemote.notes = QStringLiteral("closed API: prefill unsupported");
    fixture.workspace().models().update(readRemote);
    QCOMPARE(fixture.workspace().models().get(remote.id)->notes, readRemote.notes);
}

void TestModelRepository::series()
{
    WorkspaceFixture fixture;
    const qint64 steps[] = { 300, 100, 200, 0 };
    for (const qint64 step : steps) {
        ModelEntry model;
        model.name = QStringLiteral("R1 step %1").arg(step);
        model.seriesName = QStringLiteral("vision-r1");
        model.trainingStep = step;
        fixture.workspace().models().insert(model);
    }
    fixture.addModel(QStringLiteral("standalone"));
    QList<qint64> ordered;
    for (const ModelEntry& model : fixture.workspace().models().series(QStringLiteral("vision-r1")))
        ordered.append(*model.trainingStep);
    QCOMPARE(ordered, (QList<qint64> { 0, 100, 200, 300 }));
    QCOMPARE(fixture.workspace().models().seriesNames(), QStringList { QStringLiteral("vision-r1") });
    QCOMPARE(fixture.workspace().models().list().size(), 5);
}

void TestModelRepository::namesAreUnique()
{
    WorkspaceFixture fixture;
    fixture.addModel(QStringLiteral("SpaceR"));
    QVERIFY_THROWS_EXCEPTION(WorkspaceError, fixture.addModel(QStringLiteral("SpaceR")));
    QVERIFY_THROWS_EXCEPTION(WorkspaceError, fixture.addModel(QString()));
    QCOMPARE(fixture.workspace().models().list().size(), 1);
}

QTEST_GUILESS_MAIN(TestModelRepository)
#include "tst_model_repository.moc"
