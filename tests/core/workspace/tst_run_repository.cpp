// RunRepository: full round trip (every field, optionals set and unset), result and status updates, listing by
// condition, lookup by determining hash, cascades and bad references.

#include "workspace_fixture.h"

#include "workspace/judgment_repository.h"
#include "workspace/run_repository.h"
#include "workspace/workspace_error.h"

#include <QJsonArray>
#include <QTest>

using namespace vlmprobe;
using namespace vlmprobe::test;

namespace {

Run fullRun(qint64 conditionId, qint64 modelId)
{
    Run run;
    run.conditionId = conditionId;
    run.modelId = modelId;
    run.renderedPrompt
        = QStringLiteral("<|im_start|>user\n<|vision_start|><|image_pad|><|vision_end|>Which?<|im_end|>\n"
                         "<|im_start|>assistant\n");
    run.prefill = QStringLiteral("<think>Okay let's see. This should be the final answer.</think>");
    run.prefillMechanism = PrefillMechanism::RawAppend;
    run.completion = QStringLiteral("<answer>B</answer>");
    run.thinkText = QStringLiteral("Okay let's see. This should be the final answer.");
    run.answerText = QStringLiteral("B");
    run.parsedOption = QStringLiteral("B");
    run.correct = false;
    run.optionDistribution
        = { { QStringLiteral("A"), 0.25 }, { QStringLiteral("B"), 0.7 }, { QStringLiteral("C"), 0.05 } };
    run.entropy = 0.7480;
    run.pCorrect = 0.25;
    run.letterMass = 0.9931;
    run.promptTokens = 1312;
    run.completionTokens = 7;
    run.tokenLogprobs = { { QStringLiteral("content"),
        QJsonArray { QJsonObject {
            { QStringLiteral("token"), QStringLiteral("B") }, { QStringLiteral("logprob"), -0.3567 } } } } };
    run.metadata = { { QStringLiteral("imported_from"), QStringLiteral("samples_cvbench.jsonl") } };
    run.timings = { { QStringLiteral("prefill_ms"), 812.5 }, { QStringLiteral("decode_ms"), 96.0 } };
    run.decodeParameters = { { QStringLiteral("temperature"), 0 }, { QStringLiteral("max_new_tokens"), 1024 } };
    run.seed = 1234;
    run.engineVersion = QStringLiteral("0.1.0");
    run.determiningHash = QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    run.status = RunStatus::Done;
    run.createdAt = QDateTime(QDate(2025, 6, 1), QTime(12, 0, 0, 1), Qt::UTC);
    run.finishedAt = QDateTime(QDate(2025, 6, 1), QTime(12, 0, 1, 250), Qt::UTC);
    return run;
}

} // namespace

class TestRunRepository : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void roundTrip();
    void unsetOptionalsStayUnset();
    void updateResult();
    void updateStatus();
    void listForCondition();
    void findByDeterminingHash();
    void badReferences();
    void removeCascadesToJudgments();

private:
    std::unique_ptr<WorkspaceFixture> m_fixture;
    qint64 m_datasetId = 0;
    qint64 m_conditionId = 0;
    qint64 m_modelId = 0;
};

void TestRunRepository::init()
{
    m_fixture = std::make_unique<WorkspaceFixture>();
    m_datasetId = m_fixture->addDataset(QStringLiteral("d"));
    const qint64 sampleId = m_fixture->addSample(m_datasetId, QStringLiteral("s"));
    m_conditionId = m_fixture->addCondition(sampleId, ConditionKind::StopThink);
    m_modelId = m_fixture->addModel(QStringLiteral("SpaceR"));
}

void TestRunRepository::cleanup()
{
    m_fixture.reset();
}

void TestRunRepository::roundTrip()
{
    Run run = fullRun(m_conditionId, m_modelId);
    run.id = m_fixture->workspace().runs().insert(run);
    m_fixture->reopen();
    const std::optional<Run> read = m_fixture->workspace().runs().get(run.id);
    QVERIFY(read.has_value());
    QCOMPARE(read->optionDistribution, run.optionDistribution);
    QCOMPARE(read->entropy, run.entropy);
    QCOMPARE(read->correct, std::optional<bool>(false));
    QCOMPARE(read->finishedAt, run.finishedAt);
    QVERIFY(*read == run);
}

void TestRunRepository::unsetOptionalsStayUnset()
{
    Run run;
    run.conditionId = m_conditionId;
    run.modelId = m_modelId;
    const qint64 id = m_fixture->workspace().runs().insert(run);
    const Run read = *m_fixture->workspace().runs().get(id);
    QCOMPARE(read.status, RunStatus::Queued);
    QVERIFY(!read.correct && !read.entropy && !read.pCorrect && !read.letterMass && !read.seed);
    QVERIFY(!read.promptTokens && !read.completionTokens);
    QVERIFY(read.optionDistribution.isEmpty());
    QVERIFY(read.createdAt.isValid());
    QVERIFY(!read.finishedAt.isValid());
}

void TestRunRepository::updateResult()
{
    Run queued;
    queued.conditionId = m_conditionId;
    queued.modelId = m_modelId;
    queued.id = m_fixture->workspace().runs().insert(queued);
    const QDateTime created = m_fixture->workspace().runs().get(queued.id)->createdAt;

    Run result = fullRun(m_conditionId, m_modelId);
    result.id = queued.id;
    m_fixture->workspace().runs().updateResult(result);
    Run read = *m_fixture->workspace().runs().get(queued.id);
    QCOMPARE(read.createdAt, created); // not rewritten
    read.createdAt = result.createdAt;
    QVERIFY(read == result);

    result.id = 999;
    try {
        m_fixture->workspace().runs().updateResult(result);
        QFAIL("updated a missing run");
    } catch (const WorkspaceError& error) {
        QCOMPARE(error.reason(), WorkspaceError::Reason::InvalidInput);
    }
}

void TestRunRepository::updateStatus()
{
    Run run;
    run.conditionId = m_conditionId;
    run.modelId = m_modelId;
    const qint64 id = m_fixture->workspace().runs().insert(run);
    m_fixture->workspace().runs().updateStatus(id, RunStatus::Running);
    QCOMPARE(m_fixture->workspace().runs().get(id)->status, RunStatus::Running);
    QVERIFY(!m_fixture->workspace().runs().get(id)->finishedAt.isValid());
    const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
    m_fixture->workspace().runs().updateStatus(id, RunStatus::Failed, QStringLiteral("CUDA out of memory"));
    const Run failed = *m_fixture->workspace().runs().get(id);
    QCOMPARE(failed.status, RunStatus::Failed);
    QCOMPARE(failed.error, QStringLiteral("CUDA out of memory"));
    QVERIFY(failed.finishedAt >= before && failed.finishedAt <= QDateTime::currentDateTimeUtc());
}

void TestRunRepository::listForCondition()
{
    const qint64 otherCondition = m_fixture->addCondition(m_fixture->addSample(m_datasetId, QStringLiteral("t")));
    QList<qint64> mine;
    for (int i = 0; i < 4; ++i) {
        mine.append(m_fixture->addRun(m_conditionId, m_modelId));
        m_fixture->addRun(otherCondition, m_modelId);
    }
    QList<qint64> listed;
    for (const Run& run : m_fixture->workspace().runs().listForCondition(m_conditionId))
        listed.append(run.id);
    QCOMPARE(listed, mine);
}

void TestRunRepository::findByDeterminingHash()
{
    Run run = fullRun(m_conditionId, m_modelId);
    run.status = RunStatus::Failed;
    const qint64 older = m_fixture->workspace().runs().insert(run);
    run.status = RunStatus::Done;
    const qint64 newer = m_fixture->workspace().runs().insert(run);
    run.determiningHash = QStringLiteral("other");
    m_fixture->workspace().runs().insert(run);
    const QList<Run> found = m_fixture->workspace().runs().findByDeterminingHash(fullRun(0, 0).determiningHash);
    QCOMPARE(found.size(), 2);
    QCOMPARE(found[0].id, newer);
    QCOMPARE(found[1].id, older);
    QVERIFY(m_fixture->workspace().runs().findByDeterminingHash(QStringLiteral("absent")).isEmpty());
    QVERIFY(m_fixture->workspace().runs().findByDeterminingHash(QString()).isEmpty());
}

void TestRunRepository::badReferences()
{
    for (const auto& [conditionId, modelId] : { std::pair<qint64, qint64> { m_conditionId + 5, m_modelId },
             std::pair<qint64, qint64> { m_conditionId, m_modelId + 5 } }) {
        try {
            m_fixture->addRun(conditionId, modelId);
            QFAIL("a dangling reference was accepted");
        } catch (const WorkspaceError& error) {
            QCOMPARE(error.reason(), WorkspaceError::Reason::InvalidInput);
            QVERIFY2(error.message().contains(QStringLiteral("FOREIGN KEY")), qPrintable(error.message()));
        }
    }
    QCOMPARE(m_fixture->workspace().runs().count(), 0);
}

void TestRunRepository::removeCascadesToJudgments()
{
    const qint64 runId = m_fixture->addRun(m_conditionId, m_modelId);
    Judgment judgment;
    judgment.runId = runId;
    judgment.verdict = Verdict::Inconsistent;
    const qint64 judgmentId = m_fixture->workspace().judgments().insert(judgment);
    m_fixture->workspace().runs().remove(runId);
    QVERIFY(!m_fixture->workspace().judgments().get(judgmentId).has_value());
}

QTEST_GUILESS_MAIN(TestRunRepository)
#include "tst_run_repository.moc"
