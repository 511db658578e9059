#pragma once
// The one error type thrown by core/workspace. what() is a single human-readable line naming the file and the
// cause; reason() lets callers react (offer to open read-only, retry later ...).

#include <QString>

#include <stdexcept>

namespace vlmprobe {

class WorkspaceError : public std::runtime_error {
public:
    enum class Reason {
        NotFound, // open(): no such file
        AlreadyExists, // create(): the path is taken
        NotSqlite, // the file is not an SQLite database
        NotWorkspace, // an SQLite database, but not a VLM Probe workspace
        TooNew, // a workspace written by a newer VLM Probe (schema version above ours)
        ReadOnly, // the file or the connection cannot be written
        Locked, // another connection held a lock longer than the busy timeout
        Corrupt, // SQLite reports a damaged file
        InvalidInput, // a value the workspace cannot store (unknown id, bad image, duplicate name ...)
        Io, // the file system failed (disk full, permissions, rename)
        Internal, // any other database failure
    };

    WorkspaceError(Reason reason, const QString& message);

    Reason reason() const { return m_reason; }
    QString message() const { return QString::fromUtf8(what()); }

private:
    Reason m_reason;
};

} // namespace vlmprobe
