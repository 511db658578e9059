#pragma once
// Annotations of a workspace: tags, a note and a rating on a sample, a condition or a run. Deleting the target
// deletes its annotations. Owned by the Workspace (Workspace::annotations()); same thread as the workspace.

#include "records.h"

#include <QList>
#include <QStringList>

#include <optional>

namespace vlmprobe {

class Workspace;

class AnnotationRepository {
public:
    // Returns the new id; createdAt and updatedAt default to now. Tags are trimmed, deduplicated and sorted;
    // empty tags are dropped. Throws InvalidInput for an unknown target.
    qint64 insert(const Annotation& annotation);
    // Rewrites tags, note and rating (target and createdAt stay); stamps updatedAt with now.
    void update(const Annotation& annotation);
    std::optional<Annotation> get(qint64 id) const;
    QList<Annotation> listForTarget(TargetKind kind, qint64 targetId) const; // by id
    QStringList allTags() const; // distinct, sorted
    void remove(qint64 id);

private:
    friend class Workspace;
    explicit AnnotationRepository(Workspace& workspace);

    void writeTags(qint64 annotationId, const QStringList& tags);
    QList<Annotation> select(const QString& where, const QVariantList& values) const;

    Workspace& m_workspace;
};

} // namespace vlmprobe
