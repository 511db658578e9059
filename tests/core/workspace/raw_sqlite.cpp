#include "raw_sqlite.h"

#include <sqlite3.h>

namespace vlmprobe::test {

RawSqlite::RawSqlite(const QString& path, Mode mode)
{
    const int flags = mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (sqlite3_open_v2(path.toUtf8().constData(), &m_db, flags, nullptr) != SQLITE_OK)
        m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
}

RawSqlite::~RawSqlite()
{
    sqlite3_close(m_db);
}

bool RawSqlite::exec(const QString& sql)
{
    char* message = nullptr;
    const int rc = sqlite3_exec(m_db, sql.toUtf8().constData(), nullptr, nullptr, &message);
    m_error = message ? QString::fromUtf8(message) : QString();
    sqlite3_free(message);
    return rc == SQLITE_OK;
}

QStringList RawSqlite::column(const QString& sql)
{
    QStringList values;
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.toUtf8().constData(), -1, &statement, nullptr) != SQLITE_OK) {
        m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
        return values;
    }
    while (sqlite3_step(statement) == SQLITE_ROW) {
        const unsigned char* text = sqlite3_column_text(statement, 0);
        values.append(text ? QString::fromUtf8(reinterpret_cast<const char*>(text)) : QStringLiteral("<null>"));
    }
    sqlite3_finalize(statement);
    return values;
}

qint64 RawSqlite::integer(const QString& sql)
{
    const QStringList values = column(sql);
    return values.isEmpty() ? -1 : values.first().toLongLong();
}

} // namespace vlmprobe::test
