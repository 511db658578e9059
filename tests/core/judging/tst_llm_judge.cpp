// LlmJudge end to end: a tiny random checkpoint (`vlmprobe-engine make-tiny`) judges stored runs of a real workspace.
// Its random reply holds no verdict, so every judgment is "no conclusion" with evidence "unparseable"; the reply
// itself is checked against the engine tool's own greedy generation for the same filled prompt.

#include "../probe/probe_fixture.h"

#include "backends/local_backend.h"
#include "judging/judge_prompt_store.h"
#include "judging/llm_judge.h"
#include "workspace/judgment_repository.h"
#include "workspace/run_repository.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace vlmprobe;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWaitMs = 180'000; // the shared build machine is slow

QByteArray runTool(const QStringList& arguments, int* exitCode)
{
    QProcess process;
    process.start(QStringLiteral(VLMPROBE_ENGINE_TOOL), arguments);
    process.waitForFinished(kWaitMs);
    *exitCode = process.exitCode();
    return process.exitCode() == 0 ? process.readAllStandardOutput() : process.readAllStandardError();
}

} // namespace

class TestLlmJudge : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void judgesStoredRuns();
    void reportsUnknownAndUnfinishedRuns();

private:
    QString greedyReply(const QString& prompt, int maxNewTokens);

    QTemporaryDir m_dir;
    QString m_model;
    std::unique_ptr<LocalBackend> m_backend;
};

void TestLlmJudge::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_model = QDir(m_dir.path()).filePath(u"tiny"_s);
    int exitCode = -1;
    const QByteArray made = runTool({ u"make-tiny"_s, u"--out"_s, m_model, u"--seed"_s, u"1"_s }, &exitCode);
    QVERIFY2(exitCode == 0, made.constData());
    m_backend = std::make_unique<LocalBackend>();
    QSignalSpy loaded(m_backend.get(), &LocalBackend::modelLoaded);
    m_backend->loadModel({ m_model, u"cpu"_s, u"auto"_s, 2 });
    QVERIFY(loaded.wait(kWaitMs));
}

QString TestLlmJudge::greedyReply(const QString& prompt, int maxNewTokens)
{
    int exitCode = -1;
    const QByteArray out = runTool({ u"generate"_s, u"--model"_s, m_model, u"--prompt"_s, prompt, u"--greedy"_s,
                                       u"--max-new-tokens"_s, QString::number(maxNewTokens), u"--json"_s },
        &exitCode);
    if (exitCode != 0)
        return u"tool failed: "_s + QString::fromUtf8(out);
    // The tool prints special tokens (<|im_end|> ...); the backend's text drops them.
    QString text = QJsonDocument::fromJson(out).object().value(u"text"_s).toString();
    text.remove(QRegularExpression(u"<\\|[a-z_]+\\|>"_s));
    return text;
}

void TestLlmJudge::judgesStoredRuns()
{
    test::ProbeFixture fixture;
    Workspace& workspace = fixture.workspace();
    setJudgePromptTemplate(workspace, u"Q: {question}\n{options}\nT: {think}\nA: {answer}"_s);

    Run answered;
    answered.thinkText = u"I count three red circles."_s;
    answered.parsedOption = u"B"_s;
    const qint64 answeredId = fixture.storedRun(answered).id;

    // A condition that overrides the options (Abstain): the judge sees the condition's four options.
    Condition abstain;
    abstain.kind = ConditionKind::Abstain;
    abstain.options = { u"2"_s, u"3"_s, u"4"_s, u"I'm not sure"_s };
    abstain.goldAnswer = u"B"_s;
    const Condition stored = fixture.stored(abstain);
    Run unsure = fixture.storedRun({});
    unsure.id = 0;
    unsure.conditionId = stored.id;
    unsure.thinkText = u"Hard to tell."_s;
    unsure.parsedOption = QString();
    const qint64 unsureId = workspace.runs().insert(unsure);

    LlmJudge judge(workspace, *m_backend, u"tiny"_s);
    QCOMPARE(judge.decodeSettings().maxNewTokens, 256);
    QVERIFY(judge.decodeSettings().greedy);
    DecodeSettings decode = judge.decodeSettings();
    decode.maxNewTokens = 12;
    judge.setDecodeSettings(decode);

    QSignalSpy judged(&judge, &LlmJudge::judged);
    QSignalSpy failed(&judge, &LlmJudge::failed);
    QSignalSpy finished(&judge, &LlmJudge::finished);
    judge.judge({ answeredId, unsureId });
    QVERIFY(judge.isBusy());
    QCOMPARE(judged.count(), 0); // nothing is reported from inside judge()
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(judged.count(), 2);
    QVERIFY(!judge.isBusy());

    const QStringList expectedPrompts {
        u"Q: How many red circles are there?\nA. 2\nB. 3\nC. 4\nT: I count three red circles.\nA: B"_s,
        u"Q: How many red circles are there?\nA. 2\nB. 3\nC. 4\nD. I'm not sure\nT: Hard to tell.\nA: none"_s,
    };
    const QList<qint64> runIds { answeredId, unsureId };
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(judged.at(i).at(0).toLongLong(), runIds.at(i));
        const QList<Judgment> judgments = workspace.judgments().listForRun(runIds.at(i));
        QCOMPARE(judgments.size(), 1);
        const Judgment& judgment = judgments.first();
        QCOMPARE(judgment.id, judged.at(i).at(1).toLongLong());
        QCOMPARE(judgment.judgeKind, JudgeKind::Llm);
        QCOMPARE(judgment.rater, u"tiny"_s);
        QCOMPARE(judgment.prompt, expectedPrompts.at(i));
        QCOMPARE(judgment.verdict, Verdict::NoConclusion);
        QCOMPARE(judgment.concludedOption, QString());
        QCOMPARE(judgment.parameters.value(u"evidence"_s).toString(), u"unparseable"_s);
        QCOMPARE(judgment.parameters.value(u"max_new_tokens"_s).toInt(), 12);
        QCOMPARE(judgment.parameters.value(u"greedy"_s).toBool(), true);
        QVERIFY(!judgment.rawOutput.isEmpty());
        QCOMPARE(judgment.rawOutput, greedyReply(expectedPrompts.at(i), 12));
    }
}

void TestLlmJudge::reportsUnknownAndUnfinishedRuns()
{
    test::ProbeFixture fixture;
    Workspace& workspace = fixture.workspace();
    const Run done = fixture.storedRun({});
    Run queued = done;
    queued.id = 0;
    queued.status = RunStatus::Queued;
    const qint64 queuedId = workspace.runs().insert(queued);

    LlmJudge judge(workspace, *m_backend, u"tiny"_s);
    QSignalSpy judged(&judge, &LlmJudge::judged);
    QSignalSpy failed(&judge, &LlmJudge::failed);
    QSignalSpy finished(&judge, &LlmJudge::finished);
    judge.judge({ 999, queuedId });
    QCOMPARE(failed.count(), 0);
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(judged.count(), 0);
    QCOMPARE(failed.count(), 2);
    QCOMPARE(failed.at(0).at(0).toLongLong(), 999);
    QCOMPARE(failed.at(0).at(1).toString(), u"no run with id 999"_s);
    QCOMPARE(failed.at(1).at(0).toLongLong(), queuedId);
    QCOMPARE(failed.at(1).at(1).toString(), u"run %1 is queued, not done"_s.arg(queuedId));
    QCOMPARE(finished.count(), 1);
    QVERIFY(workspace.judgments().listForRun(queuedId).isEmpty());
}

QTEST_GUILESS_MAIN(TestLlmJudge)
#include "tst_llm_judge.moc"
