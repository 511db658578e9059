#include "run_repository.h"

#include "sql_support.h"
#include "transaction.h"
#include "workspace.h"

namespace vlmprobe {

namespace {

// Result columns, in the bind order shared by insert and updateResult.
const QStringList kResultColumns {
    QStringLiteral("status"),
    QStringLiteral("parsed_option"),
    QStringLiteral("correct"),
    QStringLiteral("entropy"),
    QStringLiteral("p_correct"),
    QStringLiteral("letter_mass"),
    QStringLiteral("prompt_tokens"),
    QStringLiteral("completion_tokens"),
    QStringLiteral("seed"),
    QStringLiteral("prefill_mechanism"),
    QStringLiteral("determining_hash"),
    QStringLiteral("hash_key"),
    QStringLiteral("engine_version"),
    QStringLiteral("finished_at"),
    QStringLiteral("error"),
    QStringLiteral("option_distribution"),
    QStringLiteral("timings"),
    QStringLiteral("decode_parameters"),
    QStringLiteral("metadata"),
    QStringLiteral("prefill"),
    QStringLiteral("think_text"),
    QStringLiteral("answer_text"),
    QStringLiteral("completion"),
    QStringLiteral("rendered_prompt"),
    QStringLiteral("token_logprobs"),
};

// A stable 64-bit FNV-1a of the hash's UTF-8 bytes, indexed in place of the text (see schema.cpp); NULL for none.
QVariant hashKey(const QString& determiningHash)
{
    if (determiningHash.isEmpty())
        return QVariant();
    quint64 hash = 14695981039346656037ULL;
    for (const char byte : determiningHash.toUtf8()) {
        hash ^= static_cast<unsigned char>(byte);
        hash *= 1099511628211ULL;
    }
    return static_cast<qint64>(hash);
}

// Binds the result fields at positions first .. first + kResultColumns.size() - 1.
void bindResult(QSqlQuery& query, int first, const Run& run)
{
    int i = first;
    query.bindValue(i++, runStatusName(run.status));
    query.bindValue(i++, sql::nullableText(run.parsedOption));
    query.bindValue(i++, run.correct ? QVariant(int(*run.correct)) : QVariant());
    query.bindValue(i++, sql::optionalValue(run.entropy));
    query.bindValue(i++, sql::optionalValue(run.pCorrect));
    query.bindValue(i++, sql::optionalValue(run.letterMass));
    query.bindValue(i++, sql::optionalValue(run.promptTokens));
    query.bindValue(i++, sql::optionalValue(run.completionTokens));
    query.bindValue(i++, sql::optionalValue(run.seed));
    query.bindValue(i++, prefillMechanismName(run.prefillMechanism));
    query.bindValue(i++, sql::nullableText(run.determiningHash));
    query.bindValue(i++, hashKey(run.determiningHash));
    query.bindValue(i++, sql::nullableText(run.engineVersion));
    query.bindValue(i++, sql::timeValue(run.finishedAt));
    query.bindValue(i++, sql::nullableText(run.error));
    query.bindValue(i++, sql::jsonValue(run.optionDistribution));
    query.bindValue(i++, sql::jsonValue(run.timings));
    query.bindValue(i++, sql::jsonValue(run.decodeParameters));
    query.bindValue(i++, sql::jsonValue(run.metadata));
    query.bindValue(i++, sql::nullableText(run.prefill));
    query.bindValue(i++, sql::nullableText(run.thinkText));
    query.bindValue(i++, sql::nullableText(run.answerText));
    query.bindValue(i++, sql::nullableText(run.completion));
    query.bindValue(i++, sql::nullableText(run.renderedPrompt));
    query.bindValue(i++, sql::jsonValue(run.tokenLogprobs));
}

Run readRun(const QSqlQuery& query)
{
    Run run;
    run.id = query.value(0).toLongLong();
    run.conditionId = query.value(1).toLongLong();
    run.modelId = query.value(2).toLongLong();
    run.createdAt = sql::timeFrom(query.value(3));
    int i = 4;
    const QString statusName = query.value(i++).toString();
    const std::optional<RunStatus> status = runStatusFromName(statusName);
    if (!status)
        sql::throwUnknownName(QStringLiteral("run status"), statusName);
    run.status = *status;
    run.parsedOption = query.value(i++).toString();
    const QVariant correct = query.value(i++);
    if (!correct.isNull())
        run.correct = correct.toInt() != 0;
    run.entropy = sql::optionalDouble(query.value(i++));
    run.pCorrect = sql::optionalDouble(query.value(i++));
    run.letterMass = sql::optionalDouble(query.value(i++));
    run.promptTokens = sql::optionalInt(query.value(i++));
    run.completionTokens = sql::optionalInt(query.value(i++));
    run.seed = sql::optionalInt(query.value(i++));
    const QString mechanismName = query.value(i++).toString();
    const std::optional<PrefillMechanism> mechanism = prefillMechanismFromName(mechanismName);
    if (!mechanism)
        sql::throwUnknownName(QStringLiteral("prefill mechanism"), mechanismName);
    run.prefillMechanism = *mechanism;
    run.determiningHash = query.value(i++).toString();
    ++i; // hash_key
    run.engineVersion = query.value(i++).toString();
    run.finishedAt = sql::timeFrom(query.value(i++));
    run.error = query.value(i++).toString();
    run.optionDistribution = sql::jsonFrom(query.value(i++));
    run.timings = sql::jsonFrom(query.value(i++));
    run.decodeParameters = sql::jsonFrom(query.value(i++));
    run.metadata = sql::jsonFrom(query.value(i++));
    run.prefill = query.value(i++).toString();
    run.thinkText = query.value(i++).toString();
    run.answerText = query.value(i++).toString();
    run.completion = query.value(i++).toString();
    run.renderedPrompt = query.value(i++).toString();
    run.tokenLogprobs = sql::jsonFrom(query.value(i++));
    return run;
}

bool isTerminal(RunStatus status)
{
    return status == RunStatus::Done || status == RunStatus::Failed || status == RunStatus::Cancelled;
}

} // namespace

RunRepository::RunRepository(Workspace& workspace)
    : m_workspace(workspace)
{
}

RunRepository::~RunRepository() = default;

qint64 RunRepository::insert(const Run& run)
{
    // Outside a transaction the run and its count are written together; inside one, the count waits for COMMIT.
    std::optional<Transaction> own;
    if (!m_workspace.inTransaction())
        own.emplace(m_workspace);
    if (!m_insert) {
        QStringList placeholders;
        for (qsizetype i = 0; i < kResultColumns.size() + 3; ++i)
            placeholders.append(QStringLiteral("?"));
        m_insert = std::make_unique<QSqlQuery>(sql::prepare(m_workspace.database(),
            QStringLiteral("INSERT INTO runs (condition_id, model_id, created_at, ")
                + kResultColumns.join(QStringLiteral(", ")) + QStringLiteral(") VALUES (")
                + placeholders.join(QStringLiteral(", ")) + u')'));
    }
    QSqlQuery& query = *m_insert;
    query.bindValue(0, run.conditionId);
    query.bindValue(1, run.modelId);
    query.bindValue(2, sql::timeValue(run.createdAt.isValid() ? run.createdAt : sql::nowUtc()));
    bindResult(query, 3, run);
    if (!query.exec())
        throw sql::toError(
            query.lastError(), QStringLiteral("cannot insert a run of condition %1").arg(run.conditionId));
    const qint64 id = query.lastInsertId().toLongLong();
    query.finish();
    m_workspace.countRun(run.conditionId);
    if (own)
        own->commit();
    return id;
}

void RunRepository::updateResult(const Run& run)
{
    QSqlQuery query = sql::prepare(m_workspace.database(),
        QStringLiteral("UPDATE runs SET ") + kResultColumns.join(QStringLiteral(" = ?, "))
            + QStringLiteral(" = ? WHERE id = ?"));
    bindResult(query, 0, run);
    query.bindValue(static_cast<int>(kResultColumns.size()), run.id);
    sql::exec(query, QStringLiteral("cannot update run %1").arg(run.id));
    if (query.numRowsAffected() != 1)
        throw WorkspaceError(
            WorkspaceError::Reason::InvalidInput, QStringLiteral("cannot update run: no run with id %1").arg(run.id));
}

void RunRepository::updateStatus(qint64 id, RunStatus status, const QString& error)
{
    QSqlQuery query = sql::prepare(
        m_workspace.database(), QStringLiteral("UPDATE runs SET status = ?, error = ?, finished_at = ? WHERE id = ?"));
    query.addBindValue(runStatusName(status));
    query.addBindValue(sql::nullableText(error));
    query.addBindValue(isTerminal(status) ? sql::timeValue(sql::nowUtc()) : QVariant());
    query.addBindValue(id);
    sql::exec(query, QStringLiteral("cannot update the status of run %1").arg(id));
    if (query.numRowsAffected() != 1)
        throw WorkspaceError(WorkspaceError::Reason::InvalidInput,
            QStringLiteral("cannot update run status: no run with id %1").arg(id));
}

std::optional<Run> RunRepository::get(qint64 id) const
{
    const QList<Run> found = select(QStringLiteral("WHERE id = ?"), id);
    return found.isEmpty() ? std::nullopt : std::optional<Run>(found.first());
}

QList<Run> RunRepository::listForCondition(qint64 conditionId) const
{
    return select(QStringLiteral("WHERE condition_id = ? ORDER BY id"), conditionId);
}

QList<Run> RunRepository::findByDeterminingHash(const QString& hash) const
{
    if (hash.isEmpty())
        return {};
    QList<Run> runs = select(QStringLiteral("WHERE hash_key = ? ORDER BY id DESC"), hashKey(hash));
    runs.removeIf([&](const Run& run) { return run.determiningHash != hash; }); // 64-bit key collisions
    return runs;
}

qint64 RunRepository::count() const
{
    return sql::scalar(
        m_workspace.database(), QStringLiteral("SELECT count(*) FROM runs"), QStringLiteral("cannot count runs"))
        .toLongLong();
}

void RunRepository::remove(qint64 id)
{
    QSqlQuery query = sql::prepare(m_workspace.database(), QStringLiteral("DELETE FROM runs WHERE id = ?"));
    query.addBindValue(id);
    sql::exec(query, QStringLiteral("cannot delete run %1").arg(id));
}

QList<Run> RunRepository::select(const QString& where, const QVariant& value) const
{
    QSqlQuery query = sql::prepare(m_workspace.database(),
        QStringLiteral("SELECT id, condition_id, model_id, created_at, ") + kResultColumns.join(QStringLiteral(", "))
            + QStringLiteral(" FROM runs ") + where);
    query.addBindValue(value);
    const QString context = QStringLiteral("cannot read runs");
    sql::exec(query, context);
    QList<Run> runs;
    while (query.next())
        runs.append(readRun(query));
    sql::checkRead(query, context);
    return runs;
}

} // namespace vlmprobe
