#pragma once
// Runs of a workspace: one model answering one condition. Owned by the Workspace (Workspace::runs()); same thread
// as the workspace (a runner on another thread opens its own Workspace).
//
// Bulk inserts reuse one prepared statement: wrap them in a Transaction (see bench/workspace for rows/s). Each
// insert adds to its sample's run count (SampleRow::runCount) when the outermost transaction commits.

#include "records.h"

#include <QList>

#include <memory>
#include <optional>

class QSqlQuery;

namespace vlmprobe {

class Workspace;

class RunRepository {
public:
    ~RunRepository();

    // Returns the new id; createdAt defaults to now. Throws InvalidInput for an unknown condition or model.
    qint64 insert(const Run& run);
    // Writes the result fields of `run` (everything but id, conditionId, modelId and createdAt) to the stored run.
    // Throws InvalidInput for an unknown id.
    void updateResult(const Run& run);
    // Sets status and error; a terminal status (done, failed, cancelled) also stamps finishedAt with now.
    void updateStatus(qint64 id, RunStatus status, const QString& error = QString());
    std::optional<Run> get(qint64 id) const;
    QList<Run> listForCondition(qint64 conditionId) const; // by id
    // Runs with this determining hash, newest first (a runner resumes by skipping hashes already done).
    QList<Run> findByDeterminingHash(const QString& hash) const;
    qint64 count() const;
    // Deletes the run with its judgments and annotations.
    void remove(qint64 id);

private:
    friend class Workspace;
    explicit RunRepository(Workspace& workspace);

    QList<Run> select(const QString& where, const QVariant& value) const;

    Workspace& m_workspace;
    std::unique_ptr<QSqlQuery> m_insert; // prepared on first insert
};

} // namespace vlmprobe
