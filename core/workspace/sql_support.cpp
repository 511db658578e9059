#include "sql_support.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace vlmprobe::sql {

namespace {

// Primary SQLite result codes (sqlite3.h); Qt reports them, possibly extended, as the native error code.
constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;
constexpr int kSqliteReadOnly = 8;
constexpr int kSqliteIoErr = 10;
constexpr int kSqliteCorrupt = 11;
constexpr int kSqliteFull = 13;
constexpr int kSqliteCantOpen = 14;
constexpr int kSqliteConstraint = 19;
constexpr int kSqliteNotADb = 26;

QString reasonText(const QSqlError& error)
{
    QString text = error.databaseText().trimmed();
    if (text.isEmpty())
        text = error.driverText().trimmed();
    text.replace(u'\n', u' ');
    return text;
}

} // namespace

WorkspaceError toError(const QSqlError& error, const QString& context)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok) & 0xff;
    const QString sqliteText = reasonText(error);
    auto make = [&](WorkspaceError::Reason reason, const QString& explanation) {
        QString message = context + QStringLiteral(": ") + explanation;
        if (!sqliteText.isEmpty() && sqliteText != explanation)
            message += QStringLiteral(" (") + sqliteText + u')';
        return WorkspaceError(reason, message);
    };
    using Reason = WorkspaceError::Reason;
    if (!ok)
        return make(Reason::Internal, sqliteText.isEmpty() ? QStringLiteral("database error") : sqliteText);
    switch (code) {
    case kSqliteBusy:
    case kSqliteLocked:
        return make(Reason::Locked, QStringLiteral("the workspace is locked by another connection; try again later"));
    case kSqliteReadOnly:
        return make(Reason::ReadOnly, QStringLiteral("the workspace is read-only"));
    case kSqliteNotADb:
        return make(Reason::NotSqlite, QStringLiteral("the file is not an SQLite database"));
    case kSqliteCorrupt:
        return make(Reason::Corrupt, QStringLiteral("the file is damaged"));
    case kSqliteFull:
        return make(Reason::Io, QStringLiteral("the disk is full"));
    case kSqliteIoErr:
    case kSqliteCantOpen:
        return make(Reason::Io, QStringLiteral("input/output error"));
    case kSqliteConstraint:
        return make(Reason::InvalidInput, sqliteText);
    default:
        return make(Reason::Internal, sqliteText);
    }
}

QSqlQuery prepare(const QSqlDatabase& db, const QString& sql)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        throw toError(query.lastError(), QStringLiteral("cannot prepare a workspace query"));
    return query;
}

void exec(QSqlQuery& query, const QString& context)
{
    if (!query.exec())
        throw toError(query.lastError(), context);
}

void checkRead(const QSqlQuery& query, const QString& context)
{
    if (query.lastError().isValid())
        throw toError(query.lastError(), context);
}

QSqlQuery execDirect(const QSqlDatabase& db, const QString& sql, const QString& context)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(sql))
        throw toError(query.lastError(), context);
    return query;
}

QVariant scalar(const QSqlDatabase& db, const QString& sql, const QString& context)
{
    QSqlQuery query = execDirect(db, sql, context);
    if (!query.next()) {
        if (query.lastError().isValid())
            throw toError(query.lastError(), context);
        throw WorkspaceError(WorkspaceError::Reason::Internal, context + QStringLiteral(": no result"));
    }
    return query.value(0);
}

QDateTime nowUtc()
{
    // Stored with millisecond precision: truncate now so that a value read back compares equal.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return QDateTime::fromMSecsSinceEpoch(now.toMSecsSinceEpoch(), Qt::UTC);
}

QVariant timeValue(const QDateTime& time)
{
    if (!time.isValid())
        return QVariant();
    // Formatting is a measurable part of a bulk insert (Qt formats through asprintf); consecutive rows mostly
    // carry the same one or two instants (created, finished), so remember the last two per thread.
    struct Formatted {
        qint64 msecs = 0;
        QString text;
    };
    thread_local Formatted recent[2];
    thread_local int next = 0;
    const qint64 msecs = time.toMSecsSinceEpoch();
    for (const Formatted& entry : recent) {
        if (!entry.text.isEmpty() && entry.msecs == msecs)
            return entry.text;
    }
    Formatted& slot = recent[next];
    next = 1 - next;
    slot.msecs = msecs;
    slot.text = time.toUTC().toString(Qt::ISODateWithMs);
    return slot.text;
}

QDateTime timeFrom(const QVariant& value)
{
    if (value.isNull())
        return {};
    QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    return time.toUTC();
}

QVariant jsonValue(const QJsonObject& object)
{
    if (object.isEmpty())
        return QVariant();
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject jsonFrom(const QVariant& value)
{
    if (value.isNull())
        return {};
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(value.toString().toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        throw WorkspaceError(WorkspaceError::Reason::Corrupt,
            QStringLiteral("a JSON field in the workspace is not a JSON object: ") + parseError.errorString());
    return document.object();
}

QVariant listValue(const QStringList& list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QStringList listFrom(const QVariant& value)
{
    if (value.isNull())
        return {};
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(value.toString().toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isArray())
        throw WorkspaceError(
            WorkspaceError::Reason::Corrupt, QStringLiteral("a list field in the workspace is not a JSON array"));
    QStringList list;
    const QJsonArray array = document.array();
    list.reserve(array.size());
    for (const QJsonValue& item : array) {
        if (!item.isString())
            throw WorkspaceError(WorkspaceError::Reason::Corrupt,
                QStringLiteral("a list field in the workspace holds a non-string item"));
        list.append(item.toString());
    }
    return list;
}

QVariant textValue(const QString& text)
{
    return text.isNull() ? QVariant(QStringLiteral("")) : QVariant(text);
}

QVariant nullableText(const QString& text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

std::optional<qint64> optionalInt(const QVariant& value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toLongLong();
}

std::optional<double> optionalDouble(const QVariant& value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toDouble();
}

QList<QVariant> targetValues(TargetKind kind, qint64 id)
{
    QList<QVariant> values { QVariant(), QVariant(), QVariant() };
    values[static_cast<qsizetype>(kind)] = id;
    return values;
}

std::pair<TargetKind, qint64> targetFrom(const QVariant& sampleId, const QVariant& conditionId, const QVariant& runId)
{
    const int set = int(!sampleId.isNull()) + int(!conditionId.isNull()) + int(!runId.isNull());
    if (set != 1)
        throw WorkspaceError(WorkspaceError::Reason::Corrupt, QStringLiteral("an annotation target is ambiguous"));
    if (!sampleId.isNull())
        return { TargetKind::Sample, sampleId.toLongLong() };
    if (!conditionId.isNull())
        return { TargetKind::Condition, conditionId.toLongLong() };
    return { TargetKind::Run, runId.toLongLong() };
}

QString sha256Hex(const QByteArray& bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

void throwUnknownName(const QString& what, const QString& name)
{
    throw WorkspaceError(
        WorkspaceError::Reason::Corrupt, QStringLiteral("the workspace holds an unknown %1 \"%2\"").arg(what, name));
}

} // namespace vlmprobe::sql
