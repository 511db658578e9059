#include "model_repository.h"

#include "sql_support.h"
#include "workspace.h"

#include <QDir>
#include <QFileInfo>

namespace vlmprobe {

namespace {

const QString kColumns = QStringLiteral("id, name, backend, location, remote_model, series_name, training_step, seed, "
                                        "revision, created_at, notes, metadata FROM models");

ModelEntry readModel(const QSqlQuery& query)
{
    ModelEntry model;
    model.id = query.value(0).toLongLong();
    model.name = query.value(1).toString();
    const QString backendName = query.value(2).toString();
    const std::optional<BackendKind> backend = backendKindFromName(backendName);
    if (!backend)
        sql::throwUnknownName(QStringLiteral("backend"), backendName);
    model.backend = *backend;
    model.location = query.value(3).toString();
    model.remoteModel = query.value(4).toString();
    model.seriesName = query.value(5).toString();
    model.trainingStep = sql::optionalInt(query.value(6));
    model.seed = sql::optionalInt(query.value(7));
    model.revision = query.value(8).toString();
    model.createdAt = sql::timeFrom(query.value(9));
    model.notes = query.value(10).toString();
    model.metadata = sql::jsonFrom(query.value(11));
    return model;
}

void requireName(const ModelEntry& model)
{
    if (model.name.trimmed().isEmpty())
        throw WorkspaceError(WorkspaceError::Reason::InvalidInput, QStringLiteral("a model needs a name"));
}

// Binds the fields shared by insert and update, in the column order of both statements.
void bindFields(QSqlQuery& query, const ModelEntry& model)
{
    query.addBindValue(model.name);
    query.addBindValue(backendKindName(model.backend));
    query.addBindValue(sql::nullableText(model.location));
    query.addBindValue(sql::nullableText(model.remoteModel));
    query.addBindValue(sql::textValue(model.seriesName));
    query.addBindValue(sql::optionalValue(model.trainingStep));
    query.addBindValue(sql::optionalValue(model.seed));
    query.addBindValue(sql::nullableText(model.revision));
    query.addBindValue(sql::nullableText(model.notes));
    query.addBindValue(sql::jsonValue(model.metadata));
}

} // namespace

ModelRepository::ModelRepository(Workspace& workspace)
    : m_workspace(workspace)
{
}

qint64 ModelRepository::insert(const ModelEntry& model)
{
    requireName(model);
    QSqlQuery query = sql::prepare(m_workspace.database(),
        QStringLiteral("INSERT INTO models (name, backend, location, remote_model, series_name, training_step, seed, "
                       "revision, notes, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    bindFields(query, model);
    query.addBindValue(sql::timeValue(model.createdAt.isValid() ? model.createdAt : sql::nowUtc()));
    sql::exec(query, QStringLiteral("cannot insert model \"%1\"").arg(model.name));
    return query.lastInsertId().toLongLong();
}

void ModelRepository::update(const ModelEntry& model)
{
    requireName(model);
    QSqlQuery query = sql::prepare(m_workspace.database(),
        QStringLiteral("UPDATE models SET name = ?, backend = ?, location = ?, remote_model = ?, series_name = ?, "
                       "training_step = ?, seed = ?, revision = ?, notes = ?, metadata = ? WHERE id = ?"));
    bindFields(query, model);
    query.addBindValue(model.id);
    sql::exec(query, QStringLiteral("cannot update model \"%1\"").arg(model.name));
    if (query.numRowsAffected() != 1)
        throw WorkspaceError(WorkspaceError::Reason::InvalidInput,
            QStringLiteral("cannot update model: no model with id %1").arg(model.id));
}

std::optional<ModelEntry> ModelRepository::get(qint64 id) const
{
    const QList<ModelEntry> found = select(QStringLiteral("WHERE id = ?"), id);
    return found.isEmpty() ? std::nullopt : std::optional<ModelEntry>(found.first());
}

qint64 ModelRepository::findOrInsertLocal(const QString& directory)
{
    const QString location = QDir::cleanPath(directory);
    for (const ModelEntry& model : list()) {
        if (model.backend == BackendKind::Local && QDir::cleanPath(model.location) == location)
            return model.id;
    }
    ModelEntry entry;
    entry.location = location;
    entry.backend = BackendKind::Local;
    const QString base
        = QFileInfo(location).fileName().isEmpty() ? QStringLiteral("model") : QFileInfo(location).fileName();
    entry.name = base;
    for (int suffix = 2; findByName(entry.name); ++suffix)
        entry.name = base + QStringLiteral(" (%1)").arg(suffix);
    return insert(entry);
}

std::optional<ModelEntry> ModelRepository::findByName(const QString& name) const
{
    const QList<ModelEntry> found = select(QStringLiteral("WHERE name = ?"), name);
    return found.isEmpty() ? std::nullopt : std::optional<ModelEntry>(found.first());
}

QList<ModelEntry> ModelRepository::list() const
{
    return select(QStringLiteral("ORDER BY series_name, training_step, name"), QVariant());
}

QList<ModelEntry> ModelRepository::series(const QString& seriesName) const
{
    return select(QStringLiteral("WHERE series_name = ? ORDER BY training_step, seed, name"), seriesName);
}

QStringList ModelRepository::seriesNames() const
{
    const QString context = QStringLiteral("cannot read model series");
    QSqlQuery query = sql::execDirect(m_workspace.database(),
        QStringLiteral("SELECT DISTINCT series_name FROM models WHERE series_name <> '' ORDER BY series_name"),
        context);
    QStringList names;
    while (query.next())
        names.append(query.value(0).toString());
    sql::checkRead(query, context);
    return names;
}

void ModelRepository::remove(qint64 id)
{
    QSqlQuery query = sql::prepare(m_workspace.database(), QStringLiteral("DELETE FROM models WHERE id = ?"));
    query.addBindValue(id);
    sql::exec(query, QStringLiteral("cannot delete model %1").arg(id));
}

QList<ModelEntry> ModelRepository::select(const QString& where, const QVariant& value) const
{
    QSqlQuery query = sql::prepare(m_workspace.database(), QStringLiteral("SELECT ") + kColumns + u' ' + where);
    if (value.isValid())
        query.addBindValue(value);
    const QString context = QStringLiteral("cannot read models");
    sql::exec(query, context);
    QList<ModelEntry> models;
    while (query.next())
        models.append(readModel(query));
    sql::checkRead(query, context);
    return models;
}

} // namespace vlmprobe
