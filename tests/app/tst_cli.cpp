// The vlmprobe command line, run as a separate process exactly as scripts run it: `demo` writes a workspace
// (checked by opening it through the repositories), bad input gives one line on stderr and a non-zero status.

#include "workspace/dataset_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace vlmprobe;

namespace {

struct Result {
    int exitCode = -1;
    QString out;
    QString err;
};

// Settings and data folders of the child point into `home`, so a test never reads or writes the user's own.
QString g_home;

Result runApp(const QStringList& arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), g_home + QStringLiteral("/config"));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), g_home + QStringLiteral("/data"));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), g_home + QStringLiteral("/runtime"));
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(VLMPROBE_APP_TOOL), arguments);
    Result result;
    if (!process.waitForFinished(60000)) {
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

QStringList questionsOf(const QString& path)
{
    auto workspace = Workspace::open(path, Workspace::OpenMode::ReadOnly);
    QStringList questions;
    SampleQuery query;
    query.limit = 1000;
    for (const SampleRow& row : workspace->samples().page(query))
        questions << row.question;
    return questions;
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void demoWritesWorkspace();
    void demoIsDeterministic();
    void demoKeepsExistingFile();
    void badInput_data();
    void badInput();
    void helpAndVersion();
    void guiRejectsBadWorkspace();

private:
    QTemporaryDir m_dir;
};

void TestCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    g_home = m_dir.filePath(QStringLiteral("home"));
    // Qt insists on a private runtime folder; without one it warns on stderr, which would break the one-line rule.
    QVERIFY(QDir().mkpath(g_home + QStringLiteral("/runtime")));
    QVERIFY(QFile::setPermissions(
        g_home + QStringLiteral("/runtime"), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    QVERIFY(QFile::exists(QStringLiteral(VLMPROBE_APP_TOOL)));
}

void TestCli::demoWritesWorkspace()
{
    const QString path = m_dir.filePath(QStringLiteral("cli.vlmprobe"));
    const Result result = runApp({ QStringLiteral("demo"), QStringLiteral("--out"), path, QStringLiteral("--samples"),
        QStringLiteral("5"), QStringLiteral("--seed"), QStringLiteral("3"), QStringLiteral("--json") });
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QVERIFY(result.err.isEmpty());
    QJsonParseError parseError;
    const QJsonObject json = QJsonDocument::fromJson(result.out.toUtf8(), &parseError).object();
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QCOMPARE(json.value(QStringLiteral("path")).toString(), QFileInfo(path).absoluteFilePath());
    QCOMPARE(json.value(QStringLiteral("samples")).toInt(), 5);
    QCOMPARE(json.value(QStringLiteral("seed")).toInt(), 3);

    // Independently of the command's own report: the file is a workspace with one dataset of five samples.
    auto workspace = Workspace::open(path, Workspace::OpenMode::ReadOnly);
    QCOMPARE(workspace->datasets().list().size(), 1);
    QCOMPARE(workspace->samples().count(SampleQuery {}), 5);
    QCOMPARE(json.value(QStringLiteral("dataset_id")).toInteger(), workspace->datasets().list().first().id);
}

void TestCli::demoIsDeterministic()
{
    const QString first = m_dir.filePath(QStringLiteral("seed-a.vlmprobe"));
    const QString second = m_dir.filePath(QStringLiteral("seed-b.vlmprobe"));
    const QString other = m_dir.filePath(QStringLiteral("seed-c.vlmprobe"));
    QCOMPARE(runApp({ QStringLiteral("demo"), QStringLiteral("--out"), first, QStringLiteral("--samples"),
                        QStringLiteral("4"), QStringLiteral("--seed"), QStringLiteral("9") })
                 .exitCode,
        0);
    const Result plain = runApp({ QStringLiteral("demo"), QStringLiteral("--out"), second, QStringLiteral("--samples"),
        QStringLiteral("4"), QStringLiteral("--seed"), QStringLiteral("9") });
    QCOMPARE(plain.exitCode, 0);
    QVERIFY(plain.out.startsWith(QStringLiteral("wrote ")));
    QCOMPARE(runApp({ QStringLiteral("demo"), QStringLiteral("--out"), other, QStringLiteral("--samples"),
                        QStringLiteral("4"), QStringLiteral("--seed"), QStringLiteral("10") })
                 .exitCode,
        0);
    QCOMPARE(questionsOf(first), questionsOf(second));
    QCOMPARE(questionsOf(first).size(), 4);
    QVERIFY(questionsOf(first) != questionsOf(other));
}

void TestCli::demoKeepsExistingFile()
{
    const QString path = m_dir.filePath(QStringLiteral("keep.vlmprobe"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("precious bytes");
    file.close();
    const Result refused = runApp({ QStringLiteral("demo"), QStringLiteral("--out"), path });
    QCOMPARE(refused.exitCode, 1);
    QCOMPARE(refused.err.count(QLatin1Char('\n')), 1);
    QVERIFY(refused.err.startsWith(QStringLiteral("vlmprobe demo: ")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("precious bytes"));
    file.close();

    const Result forced = runApp({ QStringLiteral("demo"), QStringLiteral("--out"), path, QStringLiteral("--samples"),
        QStringLiteral("2"), QStringLiteral("--force") });
    QVERIFY2(forced.exitCode == 0, qPrintable(forced.err));
    QCOMPARE(questionsOf(path).size(), 2);
}

void TestCli::badInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("prefix");

    const QString missingDir = QStringLiteral("/nonexistent-vlmprobe-dir/sub/x.vlmprobe");
    QTest::newRow("demo: folder does not exist") << QStringList { QStringLiteral("demo"), QStringLiteral("--out"),
        missingDir } << 1 << QStringLiteral("vlmprobe demo: ");
    QTest::newRow("demo: no --out") << QStringList { QStringLiteral("demo") } << 2 << QStringLiteral("vlmprobe demo: ");
    QTest::newRow("demo: zero samples") << QStringList { QStringLiteral("demo"), QStringLiteral("--out"),
        QStringLiteral("x.vlmprobe"), QStringLiteral("--samples"), QStringLiteral("0") }
                                        << 2 << QStringLiteral("vlmprobe demo: ");
    QTest::newRow("demo: samples not a number") << QStringList { QStringLiteral("demo"), QStringLiteral("--out"),
        QStringLiteral("x.vlmprobe"), QStringLiteral("--samples"), QStringLiteral("ten") }
                                                << 2 << QStringLiteral("vlmprobe demo: ");
    QTest::newRow("demo: negative seed") << QStringList { QStringLiteral("demo"), QStringLiteral("--out"),
        QStringLiteral("x.vlmprobe"), QStringLiteral("--seed"), QStringLiteral("-1") }
                                         << 2 << QStringLiteral("vlmprobe demo: ");
    QTest::newRow("demo: unknown option") << QStringList { QStringLiteral("demo"), QStringLiteral("--out"),
        QStringLiteral("x.vlmprobe"), QStringLiteral("--colour") }
                                          << 2 << QStringLiteral("vlmprobe demo: ");
    QTest::newRow("demo: stray argument") << QStringList { QStringLiteral("demo"), QStringLiteral("x.vlmprobe") } << 2
                                          << QStringLiteral("vlmprobe demo: ");
    QTest::newRow("unknown top-level option")
        << QStringList { QStringLiteral("--frobnicate") } << 2 << QStringLiteral("vlmprobe: ");
    QTest::newRow("missing workspace") << QStringList { QStringLiteral("/nonexistent-vlmprobe-dir/w.vlmprobe") } << 1
                                       << QStringLiteral("vlmprobe: no such workspace");
    QTest::newRow("two files") << QStringList { QStringLiteral("a"), QStringLiteral("b") } << 2
                               << QStringLiteral("vlmprobe: ");
}

void TestCli::badInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, prefix);
    const Result result = runApp(arguments);
    QCOMPARE(result.exitCode, exitCode);
    QVERIFY2(result.err.startsWith(prefix), qPrintable(result.err));
    // Exactly one line.
    QCOMPARE(result.err.count(QLatin1Char('\n')), 1);
    QVERIFY(result.err.endsWith(QLatin1Char('\n')));
    QVERIFY(result.out.isEmpty());
    QVERIFY(!QFile::exists(QStringLiteral("x.vlmprobe")));
}

void TestCli::helpAndVersion()
{
    const Result help = runApp({ QStringLiteral("--help") });
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains(QStringLiteral("usage: vlmprobe")));
    QVERIFY(help.out.contains(QStringLiteral("demo")));
    const Result demoHelp = runApp({ QStringLiteral("demo"), QStringLiteral("--help") });
    QCOMPARE(demoHelp.exitCode, 0);
    QVERIFY(demoHelp.out.contains(QStringLiteral("--samples")));
    const Result version = runApp({ QStringLiteral("--version") });
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith(QStringLiteral("vlmprobe ")));
    QVERIFY(version.out.trimmed().size() > QStringLiteral("vlmprobe ").size());
}

void TestCli::guiRejectsBadWorkspace()
{
    // A file that exists but is not a workspace: the GUI path reports one line and exits before showing a window.
    const QString path = m_dir.filePath(QStringLiteral("notes.txt"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("these are not the samples you are looking for\n");
    file.close();
    const Result result = runApp({ path });
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.startsWith(QStringLiteral("vlmprobe: ")), qPrintable(result.err));
    QCOMPARE(result.err.count(QLatin1Char('\n')), 1);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
