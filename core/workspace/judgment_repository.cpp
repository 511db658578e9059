#include "judgment_repository.h"

#include "sql_support.h"
#include "workspace.h"

namespace vlmprobe {

JudgmentRepository::JudgmentRepository(Workspace& workspace)
    : m_workspace(workspace)
{
}

qint64 JudgmentRepository::insert(const Judgment& judgment)
{
    QSqlQuery query = sql::prepare(m_workspace.database(),
        QStringLiteral("INSERT INTO judgments (run_id, judge_kind, rater, verdict, concluded_option, created_at, "
                       "parameters, prompt, raw_output) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(judgment.runId);
    query.addBindValue(judgeKindName(judgment.judgeKind));
    query.addBindValue(sql::textValue(judgment.rater));
    query.addBindValue(verdictName(judgment.verdict));
    query.addBindValue(sql::nullableText(judgment.concludedOption));
    query.addBindValue(sql::timeValue(judgment.createdAt.isValid() ? judgment.createdAt : sql::nowUtc()));
    query.addBindValue(sql::jsonValue(judgment.parameters));
    query.addBindValue(sql::nullableText(judgment.prompt));
    query.addBindValue(sql::nullableText(judgment.rawOutput));
    sql::exec(query, QStringLiteral("cannot insert a judgment of run %1").arg(judgment.runId));
    return query.lastInsertId().toLongLong();
}

std::optional<Judgment> JudgmentRepository::get(qint64 id) const
{
    const QList<Judgment> found = select(QStringLiteral("WHERE id = ?"), id);
    return found.isEmpty() ? std::nullopt : std::optional<Judgment>(found.first());
}

QList<Judgment> JudgmentRepository::listForRun(qint64 runId) const
{
    return select(QStringLiteral("WHERE run_id = ? ORDER BY id"), runId);
}

void JudgmentRepository::remove(qint64 id)
{
    QSqlQuery query = sql::prepare(m_workspace.database(), QStringLiteral("DELETE FROM judgments WHERE id = ?"));
    query.addBindValue(id);
    sql::exec(query, QStringLiteral("cannot delete judgment %1").arg(id));
}

QList<Judgment> JudgmentRepository::select(const QString& where, qint64 value) const
{
    QSqlQuery query = sql::prepare(m_workspace.database(),
        QStringLiteral("SELECT id, run_id, judge_kind, rater, verdict, concluded_option, created_at, parameters, "
                       "prompt, raw_output FROM judgments ")
            + where);
    query.addBindValue(value);
    const QString context = QStringLiteral("cannot read judgments");
    sql::exec(query, context);
    QList<Judgment> judgments;
    while (query.next()) {
        Judgment judgment;
        judgment.id = query.value(0).toLongLong();
        judgment.runId = query.value(1).toLongLong();
        const QString kindName = query.value(2).toString();
        const std::optional<JudgeKind> kind = judgeKindFromName(kindName);
        if (!kind)
            sql::throwUnknownName(QStringLiteral("judge kind"), kindName);
        judgment.judgeKind = *kind;
        judgment.rater = query.value(3).toString();
        const QString verdictText = query.value(4).toString();
        const std::optional<Verdict> verdict = verdictFromName(verdictText);
        if (!verdict)
            sql::throwUnknownName(QStringLiteral("verdict"), verdictText);
        judgment.verdict = *verdict;
        judgment.concludedOption = query.value(5).toString();
        judgment.createdAt = sql::timeFrom(query.value(6));
        judgment.parameters = sql::jsonFrom(query.value(7));
        judgment.prompt = query.value(8).toString();
        judgment.rawOutput = query.value(9).toString();
        judgments.append(judgment);
    }
    sql::checkRead(query, context);
    return judgments;
}

} // namespace vlmprobe
