#include "dataset_repository.h"

#include "sql_support.h"
#include "workspace.h"

namespace vlmprobe {

namespace {

const QString kColumns
    = QStringLiteral("id, name, source, format, revision, content_hash, created_at, metadata FROM datasets");

Dataset readDataset(const QSqlQuery& query)
{
    Dataset dataset;
    dataset.id = query.value(0).toLongLong();
    dataset.name = query.value(1).toString();
    dataset.source = query.value(2).toString();
    dataset.format = query.value(3).toString();
    dataset.revision = query.value(4).toString();
    dataset.contentHash = query.value(5).toString();
    dataset.createdAt = sql::timeFrom(query.value(6));
    dataset.metadata = sql::jsonFrom(query.value(7));
    return dataset;
}

void requireName(const Dataset& dataset)
{
    if (dataset.name.trimmed().isEmpty())
        throw WorkspaceError(WorkspaceError::Reason::InvalidInput, QStringLiteral("a dataset needs a name"));
}

} // namespace

DatasetRepository::DatasetRepository(Workspace& workspace)
    : m_workspace(workspace)
{
}

qint64 DatasetRepository::insert(const Dataset& dataset)
{
    requireName(dataset);
    QSqlQuery query = sql::prepare(m_workspace.database(),
        QStringLiteral("INSERT INTO datasets (name, source, format, revision, content_hash, created_at, metadata) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(dataset.name);
    query.addBindValue(sql::nullableText(dataset.source));
    query.addBindValue(sql::nullableText(dataset.format));
    query.addBindValue(sql::nullableText(dataset.revision));
    query.addBindValue(sql::nullableText(dataset.contentHash));
    query.addBindValue(sql::timeValue(dataset.createdAt.isValid() ? dataset.createdAt : sql::nowUtc()));
    query.addBindValue(sql::jsonValue(dataset.metadata));
    sql::exec(query, QStringLiteral("cannot insert dataset \"%1\"").arg(dataset.name));
    return query.lastInsertId().toLongLong();
}

void DatasetRepository::update(const Dataset& dataset)
{
    requireName(dataset);
    QSqlQuery query = sql::prepare(m_workspace.database(),
        QStringLiteral("UPDATE datasets SET name = ?, source = ?, format = ?, revision = ?, content_hash = ?, "
                       "metadata = ? WHERE id = ?"));
    query.addBindValue(dataset.name);
    query.addBindValue(sql::nullableText(dataset.source));
    query.addBindValue(sql::nullableText(dataset.format));
    query.addBindValue(sql::nullableText(dataset.revision));
    query.addBindValue(sql::nullableText(dataset.contentHash));
    query.addBindValue(sql::jsonValue(dataset.metadata));
    query.addBindValue(dataset.id);
    sql::exec(query, QStringLiteral("cannot update dataset \"%1\"").arg(dataset.name));
    if (query.numRowsAffected() != 1)
        throw WorkspaceError(WorkspaceError::Reason::InvalidInput,
            QStringLiteral("cannot update dataset: no dataset with id %1").arg(dataset.id));
}

std::optional<Dataset> DatasetRepository::get(qint64 id) const
{
    const QList<Dataset> found = select(QStringLiteral("WHERE id = ?"), id);
    return found.isEmpty() ? std::nullopt : std::optional<Dataset>(found.first());
}

std::optional<Dataset> DatasetRepository::findByName(const QString& name) const
{
    const QList<Dataset> found = select(QStringLiteral("WHERE name = ?"), name);
    return found.isEmpty() ? std::nullopt : std::optional<Dataset>(found.first());
}

QList<Dataset> DatasetRepository::list() const
{
    return select(QStringLiteral("ORDER BY name, id"), QVariant());
}

void DatasetRepository::remove(qint64 id)
{
    QSqlQuery query = sql::prepare(m_workspace.database(), QStringLiteral("DELETE FROM datasets WHERE id = ?"));
    query.addBindValue(id);
    sql::exec(query, QStringLiteral("cannot delete dataset %1").arg(id));
}

QList<Dataset> DatasetRepository::select(const QString& where, const QVariant& value) const
{
    QSqlQuery query = sql::prepare(m_workspace.database(), QStringLiteral("SELECT ") + kColumns + u' ' + where);
    if (value.isValid())
        query.addBindValue(value);
    sql::exec(query, QStringLiteral("cannot read datasets"));
    QList<Dataset> datasets;
    while (query.next())
        datasets.append(readDataset(query));
    sql::checkRead(query, QStringLiteral("cannot read datasets"));
    return datasets;
}

} // namespace vlmprobe
