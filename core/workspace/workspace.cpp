#include "workspace.h"

#include "annotation_repository.h"
#include "app_info.h"
#include "case_study_repository.h"
#include "condition_repository.h"
#include "dataset_repository.h"
#include "image_store.h"
#include "judgment_repository.h"
#include "model_repository.h"
#include "run_repository.h"
#include "sample_repository.h"
#include "schema.h"
#include "sql_support.h"
#include "transaction.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlDatabase>

namespace vlmprobe {

namespace {

using Reason = WorkspaceError::Reason;

const QByteArray kSqliteMagic("SQLite format 3\0", 16);

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("vlmprobe-workspace-%1").arg(counter.fetchAndAddRelaxed(1));
}

WorkspaceError errorAt(Reason reason, const QString& path, const QString& what)
{
    return WorkspaceError(reason, QDir::toNativeSeparators(path) + QStringLiteral(": ") + what);
}

// Re-throws `error` with the file name in front, keeping its reason.
WorkspaceError withPath(const WorkspaceError& error, const QString& path)
{
    return WorkspaceError(error.reason(), QDir::toNativeSeparators(path) + QStringLiteral(": ") + error.message());
}

bool hasWriteBit(const QFileInfo& info)
{
    // isWritable() is true for root whatever the mode bits; a file with no write bit at all counts as read-only,
    // so a researcher's chmod a-w protects the file even from a root shell.
    constexpr auto anyWrite = QFileDevice::WriteOwner | QFileDevice::WriteGroup | QFileDevice::WriteOther;
    return info.isWritable() && (info.permissions() & anyWrite);
}

void removeDatabaseFiles(const QString& path)
{
    for (const QString& suffix :
        { QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal") })
        QFile::remove(path + suffix);
}

} // namespace

std::unique_ptr<Workspace> Workspace::create(const QString& path, int busyTimeoutMs)
{
    const QFileInfo info(path);
    const QString absolutePath = info.absoluteFilePath();
    if (info.exists() || info.isSymLink())
        throw errorAt(Reason::AlreadyExists, absolutePath, QStringLiteral("a file with this name already exists"));
    const QFileInfo folder(info.absolutePath());
    if (!folder.isDir())
        throw errorAt(Reason::Io, absolutePath, QStringLiteral("the folder does not exist"));
    if (!hasWriteBit(folder))
        throw errorAt(Reason::ReadOnly, absolutePath, QStringLiteral("the folder is read-only"));

    const QString temporaryPath
        = absolutePath + QStringLiteral(".creating-%1").arg(QRandomGenerator::global()->generate(), 8, 16, QChar(u'0'));
    try {
        // Build the schema under the temporary name; closing the connection checkpoints the WAL into the file.
        Workspace scratch(temporaryPath, OpenMode::ReadWrite, busyTimeoutMs);
        scratch.prepareSchema();
    } catch (...) {
        removeDatabaseFiles(temporaryPath);
        throw;
    }
    if (!QFile::rename(temporaryPath, absolutePath)) {
        removeDatabaseFiles(temporaryPath);
        throw errorAt(QFileInfo::exists(absolutePath) ? Reason::AlreadyExists : Reason::Io, absolutePath,
            QStringLiteral("cannot move the new workspace into place"));
    }
    return open(absolutePath, OpenMode::ReadWrite, busyTimeoutMs);
}

std::unique_ptr<Workspace> Workspace::open(const QString& path, OpenMode mode, int busyTimeoutMs)
{
    const QFileInfo info(path);
    const QString absolutePath = info.absoluteFilePath();
    if (!info.exists())
        throw errorAt(Reason::NotFound, absolutePath, QStringLiteral("no such file"));
    if (!info.isFile())
        throw errorAt(Reason::NotWorkspace, absolutePath, QStringLiteral("not a file"));

    // Check the header ourselves before SQLite sees the file: a clear message, and nothing can touch it.
    QFile file(absolutePath);
    if (!file.open(QIODevice::ReadOnly))
        throw errorAt(Reason::Io, absolutePath, QStringLiteral("cannot read the file: ") + file.errorString());
    const QByteArray header = file.read(kSqliteMagic.size());
    const qint64 size = file.size();
    file.close();
    if (size > 0 && header != kSqliteMagic)
        throw errorAt(Reason::NotSqlite, absolutePath,
            QStringLiteral("not a VLM Probe workspace (the file is not an SQLite database)"));

    if (mode == OpenMode::ReadWrite) {
        if (!hasWriteBit(info))
            throw errorAt(Reason::ReadOnly, absolutePath,
                QStringLiteral("the file is read-only; open it read-only to browse it"));
        if (!hasWriteBit(QFileInfo(info.absolutePath())))
            throw errorAt(Reason::ReadOnly, absolutePath,
                QStringLiteral("the folder is read-only (SQLite writes its journal beside the file); "
                               "open it read-only to browse it"));
    }

    std::unique_ptr<Workspace> workspace(new Workspace(absolutePath, mode, busyTimeoutMs));
    workspace->prepareSchema();
    return workspace;
}

Workspace::Workspace(const QString& absolutePath, OpenMode mode, int busyTimeoutMs)
    : m_path(absolutePath)
    , m_connectionName(nextConnectionName())
    , m_mode(mode)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(absolutePath);
    QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(busyTimeoutMs);
    if (mode == OpenMode::ReadOnly)
        options += QStringLiteral(";QSQLITE_OPEN_READONLY");
    db.setConnectOptions(options);
    if (!db.open()) {
        const WorkspaceError error = sql::toError(db.lastError(), QStringLiteral("cannot open the workspace"));
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
        throw withPath(error, absolutePath);
    }
}

Workspace::~Workspace()
{
    m_datasets.reset();
    m_samples.reset();
    m_images.reset();
    m_conditions.reset();
    m_models.reset();
    m_runs.reset();
    m_judgments.reset();
    m_annotations.reset();
    m_caseStudies.reset();
    {
        QSqlDatabase db = database();
        if (m_transactionDepth > 0)
            QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlDatabase Workspace::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

void Workspace::prepareSchema()
{
    const QSqlDatabase db = database();
    try {
        const QString readContext = QStringLiteral("cannot read the workspace header");
        const int applicationId = sql::scalar(db, QStringLiteral("PRAGMA application_id"), readContext).toInt();
        const int version = sql::scalar(db, QStringLiteral("PRAGMA user_version"), readContext).toInt();
        const qint64 objects
            = sql::scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_schema"), readContext).toLongLong();

        const bool isEmpty = applicationId == 0 && version == 0 && objects == 0;
        const bool isOurs = applicationId == schema::kApplicationId;
        if (!isEmpty && !isOurs)
            throw WorkspaceError(
                Reason::NotWorkspace, QStringLiteral("an SQLite database, but not a VLM Probe workspace"));
        if (isOurs && version > schema::currentVersion())
            throw WorkspaceError(Reason::TooNew,
                QStringLiteral("written by a newer VLM Probe (workspace schema v%1; this version reads up to v%2)")
                    .arg(version)
                    .arg(schema::currentVersion()));
        const bool needsMigration = version < schema::currentVersion();
        if (m_mode == OpenMode::ReadOnly && isEmpty)
            throw WorkspaceError(Reason::NotWorkspace, QStringLiteral("an empty file, not a VLM Probe workspace"));
        if (m_mode == OpenMode::ReadOnly && needsMigration)
            throw WorkspaceError(Reason::ReadOnly,
                QStringLiteral("workspace schema v%1 needs an upgrade to v%2; open it read-write once")
                    .arg(version)
                    .arg(schema::currentVersion()));

        sql::execDirect(db, QStringLiteral("PRAGMA foreign_keys = ON"), QStringLiteral("cannot enable foreign keys"));
        if (m_mode == OpenMode::ReadWrite) {
            // Only now, with the file known to be ours (or empty), do we change anything in it. A new file gets
            // 16 KiB pages (fixed once written): a run row is about 1 KiB, and on virtualised disks the number of
            // page writes, not bytes, bounds bulk inserts (1.5x faster than 4 KiB pages, see bench/workspace).
            if (isEmpty)
                sql::execDirect(
                    db, QStringLiteral("PRAGMA page_size = 16384"), QStringLiteral("cannot set the page size"));
            sql::execDirect(db, QStringLiteral("PRAGMA journal_mode = WAL"), QStringLiteral("cannot enable WAL"));
            sql::execDirect(db, QStringLiteral("PRAGMA synchronous = NORMAL"), QStringLiteral("cannot set sync"));
        }
        // 64 MiB of page cache: keeps index pages of a million runs resident during bulk inserts and browsing.
        sql::execDirect(db, QStringLiteral("PRAGMA cache_size = -65536"), QStringLiteral("cannot set the cache"));
        sql::execDirect(db, QStringLiteral("PRAGMA temp_store = MEMORY"), QStringLiteral("cannot set temp store"));
        if (needsMigration)
            migrate(version);
    } catch (const WorkspaceError& error) {
        throw withPath(error, m_path);
    }
}

void Workspace::migrate(int fromVersion)
{
    const QSqlDatabase db = database();
    Transaction transaction(*this);
    // Another process may have migrated between our check and the write lock: read the version again.
    const int version = sql::scalar(db, QStringLiteral("PRAGMA user_version"),
        QStringLiteral("cannot read the "
                       "schema version"))
                            .toInt();
    if (version != fromVersion) {
        transaction.rollback();
        if (version > schema::currentVersion())
            throw WorkspaceError(Reason::TooNew, QStringLiteral("written by a newer VLM Probe meanwhile"));
        return;
    }
    for (int target = fromVersion + 1; target <= schema::currentVersion(); ++target) {
        const QString context = QStringLiteral("cannot migrate the workspace to schema v%1").arg(target);
        for (const QString& statement : schema::migrationStatements(target))
            sql::execDirect(db, statement, context);
    }
    sql::execDirect(db, QStringLiteral("PRAGMA application_id = %1").arg(schema::kApplicationId),
        QStringLiteral("cannot set the application id"));
    sql::execDirect(db, QStringLiteral("PRAGMA user_version = %1").arg(schema::currentVersion()),
        QStringLiteral("cannot set the schema version"));
    const QString now = sql::timeValue(sql::nowUtc()).toString();
    if (fromVersion == 0) {
        setInfo(QStringLiteral("application"), QStringLiteral("VLM Probe"));
        setInfo(QStringLiteral("created_with"), applicationVersion());
        setInfo(QStringLiteral("created_at"), now);
    }
    setInfo(QStringLiteral("migrated_with"), applicationVersion());
    setInfo(QStringLiteral("migrated_at"), now);
    transaction.commit();
}

void Workspace::countRun(qint64 conditionId)
{
    ++m_pendingRunCounts.back()[conditionId];
}

void Workspace::beginCountLevel()
{
    m_pendingRunCounts.emplace_back();
}

void Workspace::endCountLevel(bool commitChanges)
{
    QHash<qint64, qint64> level = std::move(m_pendingRunCounts.back());
    m_pendingRunCounts.pop_back();
    if (!commitChanges || m_pendingRunCounts.empty())
        return;
    QHash<qint64, qint64>& parent = m_pendingRunCounts.back();
    for (auto it = level.cbegin(); it != level.cend(); ++it)
        parent[it.key()] += it.value();
}

void Workspace::flushRunCounts()
{
    QHash<qint64, qint64>& counts = m_pendingRunCounts.back();
    if (counts.isEmpty())
        return;
    QSqlQuery query = sql::prepare(database(),
        QStringLiteral("UPDATE samples SET run_count = run_count + ? "
                       "WHERE id = (SELECT sample_id FROM conditions WHERE id = ?)"));
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        query.bindValue(0, it.value());
        query.bindValue(1, it.key());
        sql::exec(query, QStringLiteral("cannot update run counts"));
    }
    counts.clear();
}

int Workspace::schemaVersion() const
{
    return sql::scalar(database(), QStringLiteral("PRAGMA user_version"),
        QStringLiteral("cannot read the schema "
                       "version"))
        .toInt();
}

QString Workspace::info(const QString& key) const
{
    QSqlQuery query = sql::prepare(database(), QStringLiteral("SELECT value FROM workspace_info WHERE key = ?"));
    query.addBindValue(key);
    sql::exec(query, QStringLiteral("cannot read workspace metadata"));
    return query.next() ? query.value(0).toString() : QString();
}

void Workspace::setInfo(const QString& key, const QString& value)
{
    QSqlQuery query = sql::prepare(database(),
        QStringLiteral("INSERT INTO workspace_info (key, value) VALUES (?, ?) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    query.addBindValue(key);
    query.addBindValue(sql::nullableText(value));
    sql::exec(query, QStringLiteral("cannot write workspace metadata"));
}

template <typename Repository> Repository& Workspace::lazily(std::unique_ptr<Repository>& slot)
{
    if (!slot)
        slot.reset(new Repository(*this));
    return *slot;
}

DatasetRepository& Workspace::datasets()
{
    return lazily(m_datasets);
}
SampleRepository& Workspace::samples()
{
    return lazily(m_samples);
}
ImageStore& Workspace::images()
{
    return lazily(m_images);
}
ConditionRepository& Workspace::conditions()
{
    return lazily(m_conditions);
}
ModelRepository& Workspace::models()
{
    return lazily(m_models);
}
RunRepository& Workspace::runs()
{
    return lazily(m_runs);
}
JudgmentRepository& Workspace::judgments()
{
    return lazily(m_judgments);
}
AnnotationRepository& Workspace::annotations()
{
    return lazily(m_annotations);
}
CaseStudyRepository& Workspace::caseStudies()
{
    return lazily(m_caseStudies);
}

} // namespace vlmprobe
