#pragma once
// Case studies of a workspace: a titled, ordered collection of samples, conditions and runs with commentary,
// exported later as HTML / Markdown / PDF. Owned by the Workspace (Workspace::caseStudies()); same thread as the
// workspace.

#include "records.h"

#include <QList>

#include <optional>

namespace vlmprobe {

class Workspace;

class CaseStudyRepository {
public:
    // Returns the new id; createdAt and updatedAt default to now. Throws InvalidInput for an empty title.
    qint64 insert(const CaseStudy& caseStudy);
    // Rewrites title and description; stamps updatedAt with now.
    void update(const CaseStudy& caseStudy);
    std::optional<CaseStudy> get(qint64 id) const;
    QList<CaseStudy> list() const; // by title
    // Deletes the case study and its items (not the samples, conditions and runs they point at).
    void remove(qint64 id);

    // Adds an item; item.position < 0 appends after the last one. Returns the new id. Throws InvalidInput for an
    // unknown case study or target.
    qint64 addItem(const CaseStudyItem& item);
    // Rewrites an item's position and note.
    void updateItem(const CaseStudyItem& item);
    QList<CaseStudyItem> items(qint64 caseStudyId) const; // by position, then id
    void removeItem(qint64 itemId);

private:
    friend class Workspace;
    explicit CaseStudyRepository(Workspace& workspace);

    QList<CaseStudy> selectStudies(const QString& where, const QVariant& value) const;
    void touch(qint64 caseStudyId);

    Workspace& m_workspace;
};

} // namespace vlmprobe
