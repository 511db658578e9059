// Workspace: creation, schema v1, migration of empty files, idempotent reopen, and every bad-file case (not
// SQLite, not a workspace, too new, read-only, locked, missing), each leaving the file byte-identical. The files
// are built and inspected with the sqlite3 C API (RawSqlite), independently of Qt Sql and of the code under test.

#include "raw_sqlite.h"
#include "workspace_fixture.h"

#include "app_info.h"
#include "workspace/dataset_repository.h"
#include "workspace/run_repository.h"
#include "workspace/workspace.h"
#include "workspace/workspace_error.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <thread>

using namespace vlmprobe;
using namespace vlmprobe::test;
using Reason = WorkspaceError::Reason;
using OpenMode = Workspace::OpenMode;

Q_DECLARE_METATYPE(WorkspaceError::Reason)

namespace {

// 0x564C4D50, "VLMP" in ASCII: written by hand here so that a change of the constant in the code fails the test.
constexpr qint64 kExpectedApplicationId = 1447841104;

const QStringList kExpectedTables {
    QStringLiteral("annotation_tags"),
    QStringLiteral("annotations"),
    QStringLiteral("case_studies"),
    QStringLiteral("case_study_items"),
    QStringLiteral("conditions"),
    QStringLiteral("datasets"),
    QStringLiteral("images"),
    QStringLiteral("judgments"),
    QStringLiteral("models"),
    QStringLiteral("runs"),
    QStringLiteral("samples"),
    QStringLiteral("workspace_info"),
};

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

QStringList sidecarFiles(const QString& path)
{
    QStringList present;
    for (const QString& suffix : { QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal") }) {
        if (QFile::exists(path + suffix))
            present.append(suffix);
    }
    return present;
}

// Runs `action`, expecting a WorkspaceError with `reason` and a one-line message naming the file.
void expectError(const std::function<void()>& action, Reason reason, const QString& path = QString())
{
    try {
        action();
    } catch (const WorkspaceError& error) {
        QVERIFY2(error.reason() == reason,
            qPrintable(
                QStringLiteral("reason %1 for \"%2\"").arg(static_cast<int>(error.reason())).arg(error.message())));
        QVERIFY2(!error.message().contains(u'\n'), qPrintable(error.message()));
        if (!path.isEmpty())
            QVERIFY2(error.message().contains(QFileInfo(path).fileName()), qPrintable(error.message()));
        return;
    }
    QFAIL("no WorkspaceError was thrown");
}

} // namespace

class TestWorkspace : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void createWritesSchemaVersionOne();
    void createRefusesAnExistingFile();
    void openMissingFileFails();
    void openDirectoryFails();
    void emptyFileBecomesWorkspace_data();
    void emptyFileBecomesWorkspace();
    void emptyFileIsNotOpenedReadOnly();
    void reopenIsIdempotent();
    void badFileIsRefusedAndUntouched_data();
    void badFileIsRefusedAndUntouched();
    void readOnlyFile();
    void lockedFileTimesOut();
    void lockHeldDuringMigrationLeavesFileUntouched();
    void writerWaitsForAnotherWriterThenFails();
    void metadataRoundTrip();
    void connectionPerThread();
};

void TestWorkspace::createWritesSchemaVersionOne()
{
    WorkspaceFixture fixture;
    QCOMPARE(fixture.workspace().schemaVersion(), 1);
    QCOMPARE(fixture.workspace().info(QStringLiteral("created_with")), applicationVersion());
    QVERIFY(QDateTime::fromString(fixture.workspace().info(QStringLiteral("created_at")), Qt::ISODateWithMs).isValid());
    QCOMPARE(fixture.workspace().path(), QFileInfo(fixture.path()).absoluteFilePath());
    fixture.close();

    QStringList files = QDir(fixture.folder()).entryList(QDir::Files);
    QCOMPARE(files, QStringList { QStringLiteral("study.vlmprobe") }); // no temporary or WAL file left behind

    RawSqlite raw(fixture.path(), RawSqlite::Mode::ReadOnly);
    QCOMPARE(raw.integer(QStringLiteral("PRAGMA application_id")), kExpectedApplicationId);
    QCOMPARE(raw.integer(QStringLiteral("PRAGMA user_version")), 1);
    QCOMPARE(raw.column(QStringLiteral("PRAGMA journal_mode")), QStringList { QStringLiteral("wal") });
    QCOMPARE(raw.column(QStringLiteral("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")),
        kExpectedTables);
    const QStringList indexes = raw.column(QStringLiteral("SELECT name FROM sqlite_schema WHERE type = 'index' "
                                                          "AND name NOT LIKE 'sqlite_autoindex%'"));
    for (const char* expected : { "samples_category", "samples_dataset_category", "runs_condition", "runs_hash_key",
             "conditions_sample", "annotation_tags_tag" })
        QVERIFY2(indexes.contains(QLatin1String(expected)), expected);
    QCOMPARE(raw.column(QStringLiteral("PRAGMA integrity_check")), QStringList { QStringLiteral("ok") });
}

void TestWorkspace::createRefusesAnExistingFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("taken.vlmprobe"));
    writeFile(path, "precious notes\n");
    expectError([&] { Workspace::create(path); }, Reason::AlreadyExists, path);
    QCOMPARE(fileBytes(path), QByteArray("precious notes\n"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);
}

void TestWorkspace::openMissingFileFails()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("missing.vlmprobe"));
    expectError([&] { Workspace::open(path); }, Reason::NotFound, path);
    expectError([&] { Workspace::open(path, OpenMode::ReadOnly); }, Reason::NotFound, path);
    QVERIFY(!QFile::exists(path));
}

void TestWorkspace::openDirectoryFails()
{
    QTemporaryDir dir;
    expectError([&] { Workspace::open(dir.path()); }, Reason::NotWorkspace);
}

void TestWorkspace::emptyFileBecomesWorkspace_data()
{
    QTest::addColumn<bool>("withSqliteHeader");
    QTest::newRow("zero bytes") << false;
    QTest::newRow("SQLite database without tables") << true;
}

void TestWorkspace::emptyFileBecomesWorkspace()
{
    QFETCH(bool, withSqliteHeader);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("empty.vlmprobe"));
    if (withSqliteHeader) {
        RawSqlite raw(path);
        QVERIFY(raw.exec(QStringLiteral("CREATE TABLE scratch (x); DROP TABLE scratch;")));
    } else {
        writeFile(path, QByteArray());
    }
    QCOMPARE(QFileInfo(path).size() > 0, withSqliteHeader);
    {
        auto workspace = Workspace::open(path);
        QCOMPARE(workspace->schemaVersion(), 1);
        Dataset dataset;
        dataset.name = QStringLiteral("after migration");
        workspace->datasets().insert(dataset);
    }
    RawSqlite raw(path, RawSqlite::Mode::ReadOnly);
    QCOMPARE(raw.integer(QStringLiteral("PRAGMA user_version")), 1);
    QCOMPARE(raw.integer(QStringLiteral("PRAGMA application_id")), kExpectedApplicationId);
    QCOMPARE(raw.column(QStringLiteral("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")),
        kExpectedTables);
    QCOMPARE(
        raw.column(QStringLiteral("SELECT name FROM datasets")), QStringList { QStringLiteral("after migration") });
}

void TestWorkspace::emptyFileIsNotOpenedReadOnly()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("empty.vlmprobe"));
    writeFile(path, QByteArray());
    expectError([&] { Workspace::open(path, OpenMode::ReadOnly); }, Reason::NotWorkspace, path);
    QCOMPARE(QFileInfo(path).size(), 0);
}

void TestWorkspace::reopenIsIdempotent()
{
    WorkspaceFixture fixture;
    fixture.addDataset(QStringLiteral("kept"));
    fixture.close();
    const QByteArray before = fileBytes(fixture.path());
    QStringList schemaBefore;
    {
        RawSqlite raw(fixture.path(), RawSqlite::Mode::ReadOnly);
        schemaBefore = raw.column(QStringLiteral("SELECT sql FROM sqlite_schema ORDER BY name"));
    }
    for (int i = 0; i < 2; ++i) {
        fixture.reopen();
        QCOMPARE(fixture.workspace().schemaVersion(), 1);
        QCOMPARE(fixture.workspace().datasets().list().size(), 1);
        fixture.close();
    }
    RawSqlite raw(fixture.path(), RawSqlite::Mode::ReadOnly);
    QCOMPARE(raw.column(QStringLiteral("SELECT sql FROM sqlite_schema ORDER BY name")), schemaBefore);
    QCOMPARE(fileBytes(fixture.path()), before); // opening without writing changes nothing
}

void TestWorkspace::badFileIsRefusedAndUntouched_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<Reason>("reason");
    QTest::newRow("text file") << QStringLiteral("text") << Reason::NotSqlite;
    QTest::newRow("PNG file") << QStringLiteral("png") << Reason::NotSqlite;
    QTest::newRow("five bytes") << QStringLiteral("short") << Reason::NotSqlite;
    QTest::newRow("SQLite magic, then garbage") << QStringLiteral("garbage") << Reason::NotSqlite;
    QTest::newRow("another application's database") << QStringLiteral("foreign") << Reason::NotWorkspace;
    QTest::newRow("another application id") << QStringLiteral("foreign-id") << Reason::NotWorkspace;
    QTest::newRow("workspace from a newer version") << QStringLiteral("newer") << Reason::TooNew;
}

void TestWorkspace::badFileIsRefusedAndUntouched()
{
    QFETCH(QString, kind);
    QFETCH(Reason, reason);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("suspect.vlmprobe"));
    if (kind == QLatin1String("text")) {
        writeFile(path, "index\tquestion\tanswer\n1\tWhat colour is the cube?\tA\n");
    } else if (kind == QLatin1String("png")) {
        writeFile(path, QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + QByteArray(200, '\x07'));
    } else if (kind == QLatin1String("short")) {
        writeFile(path, "SQLit");
    } else if (kind == QLatin1String("garbage")) {
        writeFile(path, QByteArray("SQLite format 3\0", 16) + QByteArray(4096, '\xee'));
    } else if (kind == QLatin1String("foreign")) {
        RawSqlite raw(path);
        QVERIFY(raw.exec(QStringLiteral("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"
                                        "INSERT INTO notes (body) VALUES ('keep me');")));
    } else if (kind == QLatin1String("foreign-id")) {
        RawSqlite raw(path);
        QVERIFY(raw.exec(QStringLiteral("PRAGMA application_id = 42; PRAGMA user_version = 1;")));
    } else if (kind == QLatin1String("newer")) {
        Workspace::create(path);
        RawSqlite raw(path);
        QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = 2;")));
    }
    QVERIFY(sidecarFiles(path).isEmpty());
    const QByteArray before = fileBytes(path);
    QVERIFY(!before.isEmpty());

    expectError([&] { Workspace::open(path); }, reason, path);
    QCOMPARE(fileBytes(path), before);
    QCOMPARE(sidecarFiles(path), QStringList());
    // A read-only connection to a WAL file may leave SQLite's empty -wal/-shm beside it; the file itself is intact.
    expectError([&] { Workspace::open(path, OpenMode::ReadOnly); }, reason, path);
    QCOMPARE(fileBytes(path), before);
}

void TestWorkspace::readOnlyFile()
{
    WorkspaceFixture fixture;
    fixture.addDataset(QStringLiteral("visible"));
    fixture.close();
    QFile file(fixture.path());
    QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther));
    const QByteArray before = fileBytes(fixture.path());

    expectError([&] { Workspace::open(fixture.path()); }, Reason::ReadOnly, fixture.path());
    {
        auto workspace = Workspace::open(fixture.path(), OpenMode::ReadOnly);
        QVERIFY(workspace->isReadOnly());
        QCOMPARE(workspace->datasets().list().size(), 1);
        QCOMPARE(workspace->datasets().list().first().name, QStringLiteral("visible"));
        Dataset dataset;
        dataset.name = QStringLiteral("refused");
        expectError([&] { workspace->datasets().insert(dataset); }, Reason::ReadOnly);
        expectError([&] { workspace->setInfo(QStringLiteral("k"), QStringLiteral("v")); }, Reason::ReadOnly);
    }
    QCOMPARE(fileBytes(fixture.path()), before);
    QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
}

void TestWorkspace::lockedFileTimesOut()
{
    WorkspaceFixture fixture;
    fixture.addDataset(QStringLiteral("before the lock"));
    fixture.close();
    const QByteArray before = fileBytes(fixture.path());

    {
        RawSqlite holder(fixture.path());
        // Exclusive locking mode keeps every other connection out, readers included, until the holder closes.
        QVERIFY2(holder.exec(QStringLiteral("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;")),
            qPrintable(holder.lastError()));
        QElapsedTimer timer;
        timer.start();
        expectError([&] { Workspace::open(fixture.path(), OpenMode::ReadWrite, 300); }, Reason::Locked, fixture.path());
        QVERIFY2(timer.elapsed() >= 250, "the busy timeout was not honoured");
        expectError([&] { Workspace::open(fixture.path(), OpenMode::ReadOnly, 100); }, Reason::Locked, fixture.path());
        QVERIFY(holder.exec(QStringLiteral("ROLLBACK;")));
    }
    QCOMPARE(fileBytes(fixture.path()), before);

    fixture.reopen();
    QCOMPARE(fixture.workspace().datasets().list().size(), 1);
}

void TestWorkspace::lockHeldDuringMigrationLeavesFileUntouched()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("busy.vlmprobe"));
    RawSqlite holder(path);
    QVERIFY(holder.exec(QStringLiteral("CREATE TABLE scratch (x); DROP TABLE scratch;")));
    const QByteArray before = fileBytes(path);
    // A rollback-journal writer holding RESERVED: we can read the header, but neither switch to WAL nor migrate.
    QVERIFY(holder.exec(QStringLiteral("BEGIN IMMEDIATE;")));
    expectError([&] { Workspace::open(path, OpenMode::ReadWrite, 200); }, Reason::Locked, path);
    QVERIFY(holder.exec(QStringLiteral("ROLLBACK;")));
    QCOMPARE(fileBytes(path), before);
    auto workspace = Workspace::open(path, OpenMode::ReadWrite, 200);
    QCOMPARE(workspace->schemaVersion(), 1);
}

void TestWorkspace::writerWaitsForAnotherWriterThenFails()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("shared.vlmprobe"));
    Workspace::create(path);
    auto workspace = Workspace::open(path, OpenMode::ReadWrite, 200);
    RawSqlite other(path);
    QVERIFY(other.exec(QStringLiteral("BEGIN IMMEDIATE; INSERT INTO workspace_info VALUES ('other', 'writer');")));
    // WAL: reading goes on beside the other writer ...
    QCOMPARE(workspace->datasets().list().size(), 0);
    // ... writing waits for the busy timeout, then fails cleanly.
    Dataset dataset;
    dataset.name = QStringLiteral("blocked");
    expectError([&] { workspace->datasets().insert(dataset); }, Reason::Locked);
    QVERIFY(other.exec(QStringLiteral("COMMIT;")));
    workspace->datasets().insert(dataset);
    QCOMPARE(workspace->info(QStringLiteral("other")), QStringLiteral("writer"));
    QCOMPARE(workspace->datasets().list().size(), 1);
}

void TestWorkspace::metadataRoundTrip()
{
    WorkspaceFixture fixture;
    QVERIFY(fixture.workspace().info(QStringLiteral("missing")).isNull());
    fixture.workspace().setInfo(QStringLiteral("study"), QStringLiteral("RL checkpoints vs. consistency"));
    fixture.workspace().setInfo(QStringLiteral("study"), QStringLiteral("überarbeitet"));
    fixture.reopen(OpenMode::ReadOnly);
    QCOMPARE(fixture.workspace().info(QStringLiteral("study")), QStringLiteral("überarbeitet"));
}

void TestWorkspace::connectionPerThread()
{
    WorkspaceFixture fixture;
    fixture.addDataset(QStringLiteral("seen from a worker"));
    QStringList seen;
    QString failure;
    std::thread worker([&] {
        try {
            auto own = Workspace::open(fixture.path(), OpenMode::ReadOnly);
            for (const Dataset& dataset : own->datasets().list())
                seen.append(dataset.name);
        } catch (const WorkspaceError& error) {
            failure = error.message();
        }
    });
    worker.join();
    QCOMPARE(failure, QString());
    QCOMPARE(seen, QStringList { QStringLiteral("seen from a worker") });
}

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
