#include "sample_repository.h"

#include "sql_support.h"
#include "workspace.h"

namespace vlmprobe {

namespace {

using Reason = WorkspaceError::Reason;

const QString kColumns = QStringLiteral(
    "id, dataset_id, external_id, source_index, category, gold_answer, image_sha256, doc_hash, created_at, "
    "question, hint, options, metadata FROM samples");

Sample readSample(const QSqlQuery& query)
{
    Sample sample;
    sample.id = query.value(0).toLongLong();
    sample.datasetId = query.value(1).toLongLong();
    sample.externalId = query.value(2).toString();
    sample.sourceIndex = query.value(3).toLongLong();
    sample.category = query.value(4).toString();
    sample.goldAnswer = query.value(5).toString();
    sample.imageHash = query.value(6).toString();
    sample.docHash = query.value(7).toString();
    sample.createdAt = sql::timeFrom(query.value(8));
    sample.question = query.value(9).toString();
    sample.hint = query.value(10).toString();
    sample.options = sql::listFrom(query.value(11));
    sample.metadata = sql::jsonFrom(query.value(12));
    return sample;
}

// The text the browser's free-text filter searches, case-folded so that instr() finds any casing of a word in
// any script (SQLite's own LIKE folds ASCII only).
QString searchText(const Sample& sample)
{
    QString text = sample.question;
    for (const QString& option : sample.options)
        text += u'\n' + option;
    return text.toCaseFolded();
}

void validate(const Sample& sample)
{
    if (sample.externalId.isEmpty())
        throw WorkspaceError(Reason::InvalidInput, QStringLiteral("a sample needs an external id"));
    if (!sample.goldAnswer.isEmpty()) {
        bool known = false;
        for (int i = 0; i < sample.options.size() && !known; ++i)
            known = optionLetter(i) == sample.goldAnswer;
        if (!known)
            throw WorkspaceError(Reason::InvalidInput,
                QStringLiteral("sample \"%1\": gold answer \"%2\" names none of its %3 options")
                    .arg(sample.externalId, sample.goldAnswer)
                    .arg(sample.options.size()));
    }
}

QString sortExpression(SampleColumn column)
{
    switch (column) {
    case SampleColumn::Id:
        return QStringLiteral("s.id");
    case SampleColumn::Dataset:
        return QStringLiteral("d.name");
    case SampleColumn::ExternalId:
        return QStringLiteral("s.external_id");
    case SampleColumn::Category:
        return QStringLiteral("s.category");
    case SampleColumn::Question:
        return QStringLiteral("s.question");
    case SampleColumn::OptionCount:
        return QStringLiteral("s.option_count");
    case SampleColumn::Gold:
        return QStringLiteral("s.gold_answer");
    case SampleColumn::ConditionCount:
        return QStringLiteral("s.condition_count");
    case SampleColumn::RunCount:
        return QStringLiteral("s.run_count");
    }
    return QStringLiteral("s.id");
}

// WHERE clause of the browser's filters, with its values in bind order.
QString filterClause(const SampleQuery& query, QVariantList& values)
{
    QStringList conditions;
    if (query.datasetId) {
        conditions.append(QStringLiteral("s.dataset_id = ?"));
        values.append(*query.datasetId);
    }
    if (!query.category.isEmpty()) {
        conditions.append(QStringLiteral("s.category = ?"));
        values.append(query.category);
    }
    if (!query.text.isEmpty()) {
        conditions.append(QStringLiteral("instr(s.search_text, ?) > 0"));
        values.append(query.text.toCaseFolded());
    }
    return conditions.isEmpty() ? QString() : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
}

} // namespace

SampleRepository::SampleRepository(Workspace& workspace)
    : m_workspace(workspace)
{
}

SampleRepository::~SampleRepository() = default;

qint64 SampleRepository::insert(const Sample& sample)
{
    validate(sample);
    if (!m_insert) {
        m_insert = std::make_unique<QSqlQuery>(sql::prepare(m_workspace.database(),
            QStringLiteral("INSERT INTO samples (dataset_id, external_id, source_index, category, gold_answer, "
                           "option_count, image_sha256, doc_hash, created_at, question, hint, options, metadata, "
                           "search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")));
    }
    QSqlQuery& query = *m_insert;
    query.bindValue(0, sample.datasetId);
    query.bindValue(1, sample.externalId);
    query.bindValue(2, sample.sourceIndex);
    query.bindValue(3, sql::textValue(sample.category));
    query.bindValue(4, sql::textValue(sample.goldAnswer));
    query.bindValue(5, sample.options.size());
    query.bindValue(6, sql::nullableText(sample.imageHash));
    query.bindValue(7, sql::nullableText(sample.docHash));
    query.bindValue(8, sql::timeValue(sample.createdAt.isValid() ? sample.createdAt : sql::nowUtc()));
    query.bindValue(9, sql::textValue(sample.question));
    query.bindValue(10, sql::nullableText(sample.hint));
    query.bindValue(11, sql::listValue(sample.options));
    query.bindValue(12, sql::jsonValue(sample.metadata));
    query.bindValue(13, sql::textValue(searchText(sample)));
    if (!query.exec())
        throw sql::toError(query.lastError(), QStringLiteral("cannot insert sample \"%1\"").arg(sample.externalId));
    const qint64 id = query.lastInsertId().toLongLong();
    query.finish();
    return id;
}

std::optional<Sample> SampleRepository::get(qint64 id) const
{
    const QList<Sample> found = select(QStringLiteral("WHERE id = ?"), { id });
    return found.isEmpty() ? std::nullopt : std::optional<Sample>(found.first());
}

std::optional<Sample> SampleRepository::findByExternalId(qint64 datasetId, const QString& externalId) const
{
    const QList<Sample> found
        = select(QStringLiteral("WHERE dataset_id = ? AND external_id = ?"), { datasetId, externalId });
    return found.isEmpty() ? std::nullopt : std::optional<Sample>(found.first());
}

QList<Sample> SampleRepository::listForDataset(qint64 datasetId) const
{
    return select(QStringLiteral("WHERE dataset_id = ? ORDER BY id"), { datasetId });
}

void SampleRepository::remove(qint64 id)
{
    QSqlQuery query = sql::prepare(m_workspace.database(), QStringLiteral("DELETE FROM samples WHERE id = ?"));
    query.addBindValue(id);
    sql::exec(query, QStringLiteral("cannot delete sample %1").arg(id));
}

QList<SampleRow> SampleRepository::page(const SampleQuery& sampleQuery) const
{
    if (sampleQuery.limit <= 0)
        return {};
    // Deferred join: the inner query finds the page's ids from the indexes alone (a covering index scan for every
    // sort column, see schema.cpp), so skipping `offset` rows never reads a sample row; the outer query then
    // reads just the rows shown.
    QVariantList values;
    const QString direction = sampleQuery.ascending ? QStringLiteral(" ASC") : QStringLiteral(" DESC");
    QString order = sortExpression(sampleQuery.sortColumn) + direction;
    if (sampleQuery.sortColumn != SampleColumn::Id)
        order += QStringLiteral(", s.id") + direction;
    QString inner = QStringLiteral("SELECT s.id AS page_id FROM samples s");
    if (sampleQuery.sortColumn == SampleColumn::Dataset)
        inner += QStringLiteral(" JOIN datasets d ON d.id = s.dataset_id");
    inner += filterClause(sampleQuery, values) + QStringLiteral(" ORDER BY ") + order
        + QStringLiteral(" LIMIT ? OFFSET ?");
    values.append(sampleQuery.limit);
    values.append(std::max<qint64>(0, sampleQuery.offset));
    const QString sqlText = QStringLiteral("SELECT s.id, d.name, s.external_id, s.category, s.question, "
                                           "s.option_count, s.gold_answer, s.condition_count, s.run_count FROM (")
        + inner
        + QStringLiteral(") AS page JOIN samples s ON s.id = page.page_id JOIN datasets d ON d.id = s.dataset_id "
                         "ORDER BY ")
        + order;

    QSqlQuery query = sql::prepare(m_workspace.database(), sqlText);
    for (const QVariant& value : values)
        query.addBindValue(value);
    const QString context = QStringLiteral("cannot read the sample list");
    sql::exec(query, context);
    QList<SampleRow> rows;
    rows.reserve(sampleQuery.limit);
    while (query.next()) {
        SampleRow row;
        row.id = query.value(0).toLongLong();
        row.datasetName = query.value(1).toString();
        row.externalId = query.value(2).toString();
        row.category = query.value(3).toString();
        row.question = query.value(4).toString();
        row.optionCount = query.value(5).toInt();
        row.goldAnswer = query.value(6).toString();
        row.conditionCount = query.value(7).toInt();
        row.runCount = query.value(8).toInt();
        rows.append(row);
    }
    sql::checkRead(query, context);
    return rows;
}

qint64 SampleRepository::count(const SampleQuery& sampleQuery) const
{
    QVariantList values;
    QSqlQuery query = sql::prepare(
        m_workspace.database(), QStringLiteral("SELECT count(*) FROM samples s") + filterClause(sampleQuery, values));
    for (const QVariant& value : values)
        query.addBindValue(value);
    const QString context = QStringLiteral("cannot count samples");
    sql::exec(query, context);
    if (!query.next())
        throw sql::toError(query.lastError(), context);
    return query.value(0).toLongLong();
}

QStringList SampleRepository::categories(std::optional<qint64> datasetId) const
{
    QSqlQuery query = sql::prepare(m_workspace.database(),
        datasetId ? QStringLiteral("SELECT DISTINCT category FROM samples WHERE dataset_id = ? AND category <> '' "
                                   "ORDER BY category")
                  : QStringLiteral("SELECT DISTINCT category FROM samples WHERE category <> '' ORDER BY category"));
    if (datasetId)
        query.addBindValue(*datasetId);
    const QString context = QStringLiteral("cannot read categories");
    sql::exec(query, context);
    QStringList categories;
    while (query.next())
        categories.append(query.value(0).toString());
    sql::checkRead(query, context);
    return categories;
}

QList<Sample> SampleRepository::select(const QString& where, const QVariantList& values) const
{
    QSqlQuery query = sql::prepare(m_workspace.database(), QStringLiteral("SELECT ") + kColumns + u' ' + where);
    for (const QVariant& value : values)
        query.addBindValue(value);
    const QString context = QStringLiteral("cannot read samples");
    sql::exec(query, context);
    QList<Sample> samples;
    while (query.next())
        samples.append(readSample(query));
    sql::checkRead(query, context);
    return samples;
}

} // namespace vlmprobe
