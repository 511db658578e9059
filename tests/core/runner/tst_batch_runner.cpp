// BatchRunner end to end: the real engine on a tiny random checkpoint (made by `vlmprobe-engine make-tiny`) over
// a demo workspace. 2 samples x 2 kinds store 4 runs with rule judgments; the same plan again skips all 4
// (resume); cancel stops at once and a later start finishes what is missing; jobs that cannot be prepared fail
// one by one without stopping the batch.

#include "runner/batch_runner.h"
#include "runner/runner_error.h"

#include "backends/local_backend.h"
#include "data/demo_workspace.h"
#include "workspace/condition_repository.h"
#include "workspace/dataset_repository.h"
#include "workspace/judgment_repository.h"
#include "workspace/model_repository.h"
#include "workspace/run_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace vlmprobe;

namespace {

constexpr int kRunTimeoutMs = 240000;

} // namespace

class TestBatchRunner : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void refusesWithoutLoadedModel();
    void runsThenResumes();
    void cancelStopsAndResumeFinishes();
    void unpreparableJobsFailOneByOne();

private:
    BatchPlan plan(const QList<ConditionKind>& kinds) const;
    QList<qint64> runsOf(ConditionKind kind) const;

    QTemporaryDir m_dir;
    QString m_checkpoint;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<LocalBackend> m_backend;
    qint64 m_modelId = 0;
    QList<qint64> m_sampleIds;
};

void TestBatchRunner::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_checkpoint = m_dir.filePath(QStringLiteral("tiny"));
    QProcess tool;
    tool.start(
        QStringLiteral(VLMPROBE_ENGINE_TOOL), { QStringLiteral("make-tiny"), QStringLiteral("--out"), m_checkpoint });
    QVERIFY(tool.waitForFinished(120000));
    QVERIFY2(tool.exitCode() == 0, tool.readAllStandardError().constData());

    const QString path = m_dir.filePath(QStringLiteral("study.vlmprobe"));
    writeDemoWorkspace(path, 2);
    m_workspace = Workspace::open(path);
    const QList<Dataset> datasets = m_workspace->datasets().list();
    QCOMPARE(datasets.size(), 1);
    for (const Sample& sample : m_workspace->samples().listForDataset(datasets.first().id))
        m_sampleIds << sample.id;
    QCOMPARE(m_sampleIds.size(), 2);
    ModelEntry model;
    model.name = QStringLiteral("tiny");
    model.location = m_checkpoint;
    m_modelId = m_workspace->models().insert(model);

    m_backend = std::make_unique<LocalBackend>();
}

BatchPlan TestBatchRunner::plan(const QList<ConditionKind>& kinds) const
{
    BatchPlan plan;
    plan.modelId = m_modelId;
    plan.sampleIds = m_sampleIds;
    plan.kinds = kinds;
    plan.decode.maxNewTokens = 8;
    // 112 x 112 pixels: 16 vision tokens, so the CPU engine answers in well under a second.
    plan.decode.maxPixels = 12544;
    return plan;
}

// Runs stored for `kind` over the test's samples.
QList<qint64> TestBatchRunner::runsOf(ConditionKind kind) const
{
    QList<qint64> ids;
    for (const qint64 sampleId : m_sampleIds) {
        for (const Condition& condition : m_workspace->conditions().listForSample(sampleId)) {
            if (condition.kind != kind)
                continue;
            for (const Run& run : m_workspace->runs().listForCondition(condition.id))
                ids << run.id;
        }
    }
    return ids;
}

void TestBatchRunner::refusesWithoutLoadedModel()
{
    BatchRunner runner(*m_workspace, *m_backend);
    QVERIFY_THROWS_EXCEPTION(RunnerError, runner.start(plan({ ConditionKind::Base })));
    QVERIFY(!runner.isRunning());

    // Now load the checkpoint for the rest of the tests.
    QSignalSpy loaded(m_backend.get(), &LocalBackend::modelLoaded);
    QSignalSpy failed(m_backend.get(), &LocalBackend::modelLoadFailed);
    ModelSpec spec;
    spec.directory = m_checkpoint;
    m_backend->loadModel(spec);
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() + failed.count() > 0, kRunTimeoutMs);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));

    BatchPlan unknownModel = plan({ ConditionKind::Base });
    unknownModel.modelId = 999;
    QVERIFY_THROWS_EXCEPTION(RunnerError, runner.start(unknownModel));
    QVERIFY_THROWS_EXCEPTION(RunnerError, runner.start(plan({})));
}

void TestBatchRunner::runsThenResumes()
{
    QVERIFY(m_backend->isModelLoaded());
    BatchRunner runner(*m_workspace, *m_backend);
    QSignalSpy finished(&runner, &BatchRunner::finished);
    QSignalSpy stored(&runner, &BatchRunner::runStored);
    QSignalSpy progressed(&runner, &BatchRunner::progressed);
    QSignalSpy failures(&runner, &BatchRunner::failedRun);

    runner.start(plan({ ConditionKind::Base, ConditionKind::WrongCaption }));
    QVERIFY(runner.isRunning());
    QVERIFY(finished.wait(kRunTimeoutMs));
    QVERIFY2(failures.isEmpty(), failures.isEmpty() ? "" : qPrintable(failures.first().first().toString()));
    QCOMPARE(finished.first(), (QList<QVariant> { 4, 0, 0 }));
    QCOMPARE(stored.size(), 4);
    QCOMPARE(m_workspace->runs().count(), 4);
    QCOMPARE(progressed.last().at(0).toInt(), 4);
    QCOMPARE(progressed.last().at(1).toInt(), 0);
    QCOMPARE(progressed.last().at(2).toInt(), 4);
    QVERIFY(progressed.last().at(3).toDouble() >= 0);

    // One run per sample and kind, on the demo's own conditions, each with its rule judgment.
    QCOMPARE(runsOf(ConditionKind::Base).size(), 2);
    QCOMPARE(runsOf(ConditionKind::WrongCaption).size(), 2);
    for (const QVariantList& signal : stored) {
        const std::optional<Run> run = m_workspace->runs().get(signal.first().toLongLong());
        QVERIFY(run);
        QCOMPARE(run->status, RunStatus::Done);
        QCOMPARE(run->modelId, m_modelId);
        QCOMPARE(run->determiningHash.size(), 64);
        QCOMPARE(run->decodeParameters.value(QStringLiteral("max_new_tokens")).toInt(), 8);
        QVERIFY(run->completionTokens.value_or(0) <= 8);
        QVERIFY(run->finishedAt.isValid());
        const QList<Judgment> judgments = m_workspace->judgments().listForRun(run->id);
        QCOMPARE(judgments.size(), 1);
        QCOMPARE(judgments.first().judgeKind, JudgeKind::Rule);
    }

    // The same plan again: every job's hash has a Done run, nothing reaches the engine.
    finished.clear();
    stored.clear();
    runner.start(plan({ ConditionKind::Base, ConditionKind::WrongCaption }));
    QVERIFY(finished.wait(kRunTimeoutMs));
    QCOMPARE(finished.first(), (QList<QVariant> { 0, 4, 0 }));
    QCOMPARE(stored.size(), 0);
    QCOMPARE(m_workspace->runs().count(), 4);

    // Another decode setting is another job.
    BatchPlan longer = plan({ ConditionKind::Base });
    longer.sampleIds = { m_sampleIds.first() };
    longer.decode.maxNewTokens = 9;
    finished.clear();
    runner.start(longer);
    QVERIFY(finished.wait(kRunTimeoutMs));
    QCOMPARE(finished.first(), (QList<QVariant> { 1, 0, 0 }));
    QCOMPARE(m_workspace->runs().count(), 5);
}

void TestBatchRunner::cancelStopsAndResumeFinishes()
{
    const qint64 before = m_workspace->runs().count();
    BatchRunner runner(*m_workspace, *m_backend);
    QSignalSpy finished(&runner, &BatchRunner::finished);
    QSignalSpy stored(&runner, &BatchRunner::runStored);
    // Cancel as soon as the first job is in the engine.
    connect(&runner, &BatchRunner::progressed, &runner, [&runner] { runner.cancel(); });

    const BatchPlan correctKinds = plan({ ConditionKind::CorrectCaption, ConditionKind::CorrectThink });
    runner.start(correctKinds);
    QVERIFY(finished.wait(kRunTimeoutMs));
    QCOMPARE(finished.first(), (QList<QVariant> { 0, 0, 0 }));
    QVERIFY(!runner.isRunning());
    // The cancelled job's late result, if any, is not stored.
    QTest::qWait(1000);
    QCOMPARE(stored.size(), 0);
    QCOMPARE(m_workspace->runs().count(), before);

    // Resume on a fresh runner: all four jobs run.
    BatchRunner resumed(*m_workspace, *m_backend);
    QSignalSpy resumedFinished(&resumed, &BatchRunner::finished);
    resumed.start(correctKinds);
    QVERIFY(resumedFinished.wait(kRunTimeoutMs));
    QCOMPARE(resumedFinished.first(), (QList<QVariant> { 4, 0, 0 }));
    QCOMPARE(m_workspace->runs().count(), before + 4);
}

void TestBatchRunner::unpreparableJobsFailOneByOne()
{
    BatchRunner runner(*m_workspace, *m_backend);
    QSignalSpy finished(&runner, &BatchRunner::finished);
    QSignalSpy failures(&runner, &BatchRunner::failedRun);
    BatchPlan needsSource = plan({ ConditionKind::EarlyAnswering, ConditionKind::Base });
    runner.start(needsSource);
    QVERIFY(finished.wait(kRunTimeoutMs));
    // Early answering has no source run: 2 failures; Base was done before: 2 skips.
    QCOMPARE(finished.first(), (QList<QVariant> { 0, 2, 2 }));
    QCOMPARE(failures.size(), 2);
    const QString error = failures.first().first().toString();
    QVERIFY2(error.contains(QStringLiteral("needs a source run")), qPrintable(error));
    QVERIFY(!error.contains(QLatin1Char('\n')));
}

QTEST_GUILESS_MAIN(TestBatchRunner)
#include "tst_batch_runner.moc"
