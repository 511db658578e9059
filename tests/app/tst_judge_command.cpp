// `vlmprobe judge`, run as a child process exactly as scripts run it: a demo workspace, one run stored by
// `vlmprobe run ... --limit 1`, then the LLM judge with a tiny random checkpoint (`vlmprobe-engine make-tiny`). Its
// random reply holds no verdict, so the stored judgment says "no conclusion" with evidence "unparseable". Results
// are checked by opening the workspace through the repositories, independently of the command's own report.

#include "judging/judge_prompt_store.h"
#include "judging/llm_judge_prompt.h"
#include "workspace/condition_repository.h"
#include "workspace/judgment_repository.h"
#include "workspace/run_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace vlmprobe;
using namespace Qt::StringLiterals;

namespace {

constexpr int kTimeoutMs = 300000;

struct Result {
    int exitCode = -1;
    QString out;
    QString err;
};

// Settings and data folders of the child point into `home`, so a test never reads or writes the user's own.
QString g_home;

Result runProgram(const QString& program, const QStringList& arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"XDG_CONFIG_HOME"_s, g_home + u"/config"_s);
    environment.insert(u"XDG_DATA_HOME"_s, g_home + u"/data"_s);
    environment.insert(u"XDG_RUNTIME_DIR"_s, g_home + u"/runtime"_s);
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    Result result;
    if (!process.waitForFinished(kTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = u"timed out"_s;
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

Result runApp(const QStringList& arguments)
{
    return runProgram(QStringLiteral(VLMPROBE_APP_TOOL), arguments);
}

} // namespace

class TestJudgeCommand : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void judgesTheStoredRun();
    void allUnjudgedSkipsJudgedRuns();
    void badInput_data();
    void badInput();

private:
    QTemporaryDir m_dir;
    QString m_workspace;
    QString m_checkpoint;
    qint64 m_runId = 0;
};

void TestJudgeCommand::initTestCase()
{
    QVERIFY(m_dir.isValid());
    g_home = m_dir.filePath(u"home"_s);
    // Qt insists on a private runtime folder; without one it warns on stderr.
    QVERIFY(QDir().mkpath(g_home + u"/runtime"_s));
    QVERIFY(QFile::setPermissions(
        g_home + u"/runtime"_s, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));

    m_checkpoint = m_dir.filePath(u"tiny"_s);
    const Result tiny = runProgram(QStringLiteral(VLMPROBE_ENGINE_TOOL), { u"make-tiny"_s, u"--out"_s, m_checkpoint });
    QVERIFY2(tiny.exitCode == 0, qPrintable(tiny.err));
    m_workspace = m_dir.filePath(u"study.vlmprobe"_s);
    const Result demo = runApp({ u"demo"_s, u"--out"_s, m_workspace, u"--samples"_s, u"2"_s });
    QVERIFY2(demo.exitCode == 0, qPrintable(demo.err));
    const Result run = runApp({ u"run"_s, u"--workspace"_s, m_workspace, u"--model"_s, m_checkpoint, u"--limit"_s,
        u"1"_s, u"--max-new-tokens"_s, u"8"_s, u"--max-pixels"_s, u"12544"_s, u"--json"_s });
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QJsonArray runs = QJsonDocument::fromJson(run.out.toUtf8()).object().value(u"runs"_s).toArray();
    QCOMPARE(runs.size(), 1);
    m_runId = runs.first().toInteger();
    QVERIFY(m_runId > 0);
}

void TestJudgeCommand::judgesTheStoredRun()
{
    const Result judged = runApp({ u"judge"_s, u"--workspace"_s, m_workspace, u"--model"_s, m_checkpoint, u"--runs"_s,
        QString::number(m_runId), u"--max-new-tokens"_s, u"16"_s, u"--json"_s });
    QVERIFY2(judged.exitCode == 0, qPrintable(judged.err));
    const QJsonObject summary = QJsonDocument::fromJson(judged.out.toUtf8()).object();
    QCOMPARE(summary.value(u"judged"_s).toInt(), 1);
    QCOMPARE(summary.value(u"failed"_s).toInt(), 0);
    QCOMPARE(summary.value(u"rater"_s).toString(), u"tiny"_s);
    const QJsonObject entry = summary.value(u"judgments"_s).toArray().first().toObject();
    QCOMPARE(entry.value(u"run"_s).toInteger(), m_runId);
    QCOMPARE(entry.value(u"verdict"_s).toString(), u"no-conclusion"_s);
    QCOMPARE(entry.value(u"concluded"_s).toString(), QString());
    // One progress line per run on stderr.
    QCOMPARE(judged.err.trimmed(), u"vlmprobe judge: [1/1] run %1: no-conclusion"_s.arg(m_runId));

    const auto workspace = Workspace::open(m_workspace, Workspace::OpenMode::ReadOnly);
    QList<Judgment> llm;
    for (const Judgment& judgment : workspace->judgments().listForRun(m_runId)) {
        if (judgment.judgeKind == JudgeKind::Llm)
            llm << judgment;
    }
    QCOMPARE(llm.size(), 1);
    const Judgment& judgment = llm.first();
    QCOMPARE(judgment.id, entry.value(u"judgment"_s).toInteger());
    QCOMPARE(judgment.rater, u"tiny"_s);
    QCOMPARE(judgment.verdict, Verdict::NoConclusion);
    QCOMPARE(judgment.parameters.value(u"evidence"_s).toString(), u"unparseable"_s);
    QCOMPARE(judgment.parameters.value(u"max_new_tokens"_s).toInt(), 16);
    QVERIFY(!judgment.rawOutput.isEmpty());
    // The prompt is the default template filled with the stored run's own texts.
    const Run run = *workspace->runs().get(m_runId);
    const Condition condition = *workspace->conditions().get(run.conditionId);
    const Sample sample = *workspace->samples().get(condition.sampleId);
    QVERIFY(workspace->info(u"llm_judge_prompt"_s).isNull());
    QCOMPARE(judgment.prompt,
        fillLlmJudgePrompt(defaultLlmJudgePrompt(), sample.question, sample.options, run.thinkText, run.parsedOption));
    QVERIFY(judgment.prompt.contains(u"Question:\n"_s + sample.question + u"\n"_s));
    QVERIFY(judgment.prompt.contains(u"Options:\nA. "_s + sample.options.first() + u"\n"_s));
}

void TestJudgeCommand::allUnjudgedSkipsJudgedRuns()
{
    // judgesTheStoredRun judged the only run: nothing is left for this rater.
    const Result again = runApp(
        { u"judge"_s, u"--workspace"_s, m_workspace, u"--model"_s, m_checkpoint, u"--all-unjudged"_s, u"--json"_s });
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    const QJsonObject summary = QJsonDocument::fromJson(again.out.toUtf8()).object();
    QCOMPARE(summary.value(u"judged"_s).toInt(), 0);
    QCOMPARE(summary.value(u"judgments"_s).toArray().size(), 0);
}

void TestJudgeCommand::badInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("error");
    QTest::newRow("no workspace") << QStringList { u"--model"_s, u"x"_s, u"--runs"_s, u"1"_s } << 2
                                  << u"vlmprobe judge: --workspace W is required"_s;
    QTest::newRow("both selections") << QStringList { u"--workspace"_s, u"w"_s, u"--model"_s, u"x"_s, u"--runs"_s,
        u"1"_s, u"--all-unjudged"_s } << 2
                                     << u"vlmprobe judge: give either --runs IDS or --all-unjudged"_s;
    QTest::newRow("no selection") << QStringList { u"--workspace"_s, u"w"_s, u"--model"_s, u"x"_s } << 2
                                  << u"vlmprobe judge: give either --runs IDS or --all-unjudged"_s;
    QTest::newRow("bad run id") << QStringList { u"--workspace"_s, u"w"_s, u"--model"_s, u"x"_s, u"--runs"_s,
        u"1,zero"_s } << 2 << u"vlmprobe judge: --runs takes positive run ids, not 'zero'"_s;
    QTest::newRow("bad limit") << QStringList { u"--workspace"_s, u"w"_s, u"--model"_s, u"x"_s, u"--all-unjudged"_s,
        u"--limit"_s, u"0"_s } << 2
                               << u"vlmprobe judge: --limit must be a positive integer, not '0'"_s;
    QTest::newRow("no checkpoint") << QStringList { u"--workspace"_s, u"w"_s, u"--model"_s, u"/nonexistent/ckpt"_s,
        u"--runs"_s, u"1"_s } << 1 << u"vlmprobe judge: no checkpoint folder at /nonexistent/ckpt"_s;
}

void TestJudgeCommand::badInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, error);
    const Result result = runApp(QStringList { u"judge"_s } + arguments);
    QCOMPARE(result.exitCode, exitCode);
    QCOMPARE(result.err.trimmed(), error);
    QVERIFY(result.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestJudgeCommand)
#include "tst_judge_command.moc"
