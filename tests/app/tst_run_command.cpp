// `vlmprobe run` and `vlmprobe metrics`, run as child processes exactly as scripts run them: a demo workspace, a
// tiny random checkpoint from `vlmprobe-engine make-tiny`, 2 samples x 2 conditions stored, then skipped on the
// second call, and the metrics table of what was stored. Results are checked by opening the workspace through the
// repositories, independently of the commands' own reports.

#include "workspace/model_repository.h"
#include "workspace/run_repository.h"
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
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), g_home + QStringLiteral("/config"));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), g_home + QStringLiteral("/data"));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), g_home + QStringLiteral("/runtime"));
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    Result result;
    if (!process.waitForFinished(kTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = QStringLiteral("timed out");
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

QJsonDocument parse(const QString& text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON (%s): %s", qPrintable(error.errorString()), qPrintable(text));
    return document;
}

} // namespace

class TestRunCommand : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void runStoresThenSkips();
    void metricsTableOfStoredRuns();
    void badInput_data();
    void badInput();

private:
    QTemporaryDir m_dir;
    QString m_workspace;
    QString m_checkpoint;
};

void TestRunCommand::initTestCase()
{
    QVERIFY(m_dir.isValid());
    g_home = m_dir.filePath(QStringLiteral("home"));
    // Qt insists on a private runtime folder; without one it warns on stderr.
    QVERIFY(QDir().mkpath(g_home + QStringLiteral("/runtime")));
    QVERIFY(QFile::setPermissions(
        g_home + QStringLiteral("/runtime"), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));

    m_checkpoint = m_dir.filePath(QStringLiteral("tiny"));
    const Result tiny = runProgram(
        QStringLiteral(VLMPROBE_ENGINE_TOOL), { QStringLiteral("make-tiny"), QStringLiteral("--out"), m_checkpoint });
    QVERIFY2(tiny.exitCode == 0, qPrintable(tiny.err));

    m_workspace = m_dir.filePath(QStringLiteral("study.vlmprobe"));
    const Result demo = runApp({ QStringLiteral("demo"), QStringLiteral("--out"), m_workspace,
        QStringLiteral("--samples"), QStringLiteral("3") });
    QVERIFY2(demo.exitCode == 0, qPrintable(demo.err));
}

void TestRunCommand::runStoresThenSkips()
{
    const QStringList arguments { QStringLiteral("run"), QStringLiteral("--workspace"), m_workspace,
        QStringLiteral("--model"), m_checkpoint, QStringLiteral("--conditions"), QStringLiteral("base,wrong-caption"),
        QStringLiteral("--limit"), QStringLiteral("2"), QStringLiteral("--max-new-tokens"), QStringLiteral("8"),
        QStringLiteral("--max-pixels"), QStringLiteral("12544"), QStringLiteral("--json") };
    const Result first = runApp(arguments);
    QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    const QJsonObject summary = parse(first.out).object();
    QCOMPARE(summary.value(QStringLiteral("stored")).toInt(), 4);
    QCOMPARE(summary.value(QStringLiteral("skipped")).toInt(), 0);
    QCOMPARE(summary.value(QStringLiteral("failed")).toInt(), 0);
    QCOMPARE(summary.value(QStringLiteral("runs")).toArray().size(), 4);
    // stderr is not a terminal here: plain lines, no carriage returns.
    QVERIFY(!first.err.contains(QLatin1Char('\r')));

    {
        auto workspace = Workspace::open(m_workspace, Workspace::OpenMode::ReadOnly);
        QCOMPARE(workspace->runs().count(), 4);
        const QList<ModelEntry> models = workspace->models().list();
        QCOMPARE(models.size(), 1);
        QCOMPARE(models.first().name, QStringLiteral("tiny"));
        QCOMPARE(models.first().location, QFileInfo(m_checkpoint).absoluteFilePath());
        for (const QJsonValue id : summary.value(QStringLiteral("runs")).toArray()) {
            const std::optional<Run> run = workspace->runs().get(id.toInteger());
            QVERIFY(run);
            QCOMPARE(run->status, RunStatus::Done);
            QCOMPARE(run->modelId, models.first().id);
        }
    }

    // The same command again: the model entry is reused and every job is already done.
    const Result second = runApp(arguments);
    QVERIFY2(second.exitCode == 0, qPrintable(second.err));
    const QJsonObject again = parse(second.out).object();
    QCOMPARE(again.value(QStringLiteral("stored")).toInt(), 0);
    QCOMPARE(again.value(QStringLiteral("skipped")).toInt(), 4);
    QCOMPARE(again.value(QStringLiteral("runs")).toArray().size(), 0);
    auto workspace = Workspace::open(m_workspace, Workspace::OpenMode::ReadOnly);
    QCOMPARE(workspace->runs().count(), 4);
    QCOMPARE(workspace->models().list().size(), 1);
}

void TestRunCommand::metricsTableOfStoredRuns()
{
    const Result json = runApp({ QStringLiteral("metrics"), QStringLiteral("--workspace"), m_workspace,
        QStringLiteral("--json"), QStringLiteral("--bootstrap"), QStringLiteral("200") });
    QVERIFY2(json.exitCode == 0, qPrintable(json.err));
    const QJsonArray rows = parse(json.out).array();
    QCOMPARE(rows.size(), 2);
    QStringList conditions;
    for (const QJsonValue value : rows) {
        const QJsonObject row = value.toObject();
        conditions << row.value(QStringLiteral("condition")).toString();
        QCOMPARE(row.value(QStringLiteral("n")).toInt(), 2);
        QCOMPARE(row.value(QStringLiteral("model_name")).toString(), QStringLiteral("tiny"));
        QCOMPARE(row.value(QStringLiteral("accuracy")).toObject().value(QStringLiteral("n")).toInt(), 2);
        const double accuracy
            = row.value(QStringLiteral("accuracy")).toObject().value(QStringLiteral("value")).toDouble();
        QVERIFY(accuracy == 0.0 || accuracy == 0.5 || accuracy == 1.0);
        QVERIFY(row.contains(QStringLiteral("consistency_adjusted_accuracy")));
        QVERIFY(row.contains(QStringLiteral("format_failure_rate")));
    }
    QCOMPARE(conditions, (QStringList { QStringLiteral("base"), QStringLiteral("wrong-caption") }));

    const Result table = runApp({ QStringLiteral("metrics"), QStringLiteral("--workspace"), m_workspace,
        QStringLiteral("--bootstrap"), QStringLiteral("200") });
    QVERIFY2(table.exitCode == 0, qPrintable(table.err));
    const QStringList lines = table.out.trimmed().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines.at(0).startsWith(QStringLiteral("model")));
    QVERIFY(lines.at(1).startsWith(QStringLiteral("tiny")));
    QVERIFY(lines.at(1).contains(QStringLiteral("base")));
    QVERIFY(lines.at(2).contains(QStringLiteral("wrong-caption")));
}

void TestRunCommand::badInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("contains");

    QTest::newRow("unknown condition") << QStringList {
        QStringLiteral("run"), QStringLiteral("--workspace"), QStringLiteral("w.vlmprobe"), QStringLiteral("--model"),
        QStringLiteral("m"), QStringLiteral("--conditions"), QStringLiteral("base,wrong-captions")
    } << 2 << QStringLiteral("unknown condition 'wrong-captions' (valid: base, stop-think");
    QTest::newRow("no workspace") << QStringList { QStringLiteral("run"), QStringLiteral("--model"),
        QStringLiteral("m") } << 2 << QStringLiteral("--workspace");
    QTest::newRow("bad judge") << QStringList { QStringLiteral("run"), QStringLiteral("--workspace"),
        QStringLiteral("w"), QStringLiteral("--model"), QStringLiteral("m"), QStringLiteral("--judge"),
        QStringLiteral("llm") } << 2
                               << QStringLiteral("--judge");
    QTest::newRow("zero tokens") << QStringList { QStringLiteral("run"), QStringLiteral("--workspace"),
        QStringLiteral("w"), QStringLiteral("--model"), QStringLiteral("m"), QStringLiteral("--max-new-tokens"),
        QStringLiteral("0") } << 2
                                 << QStringLiteral("--max-new-tokens");
    QTest::newRow("no checkpoint folder") << QStringList { QStringLiteral("run"), QStringLiteral("--workspace"),
        QStringLiteral("w"), QStringLiteral("--model"), QStringLiteral("/nonexistent-vlmprobe-dir/tiny") }
                                          << 1 << QStringLiteral("no checkpoint folder");
    QTest::newRow("metrics: missing workspace") << QStringList { QStringLiteral("metrics"),
        QStringLiteral("--workspace"), QStringLiteral("/nonexistent-vlmprobe-dir/w.vlmprobe") }
                                                << 1 << QStringLiteral("vlmprobe metrics: ");
    QTest::newRow("metrics: bad bootstrap") << QStringList { QStringLiteral("metrics"), QStringLiteral("--workspace"),
        QStringLiteral("w"), QStringLiteral("--bootstrap"), QStringLiteral("-5") }
                                            << 2 << QStringLiteral("--bootstrap");
}

void TestRunCommand::badInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, contains);
    const Result result = runApp(arguments);
    QCOMPARE(result.exitCode, exitCode);
    QVERIFY2(result.err.contains(contains), qPrintable(result.err));
    QCOMPARE(result.err.count(QLatin1Char('\n')), 1);
    QVERIFY(result.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestRunCommand)
#include "tst_run_command.moc"
