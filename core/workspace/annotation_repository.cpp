#include "annotation_repository.h"

#include "sql_support.h"
#include "transaction.h"
#include "workspace.h"

namespace vlmprobe {

namespace {

QStringList normalizedTags(const QStringList& tags)
{
    QStringList result;
    for (const QString& tag : tags) {
        const QString trimmed = tag.trimmed();
        if (!trimmed.isEmpty())
            result.append(trimmed);
    }
    result.sort();
    result.removeDuplicates();
    return result;
}

} // namespace

AnnotationRepository::AnnotationRepository(Workspace& workspace)
    : m_workspace(workspace)
{
}

qint64 AnnotationRepository::insert(const Annotation& annotation)
{
    Transaction transaction(m_workspace);
    QSqlQuery query = sql::prepare(m_workspace.database(),
        QStringLiteral("INSERT INTO annotations (sample_id, condition_id, run_id, rating, created_at, updated_at, "
                       "note) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    for (const QVariant& value : sql::targetValues(annotation.targetKind, annotation.targetId))
        query.addBindValue(value);
    const QDateTime created = annotation.createdAt.isValid() ? annotation.createdAt : sql::nowUtc();
    query.addBindValue(sql::optionalValue(annotation.rating));
    query.addBindValue(sql::timeValue(created));
    query.addBindValue(sql::timeValue(annotation.updatedAt.isValid() ? annotation.updatedAt : created));
    query.addBindValue(sql::nullableText(annotation.note));
    sql::exec(query,
        QStringLiteral("cannot annotate %1 %2").arg(targetKindName(annotation.targetKind)).arg(annotation.targetId));
    const qint64 id = query.lastInsertId().toLongLong();
    writeTags(id, annotation.tags);
    transaction.commit();
    return id;
}

void AnnotationRepository::update(const Annotation& annotation)
{
    Transaction transaction(m_workspace);
    QSqlQuery query = sql::prepare(m_workspace.database(),
        QStringLiteral("UPDATE annotations SET rating = ?, note = ?, updated_at = ? WHERE id = ?"));
    query.addBindValue(sql::optionalValue(annotation.rating));
    query.addBindValue(sql::nullableText(annotation.note));
    query.addBindValue(sql::timeValue(sql::nowUtc()));
    query.addBindValue(annotation.id);
    sql::exec(query, QStringLiteral("cannot update annotation %1").arg(annotation.id));
    if (query.numRowsAffected() != 1)
        throw WorkspaceError(WorkspaceError::Reason::InvalidInput,
            QStringLiteral("cannot update annotation: no annotation with id %1").arg(annotation.id));
    QSqlQuery clear
        = sql::prepare(m_workspace.database(), QStringLiteral("DELETE FROM annotation_tags WHERE annotation_id = ?"));
    clear.addBindValue(annotation.id);
    sql::exec(clear, QStringLiteral("cannot update the tags of annotation %1").arg(annotation.id));
    writeTags(annotation.id, annotation.tags);
    transaction.commit();
}

std::optional<Annotation> AnnotationRepository::get(qint64 id) const
{
    const QList<Annotation> found = select(QStringLiteral("WHERE id = ?"), { id });
    return found.isEmpty() ? std::nullopt : std::optional<Annotation>(found.first());
}

QList<Annotation> AnnotationRepository::listForTarget(TargetKind kind, qint64 targetId) const
{
    static const QString columns[]
        = { QStringLiteral("sample_id"), QStringLiteral("condition_id"), QStringLiteral("run_id") };
    return select(
        QStringLiteral("WHERE ") + columns[static_cast<int>(kind)] + QStringLiteral(" = ? ORDER BY id"), { targetId });
}

QStringList AnnotationRepository::allTags() const
{
    const QString context = QStringLiteral("cannot read tags");
    QSqlQuery query = sql::execDirect(
        m_workspace.database(), QStringLiteral("SELECT DISTINCT tag FROM annotation_tags ORDER BY tag"), context);
    QStringList tags;
    while (query.next())
        tags.append(query.value(0).toString());
    sql::checkRead(query, context);
    return tags;
}

void AnnotationRepository::remove(qint64 id)
{
    QSqlQuery query = sql::prepare(m_workspace.database(), QStringLiteral("DELETE FROM annotations WHERE id = ?"));
    query.addBindValue(id);
    sql::exec(query, QStringLiteral("cannot delete annotation %1").arg(id));
}

void AnnotationRepository::writeTags(qint64 annotationId, const QStringList& tags)
{
    const QStringList normalized = normalizedTags(tags);
    if (normalized.isEmpty())
        return;
    QSqlQuery query = sql::prepare(
        m_workspace.database(), QStringLiteral("INSERT INTO annotation_tags (annotation_id, tag) VALUES (?, ?)"));
    for (const QString& tag : normalized) {
        query.bindValue(0, annotationId);
        query.bindValue(1, tag);
        sql::exec(query, QStringLiteral("cannot tag annotation %1").arg(annotationId));
    }
}

QList<Annotation> AnnotationRepository::select(const QString& where, const QVariantList& values) const
{
    // Tags come back as one JSON array per annotation, so a list of annotations is one query.
    QSqlQuery query = sql::prepare(m_workspace.database(),
        QStringLiteral("SELECT id, sample_id, condition_id, run_id, rating, created_at, updated_at, note, "
                       "(SELECT json_group_array(tag) FROM (SELECT tag FROM annotation_tags "
                       " WHERE annotation_id = annotations.id ORDER BY tag)) FROM annotations ")
            + where);
    for (const QVariant& value : values)
        query.addBindValue(value);
    const QString context = QStringLiteral("cannot read annotations");
    sql::exec(query, context);
    QList<Annotation> annotations;
    while (query.next()) {
        Annotation annotation;
        annotation.id = query.value(0).toLongLong();
        const auto [kind, targetId] = sql::targetFrom(query.value(1), query.value(2), query.value(3));
        annotation.targetKind = kind;
        annotation.targetId = targetId;
        if (!query.value(4).isNull())
            annotation.rating = query.value(4).toInt();
        annotation.createdAt = sql::timeFrom(query.value(5));
        annotation.updatedAt = sql::timeFrom(query.value(6));
        annotation.note = query.value(7).toString();
        annotation.tags = sql::listFrom(query.value(8));
        annotations.append(annotation);
    }
    sql::checkRead(query, context);
    return annotations;
}

} // namespace vlmprobe
