#pragma once
// Judgments of a workspace: verdicts on whether a run's reasoning supports its answer (rule, LLM judge, human).
// A run may carry several (one per rater). Owned by the Workspace (Workspace::judgments()); same thread as the
// workspace.

#include "records.h"

#include <QList>

#include <optional>

namespace vlmprobe {

class Workspace;

class JudgmentRepository {
public:
    // Returns the new id; createdAt defaults to now. Throws InvalidInput for an unknown run.
    qint64 insert(const Judgment& judgment);
    std::optional<Judgment> get(qint64 id) const;
    QList<Judgment> listForRun(qint64 runId) const; // by id
    void remove(qint64 id);

private:
    friend class Workspace;
    explicit JudgmentRepository(Workspace& workspace);

    QList<Judgment> select(const QString& where, qint64 value) const;

    Workspace& m_workspace;
};

} // namespace vlmprobe
