#pragma once
// Checkpoints and endpoint models of a workspace (ModelEntry), grouped into training series. Owned by the
// Workspace (Workspace::models()); same thread as the workspace.

#include "records.h"

#include <QList>
#include <QStringList>

#include <optional>

namespace vlmprobe {

class Workspace;

class ModelRepository {
public:
    // Returns the new id; createdAt defaults to now. Throws InvalidInput when the name is empty or taken.
    qint64 insert(const ModelEntry& model);
    // Rewrites every field but id and createdAt. Throws InvalidInput for an unknown id.
    void update(const ModelEntry& model);
    std::optional<ModelEntry> get(qint64 id) const;
    std::optional<ModelEntry> findByName(const QString& name) const;
    // The Local entry of a checkpoint folder: the one whose cleaned location equals the cleaned `directory`, or a
    // new one named after the folder (made unique with a " (2)", " (3)" ... suffix). Returns its id.
    qint64 findOrInsertLocal(const QString& directory);
    QList<ModelEntry> list() const; // by series, training step, name
    // The checkpoints of one series by training step (then seed, name).
    QList<ModelEntry> series(const QString& seriesName) const;
    QStringList seriesNames() const; // non-empty names, sorted
    // Deletes the model and its runs.
    void remove(qint64 id);

private:
    friend class Workspace;
    explicit ModelRepository(Workspace& workspace);

    QList<ModelEntry> select(const QString& where, const QVariant& value) const;

    Workspace& m_workspace;
};

} // namespace vlmprobe
