#pragma once
// Helpers shared by the workspace's repositories (core-internal). Every failure becomes a WorkspaceError whose
// one-line message names the operation, the file and SQLite's own reason.
//
// Storage conventions (see schema.cpp): times as ISO 8601 UTC text with milliseconds, JSON objects as compact
// text (NULL when empty), string lists as JSON arrays, optional numbers as NULL when unset.

#include "records.h"
#include "workspace_error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

#include <optional>

namespace vlmprobe::sql {

// `context` says what was being done, e.g. "cannot insert sample"; the message reads "<context>: <reason>".
WorkspaceError toError(const QSqlError& error, const QString& context);

// Prepares `sql` on `db` (forward-only, as every repository reads results once).
QSqlQuery prepare(const QSqlDatabase& db, const QString& sql);
// Executes a prepared query; throws on failure.
void exec(QSqlQuery& query, const QString& context);
// After a `while (query.next())` loop: throws when the loop ended on an error rather than on the last row.
void checkRead(const QSqlQuery& query, const QString& context);
// Prepares and executes one statement without bound values.
QSqlQuery execDirect(const QSqlDatabase& db, const QString& sql, const QString& context);

// The value of a single-row, single-column query (e.g. a PRAGMA); throws when there is no row.
QVariant scalar(const QSqlDatabase& db, const QString& sql, const QString& context);

QDateTime nowUtc();
QVariant timeValue(const QDateTime& time); // NULL when invalid
QDateTime timeFrom(const QVariant& value); // invalid for NULL

QVariant jsonValue(const QJsonObject& object); // NULL when empty
QJsonObject jsonFrom(const QVariant& value); // empty for NULL; throws on text that is not a JSON object
QVariant listValue(const QStringList& list); // JSON array text
QStringList listFrom(const QVariant& value); // empty for NULL; throws on text that is not a JSON string array

QVariant textValue(const QString& text); // never NULL (for NOT NULL columns)
QVariant nullableText(const QString& text); // NULL when empty

template <typename T> QVariant optionalValue(const std::optional<T>& value)
{
    return value ? QVariant::fromValue(*value) : QVariant();
}

std::optional<qint64> optionalInt(const QVariant& value);
std::optional<double> optionalDouble(const QVariant& value);

// Annotations and case-study items point at a sample, a condition or a run through three nullable foreign keys
// (exactly one set), so deleting the target cascades. The values for (sample_id, condition_id, run_id):
QList<QVariant> targetValues(TargetKind kind, qint64 id);
// The target from those three columns; throws Corrupt when not exactly one is set.
std::pair<TargetKind, qint64> targetFrom(const QVariant& sampleId, const QVariant& conditionId, const QVariant& runId);

// Lowercase hex SHA-256 of `bytes`.
QString sha256Hex(const QByteArray& bytes);

// Throws InvalidInput when `name` is not a known enumeration name read from the file.
[[noreturn]] void throwUnknownName(const QString& what, const QString& name);

} // namespace vlmprobe::sql
