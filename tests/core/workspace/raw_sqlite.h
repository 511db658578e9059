#pragma once
// Test support: a plain sqlite3 connection (the C API, independent of Qt Sql and of the code under test) to build
// foreign files, hold locks and inspect what the workspace wrote.

#include <QString>
#include <QStringList>

struct sqlite3;

namespace vlmprobe::test {

class RawSqlite {
public:
    enum class Mode { ReadWriteCreate, ReadOnly };
    explicit RawSqlite(const QString& path, Mode mode = Mode::ReadWriteCreate);
    ~RawSqlite();
    RawSqlite(const RawSqlite&) = delete;
    RawSqlite& operator=(const RawSqlite&) = delete;

    // Executes one or more statements; returns false (and keeps the message) on failure.
    bool exec(const QString& sql);
    // The first column of every result row, as text (NULL as "<null>").
    QStringList column(const QString& sql);
    qint64 integer(const QString& sql);
    QString lastError() const { return m_error; }

private:
    sqlite3* m_db = nullptr;
    QString m_error;
};

} // namespace vlmprobe::test
