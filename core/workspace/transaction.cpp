#include "transaction.h"

#include "sql_support.h"
#include "workspace.h"

namespace vlmprobe {

namespace {

QString savepointName(int depth)
{
    return QStringLiteral("vlmprobe_sp%1").arg(depth);
}

} // namespace

Transaction::Transaction(Workspace& workspace)
    : m_workspace(workspace)
    , m_depth(workspace.m_transactionDepth + 1)
{
    const QString sql
        = m_depth == 1 ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("SAVEPOINT ") + savepointName(m_depth);
    sql::execDirect(m_workspace.database(), sql, QStringLiteral("cannot begin a transaction"));
    m_workspace.m_transactionDepth = m_depth;
    m_workspace.beginCountLevel();
}

Transaction::~Transaction()
{
    if (!m_active)
        return;
    try {
        finish(false);
    } catch (const WorkspaceError&) {
        // Rolling back only fails when the connection is gone; SQLite has then rolled back already.
    }
}

void Transaction::commit()
{
    finish(true);
}

void Transaction::rollback()
{
    finish(false);
}

void Transaction::finish(bool commitChanges)
{
    if (!m_active)
        throw WorkspaceError(WorkspaceError::Reason::Internal, QStringLiteral("the transaction has already ended"));
    if (m_workspace.m_transactionDepth != m_depth)
        throw WorkspaceError(WorkspaceError::Reason::Internal,
            QStringLiteral("transactions must end in the reverse order of their start"));
    const QSqlDatabase db = m_workspace.database();
    m_active = false;
    if (m_depth == 1) {
        if (commitChanges) {
            try {
                m_workspace.flushRunCounts();
                sql::execDirect(db, QStringLiteral("COMMIT"), QStringLiteral("cannot commit"));
            } catch (const WorkspaceError&) {
                // A failed COMMIT (e.g. busy) leaves the transaction open: roll back so the connection stays usable.
                QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
                m_workspace.endCountLevel(false);
                m_workspace.m_transactionDepth = 0;
                throw;
            }
        }
        // State first: even if ROLLBACK reports an error, SQLite has ended the transaction.
        m_workspace.endCountLevel(commitChanges);
        m_workspace.m_transactionDepth = 0;
        if (!commitChanges)
            sql::execDirect(db, QStringLiteral("ROLLBACK"), QStringLiteral("cannot roll back"));
        return;
    }
    m_workspace.endCountLevel(commitChanges);
    m_workspace.m_transactionDepth = m_depth - 1;
    const QString name = savepointName(m_depth);
    if (!commitChanges)
        sql::execDirect(db, QStringLiteral("ROLLBACK TO ") + name, QStringLiteral("cannot roll back"));
    sql::execDirect(db, QStringLiteral("RELEASE ") + name, QStringLiteral("cannot release a savepoint"));
}

} // namespace vlmprobe
