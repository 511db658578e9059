// ConditionResolver against a demo workspace (Base plus five children per sample): existing kinds are reused,
// missing ones are created under Base (Base first when the sample has none), visual kinds get a derived image in
// the image store, and the kinds that reuse a run's own reasoning need that run.

#include "runner/condition_resolver.h"
#include "runner/runner_error.h"

#include "data/demo_workspace.h"
#include "workspace/condition_repository.h"
#include "workspace/dataset_repository.h"
#include "workspace/image_store.h"
#include "workspace/model_repository.h"
#include "workspace/run_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace.h"

#include <QTemporaryDir>
#include <QTest>

using namespace vlmprobe;

namespace {

std::optional<Condition> firstOfKind(const QList<Condition>& conditions, ConditionKind kind)
{
    for (const Condition& condition : conditions) {
        if (condition.kind == kind)
            return condition;
    }
    return std::nullopt;
}

} // namespace

class TestConditionResolver : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void reusesExistingConditions_data();
    void reusesExistingConditions();
    void createsMissingKindUnderBase();
    void createsBaseFirstWhenMissing();
    void visualKindDerivesItsImage();
    void sourceRunKindsNeedARun();

private:
    QList<Condition> conditionsOf(qint64 sampleId) const { return m_workspace->conditions().listForSample(sampleId); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    QList<Sample> m_samples;
};

void TestConditionResolver::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QString path = m_dir->filePath(QStringLiteral("demo.vlmprobe"));
    writeDemoWorkspace(path, 2);
    m_workspace = Workspace::open(path);
    m_samples = m_workspace->samples().listForDataset(m_workspace->datasets().list().first().id);
    QCOMPARE(m_samples.size(), 2);
    // The demo's shape, which the expectations below rely on.
    QCOMPARE(conditionsOf(m_samples.first().id).size(), 6);
}

void TestConditionResolver::cleanup()
{
    m_workspace.reset();
    m_dir.reset();
}

void TestConditionResolver::reusesExistingConditions_data()
{
    QTest::addColumn<ConditionKind>("kind");
    QTest::newRow("base") << ConditionKind::Base;
    QTest::newRow("wrong-caption") << ConditionKind::WrongCaption;
    QTest::newRow("stop-think") << ConditionKind::StopThink;
}

void TestConditionResolver::reusesExistingConditions()
{
    QFETCH(ConditionKind, kind);
    const Sample sample = m_samples.last();
    const QList<Condition> before = conditionsOf(sample.id);
    const Condition resolved = ConditionResolver(*m_workspace).resolve(sample, kind);
    QCOMPARE(resolved, *firstOfKind(before, kind));
    QCOMPARE(conditionsOf(sample.id).size(), 6);
}

void TestConditionResolver::createsMissingKindUnderBase()
{
    const Sample sample = m_samples.first();
    const qint64 baseId = firstOfKind(conditionsOf(sample.id), ConditionKind::Base)->id;
    ConditionResolver resolver(*m_workspace);
    const Condition abstain = resolver.resolve(sample, ConditionKind::Abstain);
    QVERIFY(abstain.id > 0);
    QCOMPARE(abstain.kind, ConditionKind::Abstain);
    QCOMPARE(abstain.sampleId, sample.id);
    QCOMPARE(abstain.parentId, std::optional<qint64>(baseId));
    // The abstain option is one more option after the sample's own.
    QCOMPARE(abstain.options.size(), sample.options.size() + 1);
    QCOMPARE(conditionsOf(sample.id).size(), 7);

    // Stored as returned, with its lineage.
    QCOMPARE(m_workspace->conditions().get(abstain.id)->kind, ConditionKind::Abstain);
    const QList<Condition> lineage = m_workspace->conditions().lineage(abstain.id);
    QCOMPARE(lineage.size(), 2);
    QCOMPARE(lineage.first().id, baseId);

    // Resolving again finds it; the other sample is untouched.
    QCOMPARE(resolver.resolve(sample, ConditionKind::Abstain).id, abstain.id);
    QCOMPARE(conditionsOf(sample.id).size(), 7);
    QCOMPARE(conditionsOf(m_samples.last().id).size(), 6);
}

void TestConditionResolver::createsBaseFirstWhenMissing()
{
    Sample bare = m_samples.first();
    bare.id = 0;
    bare.externalId = QStringLiteral("bare");
    bare.createdAt = QDateTime();
    bare.id = m_workspace->samples().insert(bare);
    QVERIFY(conditionsOf(bare.id).isEmpty());

    const Condition abstain = ConditionResolver(*m_workspace).resolve(bare, ConditionKind::Abstain);
    const QList<Condition> created = conditionsOf(bare.id);
    QCOMPARE(created.size(), 2);
    QCOMPARE(created.first().kind, ConditionKind::Base);
    QCOMPARE(created.first().parentId, std::nullopt);
    QCOMPARE(created.last().id, abstain.id);
    QCOMPARE(abstain.parentId, std::optional<qint64>(created.first().id));
}

void TestConditionResolver::visualKindDerivesItsImage()
{
    const Sample sample = m_samples.first();
    QVERIFY(!sample.imageHash.isEmpty());
    const qint64 imagesBefore = m_workspace->images().count();
    const Condition blur = ConditionResolver(*m_workspace).resolve(sample, ConditionKind::GaussianBlur);
    QCOMPARE(blur.kind, ConditionKind::GaussianBlur);
    QCOMPARE(blur.parentId, std::optional<qint64>(firstOfKind(conditionsOf(sample.id), ConditionKind::Base)->id));
    QVERIFY(!blur.parameters.isEmpty());
    QCOMPARE(blur.derivedImageHash.size(), 64);
    QVERIFY(blur.derivedImageHash != sample.imageHash);
    QCOMPARE(m_workspace->images().count(), imagesBefore + 1);

    // A blur keeps the geometry of the picture.
    const std::optional<StoredImage> original = m_workspace->images().info(sample.imageHash);
    const std::optional<StoredImage> derived = m_workspace->images().info(blur.derivedImageHash);
    QVERIFY(original && derived);
    QCOMPARE(derived->width, original->width);
    QCOMPARE(derived->height, original->height);
}

void TestConditionResolver::sourceRunKindsNeedARun()
{
    const Sample sample = m_samples.first();
    ConditionResolver resolver(*m_workspace);
    try {
        resolver.resolve(sample, ConditionKind::EarlyAnswering);
        QFAIL("expected RunnerError");
    } catch (const RunnerError& error) {
        QVERIFY2(error.message().contains(QStringLiteral("needs a source run")), qPrintable(error.message()));
    }
    QVERIFY_THROWS_EXCEPTION(RunnerError, resolver.resolve(sample, ConditionKind::EditContinue));
    QCOMPARE(conditionsOf(sample.id).size(), 6);

    // With a run of the sample's Wrong-Think condition: created under that condition, pointing at the run.
    ModelEntry model;
    model.name = QStringLiteral("m");
    model.location = QStringLiteral("/models/m");
    const qint64 modelId = m_workspace->models().insert(model);
    const Condition wrongThink = *firstOfKind(conditionsOf(sample.id), ConditionKind::WrongThink);
    Run run;
    run.conditionId = wrongThink.id;
    run.modelId = modelId;
    run.status = RunStatus::Done;
    run.prefill = QStringLiteral("<think>") + wrongThink.thinkPrefix;
    run.completion = QStringLiteral(" Looking again, it is left.</think><answer>A</answer>");
    run.thinkText = wrongThink.thinkPrefix + QStringLiteral(" Looking again, it is left.");
    run.parsedOption = QStringLiteral("A");
    const qint64 runId = m_workspace->runs().insert(run);

    const QJsonObject half { { QStringLiteral("fraction"), 0.5 } };
    const Condition early = resolver.resolve(sample, ConditionKind::EarlyAnswering, runId, half);
    QCOMPARE(early.kind, ConditionKind::EarlyAnswering);
    QCOMPARE(early.sourceRunId, std::optional<qint64>(runId));
    QCOMPARE(early.parentId, std::optional<qint64>(wrongThink.id));
    QCOMPARE(early.parameters.value(QStringLiteral("fraction")).toDouble(), 0.5);
    QCOMPARE(resolver.resolve(sample, ConditionKind::EarlyAnswering, runId, half).id, early.id);
    QCOMPARE(conditionsOf(sample.id).size(), 7);
    // Another point of the truncation sweep is another condition.
    const Condition quarter = resolver.resolve(
        sample, ConditionKind::EarlyAnswering, runId, QJsonObject { { QStringLiteral("fraction"), 0.25 } });
    QVERIFY(quarter.id != early.id);
    QCOMPARE(conditionsOf(sample.id).size(), 8);

    // A run of another sample is not this sample's reasoning.
    QVERIFY_THROWS_EXCEPTION(RunnerError, resolver.resolve(m_samples.last(), ConditionKind::EarlyAnswering, runId));
    QCOMPARE(conditionsOf(m_samples.last().id).size(), 6);
}

QTEST_GUILESS_MAIN(TestConditionResolver)
#include "tst_condition_resolver.moc"
