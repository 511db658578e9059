#pragma once
// Samples of a workspace, and the sample browser's paged, filtered, sorted view of them. Owned by the Workspace
// (Workspace::samples()); same thread as the workspace.
//
// Bulk inserts reuse one prepared statement: wrap them in a Transaction (about 10^5 rows/s, see bench/workspace).
// page() and count() filter and sort in SQL; with the indexes of schema v1 a page of 100k samples takes a few ms.

#include "records.h"

#include <QList>
#include <QStringList>

#include <memory>
#include <optional>

class QSqlQuery;

namespace vlmprobe {

class Workspace;

class SampleRepository {
public:
    ~SampleRepository();

    // Returns the new id; createdAt defaults to now. Throws InvalidInput for an empty external id, a gold letter
    // that names no option, an external id already used in the dataset, an unknown dataset or image hash.
    qint64 insert(const Sample& sample);
    std::optional<Sample> get(qint64 id) const;
    std::optional<Sample> findByExternalId(qint64 datasetId, const QString& externalId) const;
    QList<Sample> listForDataset(qint64 datasetId) const; // by id
    // Deletes the sample with its conditions, runs, judgments and annotations.
    void remove(qint64 id);

    // One page of the browser: rows matching `query`, sorted by query.sortColumn (ties by id, same direction),
    // starting at query.offset, at most query.limit rows. Text sorts compare UTF-8 bytes (code points).
    QList<SampleRow> page(const SampleQuery& query) const;
    // Rows matching `query`'s filters (offset, limit and sort ignored).
    qint64 count(const SampleQuery& query) const;
    // Distinct non-empty categories, sorted; of one dataset or of all.
    QStringList categories(std::optional<qint64> datasetId = std::nullopt) const;

private:
    friend class Workspace;
    explicit SampleRepository(Workspace& workspace);

    QList<Sample> select(const QString& where, const QVariantList& values) const;

    Workspace& m_workspace;
    std::unique_ptr<QSqlQuery> m_insert; // prepared on first insert
};

} // namespace vlmprobe
