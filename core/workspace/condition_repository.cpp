#include "condition_repository.h"

#include "sql_support.h"
#include "workspace.h"

namespace vlmprobe {

namespace {

const QString kColumns = QStringLiteral(
    "id, sample_id, kind, parent_id, source_run_id, target_option, gold_answer, derived_image_sha256, created_at, "
    "label, parameters, provenance, options, caption_text, think_prefix, cue_text");

Condition readCondition(const QSqlQuery& query)
{
    Condition condition;
    condition.id = query.value(0).toLongLong();
    condition.sampleId = query.value(1).toLongLong();
    const QString kindName = query.value(2).toString();
    const std::optional<ConditionKind> kind = conditionKindFromName(kindName);
    if (!kind)
        sql::throwUnknownName(QStringLiteral("condition kind"), kindName);
    condition.kind = *kind;
    condition.parentId = sql::optionalInt(query.value(3));
    condition.sourceRunId = sql::optionalInt(query.value(4));
    condition.targetOption = query.value(5).toString();
    condition.goldAnswer = query.value(6).toString();
    condition.derivedImageHash = query.value(7).toString();
    condition.createdAt = sql::timeFrom(query.value(8));
    condition.label = query.value(9).toString();
    condition.parameters = sql::jsonFrom(query.value(10));
    condition.provenance = sql::jsonFrom(query.value(11));
    condition.options = sql::listFrom(query.value(12));
    condition.captionText = query.value(13).toString();
    condition.thinkPrefix = query.value(14).toString();
    condition.cueText = query.value(15).toString();
    return condition;
}

} // namespace

ConditionRepository::ConditionRepository(Workspace& workspace)
    : m_workspace(workspace)
{
}

ConditionRepository::~ConditionRepository() = default;

qint64 ConditionRepository::insert(const Condition& condition)
{
    if (!m_insert) {
        m_insert = std::make_unique<QSqlQuery>(sql::prepare(m_workspace.database(),
            QStringLiteral("INSERT INTO conditions (sample_id, kind, parent_id, source_run_id, target_option, "
                           "gold_answer, derived_image_sha256, created_at, label, parameters, provenance, options, "
                           "caption_text, think_prefix, cue_text) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")));
    }
    QSqlQuery& query = *m_insert;
    query.bindValue(0, condition.sampleId);
    query.bindValue(1, conditionKindName(condition.kind));
    query.bindValue(2, sql::optionalValue(condition.parentId));
    query.bindValue(3, sql::optionalValue(condition.sourceRunId));
    query.bindValue(4, sql::nullableText(condition.targetOption));
    query.bindValue(5, sql::nullableText(condition.goldAnswer));
    query.bindValue(6, sql::nullableText(condition.derivedImageHash));
    query.bindValue(7, sql::timeValue(condition.createdAt.isValid() ? condition.createdAt : sql::nowUtc()));
    query.bindValue(8, sql::nullableText(condition.label));
    query.bindValue(9, sql::jsonValue(condition.parameters));
    query.bindValue(10, sql::jsonValue(condition.provenance));
    query.bindValue(11, condition.options.isEmpty() ? QVariant() : sql::listValue(condition.options));
    query.bindValue(12, sql::nullableText(condition.captionText));
    query.bindValue(13, sql::nullableText(condition.thinkPrefix));
    query.bindValue(14, sql::nullableText(condition.cueText));
    if (!query.exec()) {
        throw sql::toError(query.lastError(),
            QStringLiteral("cannot insert a %1 condition for sample %2")
                .arg(conditionKindName(condition.kind))
                .arg(condition.sampleId));
    }
    const qint64 id = query.lastInsertId().toLongLong();
    query.finish();
    return id;
}

std::optional<Condition> ConditionRepository::get(qint64 id) const
{
    const QList<Condition> found
        = select(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM conditions WHERE id = ?"), id);
    return found.isEmpty() ? std::nullopt : std::optional<Condition>(found.first());
}

QList<Condition> ConditionRepository::listForSample(qint64 sampleId) const
{
    return select(
        QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM conditions WHERE sample_id = ? ORDER BY id"),
        sampleId);
}

QList<Condition> ConditionRepository::lineage(qint64 id) const
{
    // Walk up the parent links; depth bounds the walk even if a hand-edited file held a cycle.
    const QString sqlText
        = QStringLiteral("WITH RECURSIVE chain(cid, depth) AS ("
                         "  SELECT ?, 0"
                         "  UNION ALL"
                         "  SELECT c.parent_id, chain.depth + 1 FROM conditions c JOIN chain ON c.id = chain.cid"
                         "  WHERE c.parent_id IS NOT NULL AND chain.depth < 10000"
                         ") SELECT ")
        + kColumns
        + QStringLiteral(" FROM conditions JOIN chain ON conditions.id = chain.cid ORDER BY chain.depth DESC");
    return select(sqlText, id);
}

void ConditionRepository::remove(qint64 id)
{
    QSqlQuery query = sql::prepare(m_workspace.database(), QStringLiteral("DELETE FROM conditions WHERE id = ?"));
    query.addBindValue(id);
    sql::exec(query, QStringLiteral("cannot delete condition %1").arg(id));
}

QList<Condition> ConditionRepository::select(const QString& sqlText, const QVariant& value) const
{
    QSqlQuery query = sql::prepare(m_workspace.database(), sqlText);
    query.addBindValue(value);
    const QString context = QStringLiteral("cannot read conditions");
    sql::exec(query, context);
    QList<Condition> conditions;
    while (query.next())
        conditions.append(readCondition(query));
    sql::checkRead(query, context);
    return conditions;
}

} // namespace vlmprobe
