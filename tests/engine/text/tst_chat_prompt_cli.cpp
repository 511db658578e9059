// The `render` command of vlmprobe-engine against the Jinja2 oracle (see tst_chat_prompt): on a checkpoint folder
// holding a copy of the shared chat_template.json it must print the oracle's bytes exactly for every case, append
// a prefill raw, warn on stderr (one line) when the template differs or is missing, and reject bad input with one
// line and a non-zero exit status.

#include "tst_chat_prompt_support.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <memory>
#include <vector>

namespace {

const QString kTool = QStringLiteral(VLMPROBE_ENGINE_TOOL);

struct ToolResult {
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs the tool once per argument list, several at a time: a run is mostly libtorch's start-up (about a second of
// CPU), so overlapping them keeps the test short. Results come back in the order of argLists.
QList<ToolResult> runTools(const QList<QStringList>& argLists)
{
    constexpr qsizetype kAtOnce = 8;
    QList<ToolResult> results;
    for (qsizetype first = 0; first < argLists.size(); first += kAtOnce) {
        std::vector<std::unique_ptr<QProcess>> processes;
        for (qsizetype i = first; i < std::min(first + kAtOnce, argLists.size()); ++i) {
            processes.push_back(std::make_unique<QProcess>());
            processes.back()->start(kTool, argLists[i]);
        }
        for (const auto& process : processes) {
            ToolResult result;
            result.finished = process->waitForFinished(120000) && process->exitStatus() == QProcess::NormalExit;
            result.exitCode = process->exitCode();
            result.out = process->readAllStandardOutput();
            result.err = process->readAllStandardError();
            results.append(result);
        }
    }
    return results;
}

QStringList renderArgs(const QString& modelDir, const OracleCase& c)
{
    QStringList args { QStringLiteral("render"), QStringLiteral("--model"), modelDir, QStringLiteral("--messages"),
        c.messagesPath };
    if (!c.addGenerationPrompt)
        args << QStringLiteral("--no-generation-prompt");
    if (c.addVisionId)
        args << QStringLiteral("--add-vision-id");
    return args;
}

} // namespace

class TestChatPromptCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void cliMatchesJinja_data();
    void cliMatchesJinja();
    void cliAppendsPrefillRaw();
    void cliJson();
    void cliWarnsWhenTemplateDiffers();
    void cliRejectsBadInput();

private:
    QTemporaryDir m_dir;
    QString m_checkpoint; // a checkpoint folder holding a copy of the shared chat_template.json
    QList<OracleCase> m_cases;
    QList<ToolResult> m_cliResults; // the render CLI on each case, same order (run by cliMatchesJinja_data)
};

void TestChatPromptCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_checkpoint = m_dir.filePath(QStringLiteral("checkpoint"));
    QVERIFY(QDir().mkpath(m_checkpoint));
    QVERIFY(QFile::copy(sharedChatTemplatePath(), m_checkpoint + QStringLiteral("/chat_template.json")));
    const QString error = renderOracleCases(m_dir.path(), m_cases);
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
}

void TestChatPromptCli::cliMatchesJinja_data()
{
    QTest::addColumn<int>("index");
    for (qsizetype i = 0; i < m_cases.size(); ++i)
        QTest::newRow(m_cases[i].name.toUtf8().constData()) << static_cast<int>(i);
    QList<QStringList> argLists;
    for (const OracleCase& c : std::as_const(m_cases))
        argLists.append(renderArgs(m_checkpoint, c));
    m_cliResults = runTools(argLists);
}

void TestChatPromptCli::cliMatchesJinja()
{
    QFETCH(int, index);
    const OracleCase& c = m_cases[index];
    const ToolResult& result = m_cliResults[index];
    QVERIFY2(result.finished && result.exitCode == 0, result.err.constData());
    QCOMPARE(result.out, c.expected);
    QCOMPARE(result.err, QByteArray()); // the shared template is the known one: no warning
}

void TestChatPromptCli::cliAppendsPrefillRaw()
{
    const OracleCase& c = m_cases[1];
    QVERIFY(c.addGenerationPrompt);

    const QByteArray prefill = "<think>\nLet me look again. Dès que 🙂\n";
    const QString prefillPath = m_dir.filePath(QStringLiteral("prefill.txt"));
    QVERIFY(writeTestFile(prefillPath, prefill));
    const QList<ToolResult> results = runTools({
        renderArgs(m_checkpoint, c) << QStringLiteral("--prefill") << QStringLiteral("<think>The red shape is"),
        renderArgs(m_checkpoint, c) << QStringLiteral("--prefill-file") << prefillPath,
    });
    QVERIFY2(results[0].finished && results[0].exitCode == 0, results[0].err.constData());
    QCOMPARE(results[0].out, c.expected + QByteArray("<think>The red shape is"));
    QVERIFY2(results[1].finished && results[1].exitCode == 0, results[1].err.constData());
    QCOMPARE(results[1].out, c.expected + prefill);
}

void TestChatPromptCli::cliJson()
{
    const OracleCase& c = m_cases[5];
    QStringList args = renderArgs(m_checkpoint, c);
    args << QStringLiteral("--json") << QStringLiteral("--prefill") << QStringLiteral("<think>");
    const ToolResult result = runTools({ args }).first();
    QVERIFY2(result.finished && result.exitCode == 0, result.err.constData());
    const QJsonObject out = QJsonDocument::fromJson(result.out).object();
    QCOMPARE(out[QLatin1String("prompt")].toString().toUtf8(), c.expected + QByteArray("<think>"));
    QCOMPARE(out[QLatin1String("prefill")].toString(), QStringLiteral("<think>"));
    QCOMPARE(out[QLatin1String("images")].toInt(), 3);
    QCOMPARE(out[QLatin1String("videos")].toInt(), 1);
    const QJsonObject templateInfo = out[QLatin1String("template")].toObject();
    QCOMPARE(templateInfo[QLatin1String("file")].toString(), QStringLiteral("chat_template.json"));
    QCOMPARE(templateInfo[QLatin1String("matches_known_template")].toBool(), true);
    QCOMPARE(templateInfo[QLatin1String("sha256")].toString().size(), 64);
}

void TestChatPromptCli::cliWarnsWhenTemplateDiffers()
{
    const OracleCase& c = m_cases[0];
    const QString altered = m_dir.filePath(QStringLiteral("altered"));
    QVERIFY(QDir().mkpath(altered));
    QJsonObject shared = QJsonDocument::fromJson(readTestFile(sharedChatTemplatePath())).object();
    QString text = shared[QLatin1String("chat_template")].toString();
    QVERIFY(text.contains(QLatin1String("You are a helpful assistant.")));
    text.replace(QLatin1String("You are a helpful assistant."), QLatin1String("You are a careful assistant."));
    QVERIFY(writeTestFile(altered + QStringLiteral("/chat_template.jinja"), text.toUtf8()));

    const QString empty = m_dir.filePath(QStringLiteral("no_template"));
    QVERIFY(QDir().mkpath(empty));
    const QList<ToolResult> results = runTools({ renderArgs(altered, c), renderArgs(empty, c) });

    QVERIFY2(results[0].finished && results[0].exitCode == 0, results[0].err.constData());
    QCOMPARE(results[0].out, c.expected); // still the built-in template, but flagged
    QVERIFY2(results[0].err.startsWith("vlmprobe-engine render: warning: "), results[0].err.constData());
    QVERIFY(results[0].err.contains("chat_template.jinja"));
    QCOMPARE(results[0].err.count('\n'), 1);
    QVERIFY(results[0].err.endsWith('\n'));

    QVERIFY2(results[1].finished && results[1].exitCode == 0, results[1].err.constData());
    QCOMPARE(results[1].out, c.expected);
    QVERIFY2(results[1].err.contains("no chat template"), results[1].err.constData());
    QCOMPARE(results[1].err.count('\n'), 1);
}

void TestChatPromptCli::cliRejectsBadInput()
{
    struct BadRun {
        const char* name;
        QByteArray messages; // written to the messages file unless empty
        QStringList extraArgs;
        int exitCode; // 1: bad input, 2: wrong usage
    };
    const QByteArray good = R"([{"role": "user", "content": "hi"}])";
    const QList<BadRun> runs {
        { "malformed JSON", R"([{"role": "user", "content": )", {}, 1 },
        { "unsupported role", R"([{"role": "tool", "content": "x"}])", {}, 1 },
        { "invalid UTF-8", "[{\"role\": \"user\", \"content\": \"\xff\"}]", {}, 1 },
        { "missing messages file", {}, {}, 1 },
        { "missing model folder", good, { QStringLiteral("--model"), QStringLiteral("/nonexistent/model") }, 1 },
        { "prefill without generation prompt", good,
            { QStringLiteral("--no-generation-prompt"), QStringLiteral("--prefill"), QStringLiteral("x") }, 2 },
        { "unknown option", good, { QStringLiteral("--bogus") }, 2 },
        { "two prefills", good, { QStringLiteral("--prefill"), QStringLiteral("a"), QStringLiteral("b") }, 2 },
    };
    QList<QStringList> argLists;
    for (qsizetype i = 0; i < runs.size(); ++i) {
        const QString path = m_dir.filePath(QStringLiteral("bad_%1.json").arg(i));
        if (!runs[i].messages.isEmpty())
            QVERIFY(writeTestFile(path, runs[i].messages));
        argLists.append(QStringList { QStringLiteral("render"), QStringLiteral("--model"), m_checkpoint,
                            QStringLiteral("--messages"), path }
            + runs[i].extraArgs);
    }
    const QList<ToolResult> results = runTools(argLists);
    for (qsizetype i = 0; i < runs.size(); ++i) {
        const ToolResult& result = results[i];
        const QByteArray context = QByteArray(runs[i].name) + ": " + result.err;
        QVERIFY2(result.finished, context.constData()); // no crash
        QVERIFY2(result.exitCode == runs[i].exitCode, context.constData());
        QVERIFY2(result.out.isEmpty(), context.constData());
        QVERIFY2(result.err.startsWith("vlmprobe-engine render: "), context.constData());
        QVERIFY2(result.err.count('\n') == 1 && result.err.endsWith('\n'), context.constData());
    }
}

QTEST_GUILESS_MAIN(TestChatPromptCli)
#include "tst_chat_prompt_cli.moc"
