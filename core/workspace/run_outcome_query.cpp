#include "run_outcome_query.h"

#include "sql_support.h"
#include "workspace.h"

#include <QAtomicInteger>
#include <QSqlDatabase>

#include <cmath>

namespace vlmprobe {

namespace {

// A read-only connection to the workspace file, removed when it goes out of scope.
class ReadConnection {
public:
    explicit ReadConnection(const QString& path)
        : m_name(QStringLiteral("vlmprobe-run-outcomes-%1").arg(s_counter.fetchAndAddRelaxed(1)))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(
            QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1;QSQLITE_OPEN_READONLY").arg(Workspace::kDefaultBusyTimeoutMs));
        if (!db.open()) {
            const WorkspaceError error = sql::toError(db.lastError(), QStringLiteral("cannot read run outcomes"));
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(m_name);
            throw error;
        }
    }
    ~ReadConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    ReadConnection(const ReadConnection&) = delete;
    ReadConnection& operator=(const ReadConnection&) = delete;

    QSqlDatabase database() const { return QSqlDatabase::database(m_name, false); }

private:
    static inline QAtomicInteger<quint64> s_counter { 0 };
    QString m_name;
};

const QString kQuery = QStringLiteral(R"sql(
WITH latest AS (
    SELECT MAX(id) AS id FROM runs WHERE status = 'done' GROUP BY condition_id, model_id
),
ranked AS (
    SELECT run_id, verdict, ROW_NUMBER() OVER (PARTITION BY run_id ORDER BY
        CASE judge_kind WHEN 'human' THEN 0 WHEN 'llm' THEN 1 ELSE 2 END, created_at DESC, id DESC) AS judgment_rank
    FROM judgments WHERE run_id IN (SELECT id FROM latest)
)
SELECT c.sample_id, r.model_id, m.name, m.series_name, m.training_step, c.kind, s.dataset_id, d.name,
    r.correct, r.parsed_option, j.verdict, r.entropy, r.p_correct, r.letter_mass,
    r.option_distribution, c.options, s.option_count
FROM latest l
JOIN runs r ON r.id = l.id
JOIN conditions c ON c.id = r.condition_id
JOIN samples s ON s.id = c.sample_id
JOIN datasets d ON d.id = s.dataset_id
JOIN models m ON m.id = r.model_id
LEFT JOIN ranked j ON j.run_id = r.id AND j.judgment_rank = 1
ORDER BY r.id)sql");

} // namespace

QList<RunOutcome> loadRunOutcomes(Workspace& ws)
{
    const ReadConnection connection(ws.path());
    const QString context = QStringLiteral("cannot read run outcomes");
    QSqlQuery query = sql::prepare(connection.database(), kQuery);
    sql::exec(query, context);
    QList<RunOutcome> outcomes;
    while (query.next()) {
        RunOutcome o;
        o.sampleId = query.value(0).toLongLong();
        o.modelId = query.value(1).toLongLong();
        o.modelName = query.value(2).toString();
        o.seriesName = query.value(3).toString();
        o.trainingStep = sql::optionalInt(query.value(4));
        const QString kindName = query.value(5).toString();
        const std::optional<ConditionKind> kind = conditionKindFromName(kindName);
        if (!kind)
            sql::throwUnknownName(QStringLiteral("condition kind"), kindName);
        o.condition = conditionKindName(*kind);
        o.datasetId = query.value(6).toLongLong();
        o.datasetName = query.value(7).toString();
        o.correct = query.value(8).toInt() == 1;
        o.formatFailure = query.value(9).toString().isEmpty();
        if (!query.value(10).isNull()) {
            const QString verdictText = query.value(10).toString();
            const std::optional<Verdict> verdict = verdictFromName(verdictText);
            if (!verdict)
                sql::throwUnknownName(QStringLiteral("verdict"), verdictText);
            o.verdict = *verdict;
        }
        o.entropy = sql::optionalDouble(query.value(11));
        o.pCorrect = sql::optionalDouble(query.value(12));
        o.letterMass = sql::optionalDouble(query.value(13));

        qsizetype letters = sql::jsonFrom(query.value(14)).size();
        if (letters == 0)
            letters = sql::listFrom(query.value(15)).size();
        if (letters == 0)
            letters = query.value(16).toLongLong();
        if (o.entropy && letters >= 2)
            o.normalizedEntropy = *o.entropy / std::log(static_cast<double>(letters));
        outcomes.append(o);
    }
    sql::checkRead(query, context);
    return outcomes;
}

} // namespace vlmprobe
