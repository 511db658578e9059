#pragma once
// Conditions of a workspace: how each sample is presented, with lineage (parent ids form a forest within one
// sample). Owned by the Workspace (Workspace::conditions()); same thread as the workspace.

#include "records.h"

#include <QList>

#include <memory>
#include <optional>

class QSqlQuery;

namespace vlmprobe {

class Workspace;

class ConditionRepository {
public:
    ~ConditionRepository();

    // Returns the new id; createdAt defaults to now. Throws InvalidInput for an unknown sample, parent, source run
    // or derived image, or a parent that belongs to another sample.
    qint64 insert(const Condition& condition);
    std::optional<Condition> get(qint64 id) const;
    // The sample's conditions by id (a parent is inserted, hence listed, before its children).
    QList<Condition> listForSample(qint64 sampleId) const;
    // The condition and its ancestors, root first; empty for an unknown id.
    QList<Condition> lineage(qint64 id) const;
    // Deletes the condition and its runs; its children keep existing with no parent.
    void remove(qint64 id);

private:
    friend class Workspace;
    explicit ConditionRepository(Workspace& workspace);

    QList<Condition> select(const QString& sqlText, const QVariant& value) const;

    Workspace& m_workspace;
    std::unique_ptr<QSqlQuery> m_insert; // prepared on first insert
};

} // namespace vlmprobe
