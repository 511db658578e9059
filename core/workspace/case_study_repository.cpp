#include "case_study_repository.h"

#include "sql_support.h"
#include "transaction.h"
#include "workspace.h"

namespace vlmprobe {

namespace {

void requireTitle(const CaseStudy& caseStudy)
{
    if (caseStudy.title.trimmed().isEmpty())
        throw WorkspaceError(WorkspaceError::Reason::InvalidInput, QStringLiteral("a case study needs a title"));
}

void requireOneRow(const QSqlQuery& query, const QString& what, qint64 id)
{
    if (query.numRowsAffected() != 1)
        throw WorkspaceError(
            WorkspaceError::Reason::InvalidInput, QStringLiteral("cannot update: no %1 with id %2").arg(what).arg(id));
}

} // namespace

CaseStudyRepository::CaseStudyRepository(Workspace& workspace)
    : m_workspace(workspace)
{
}

qint64 CaseStudyRepository::insert(const CaseStudy& caseStudy)
{
    requireTitle(caseStudy);
    QSqlQuery query = sql::prepare(m_workspace.database(),
        QStringLiteral("INSERT INTO case_studies (title, created_at, updated_at, description) VALUES (?, ?, ?, ?)"));
    const QDateTime created = caseStudy.createdAt.isValid() ? caseStudy.createdAt : sql::nowUtc();
    query.addBindValue(caseStudy.title);
    query.addBindValue(sql::timeValue(created));
    query.addBindValue(sql::timeValue(caseStudy.updatedAt.isValid() ? caseStudy.updatedAt : created));
    query.addBindValue(sql::nullableText(caseStudy.description));
    sql::exec(query, QStringLiteral("cannot insert case study \"%1\"").arg(caseStudy.title));
    return query.lastInsertId().toLongLong();
}

void CaseStudyRepository::update(const CaseStudy& caseStudy)
{
    requireTitle(caseStudy);
    QSqlQuery query = sql::prepare(m_workspace.database(),
        QStringLiteral("UPDATE case_studies SET title = ?, description = ?, updated_at = ? WHERE id = ?"));
    query.addBindValue(caseStudy.title);
    query.addBindValue(sql::nullableText(caseStudy.description));
    query.addBindValue(sql::timeValue(sql::nowUtc()));
    query.addBindValue(caseStudy.id);
    sql::exec(query, QStringLiteral("cannot update case study %1").arg(caseStudy.id));
    requireOneRow(query, QStringLiteral("case study"), caseStudy.id);
}

std::optional<CaseStudy> CaseStudyRepository::get(qint64 id) const
{
    const QList<CaseStudy> found = selectStudies(QStringLiteral("WHERE id = ?"), id);
    return found.isEmpty() ? std::nullopt : std::optional<CaseStudy>(found.first());
}

QList<CaseStudy> CaseStudyRepository::list() const
{
    return selectStudies(QStringLiteral("ORDER BY title, id"), QVariant());
}

void CaseStudyRepository::remove(qint64 id)
{
    QSqlQuery query = sql::prepare(m_workspace.database(), QStringLiteral("DELETE FROM case_studies WHERE id = ?"));
    query.addBindValue(id);
    sql::exec(query, QStringLiteral("cannot delete case study %1").arg(id));
}

qint64 CaseStudyRepository::addItem(const CaseStudyItem& item)
{
    Transaction transaction(m_workspace);
    QSqlQuery query = sql::prepare(m_workspace.database(),
        QStringLiteral("INSERT INTO case_study_items (case_study_id, position, sample_id, condition_id, run_id, "
                       "created_at, note) VALUES (?, "
                       "CASE WHEN ? >= 0 THEN ? ELSE (SELECT coalesce(max(position) + 1, 0) FROM case_study_items "
                       "WHERE case_study_id = ?) END, ?, ?, ?, ?, ?)"));
    query.addBindValue(item.caseStudyId);
    query.addBindValue(item.position);
    query.addBindValue(item.position);
    query.addBindValue(item.caseStudyId);
    for (const QVariant& value : sql::targetValues(item.targetKind, item.targetId))
        query.addBindValue(value);
    query.addBindValue(sql::timeValue(item.createdAt.isValid() ? item.createdAt : sql::nowUtc()));
    query.addBindValue(sql::nullableText(item.note));
    sql::exec(query,
        QStringLiteral("cannot add %1 %2 to case study %3")
            .arg(targetKindName(item.targetKind))
            .arg(item.targetId)
            .arg(item.caseStudyId));
    const qint64 id = query.lastInsertId().toLongLong();
    touch(item.caseStudyId);
    transaction.commit();
    return id;
}

void CaseStudyRepository::updateItem(const CaseStudyItem& item)
{
    Transaction transaction(m_workspace);
    QSqlQuery query = sql::prepare(
        m_workspace.database(), QStringLiteral("UPDATE case_study_items SET position = ?, note = ? WHERE id = ?"));
    query.addBindValue(item.position);
    query.addBindValue(sql::nullableText(item.note));
    query.addBindValue(item.id);
    sql::exec(query, QStringLiteral("cannot update case-study item %1").arg(item.id));
    requireOneRow(query, QStringLiteral("case-study item"), item.id);
    touch(item.caseStudyId);
    transaction.commit();
}

QList<CaseStudyItem> CaseStudyRepository::items(qint64 caseStudyId) const
{
    QSqlQuery query = sql::prepare(m_workspace.database(),
        QStringLiteral("SELECT id, case_study_id, position, sample_id, condition_id, run_id, created_at, note "
                       "FROM case_study_items WHERE case_study_id = ? ORDER BY position, id"));
    query.addBindValue(caseStudyId);
    const QString context = QStringLiteral("cannot read case-study items");
    sql::exec(query, context);
    QList<CaseStudyItem> items;
    while (query.next()) {
        CaseStudyItem item;
        item.id = query.value(0).toLongLong();
        item.caseStudyId = query.value(1).toLongLong();
        item.position = query.value(2).toInt();
        const auto [kind, targetId] = sql::targetFrom(query.value(3), query.value(4), query.value(5));
        item.targetKind = kind;
        item.targetId = targetId;
        item.createdAt = sql::timeFrom(query.value(6));
        item.note = query.value(7).toString();
        items.append(item);
    }
    sql::checkRead(query, context);
    return items;
}

void CaseStudyRepository::removeItem(qint64 itemId)
{
    QSqlQuery query = sql::prepare(m_workspace.database(), QStringLiteral("DELETE FROM case_study_items WHERE id = ?"));
    query.addBindValue(itemId);
    sql::exec(query, QStringLiteral("cannot delete case-study item %1").arg(itemId));
}

QList<CaseStudy> CaseStudyRepository::selectStudies(const QString& where, const QVariant& value) const
{
    QSqlQuery query = sql::prepare(m_workspace.database(),
        QStringLiteral("SELECT id, title, created_at, updated_at, description FROM case_studies ") + where);
    if (value.isValid())
        query.addBindValue(value);
    const QString context = QStringLiteral("cannot read case studies");
    sql::exec(query, context);
    QList<CaseStudy> studies;
    while (query.next()) {
        CaseStudy study;
        study.id = query.value(0).toLongLong();
        study.title = query.value(1).toString();
        study.createdAt = sql::timeFrom(query.value(2));
        study.updatedAt = sql::timeFrom(query.value(3));
        study.description = query.value(4).toString();
        studies.append(study);
    }
    sql::checkRead(query, context);
    return studies;
}

void CaseStudyRepository::touch(qint64 caseStudyId)
{
    QSqlQuery query
        = sql::prepare(m_workspace.database(), QStringLiteral("UPDATE case_studies SET updated_at = ? WHERE id = ?"));
    query.addBindValue(sql::timeValue(sql::nowUtc()));
    query.addBindValue(caseStudyId);
    sql::exec(query, QStringLiteral("cannot update case study %1").arg(caseStudyId));
}

} // namespace vlmprobe
