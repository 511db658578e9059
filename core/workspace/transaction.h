#pragma once
// RAII transaction on a Workspace. The outermost one is BEGIN IMMEDIATE (takes the write lock at once, so two
// writers never deadlock on a lock upgrade); nested ones are savepoints, so a repository call that needs its own
// atomicity composes with the caller's transaction. Destroyed without commit(), it rolls back everything done
// since it began, which is how a failed import leaves the workspace unchanged.
//
//     Transaction tx(*ws);
//     ... inserts that may throw ...
//     tx.commit();
//
// Thread: the workspace's thread. Transactions nest strictly (LIFO); the Transaction must not outlive its
// Workspace.

#include <QString>

namespace vlmprobe {

class Workspace;

class Transaction {
public:
    explicit Transaction(Workspace& workspace);
    ~Transaction(); // rolls back when neither commit() nor rollback() ran; never throws
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();
    void rollback();
    bool isActive() const { return m_active; }

private:
    void finish(bool commitChanges);

    Workspace& m_workspace;
    int m_depth; // 1 for the outermost transaction
    bool m_active = true;
};

} // namespace vlmprobe
