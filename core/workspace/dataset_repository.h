#pragma once
// Datasets of a workspace. Owned by the Workspace (Workspace::datasets()); same thread as the workspace.

#include "records.h"

#include <QList>

#include <optional>

namespace vlmprobe {

class Workspace;

class DatasetRepository {
public:
    // Returns the new id; createdAt defaults to now. Throws InvalidInput when the name is empty or taken.
    qint64 insert(const Dataset& dataset);
    // Rewrites every field but id and createdAt. Throws InvalidInput for an unknown id.
    void update(const Dataset& dataset);
    std::optional<Dataset> get(qint64 id) const;
    std::optional<Dataset> findByName(const QString& name) const;
    QList<Dataset> list() const; // by name
    // Deletes the dataset with its samples and everything derived from them.
    void remove(qint64 id);

private:
    friend class Workspace;
    explicit DatasetRepository(Workspace& workspace);

    QList<Dataset> select(const QString& where, const QVariant& value) const;

    Workspace& m_workspace;
};

} // namespace vlmprobe
