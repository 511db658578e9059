// loadRunOutcomes on a real workspace filled through the repositories: latest done run per model x condition,
// joins, the verdict precedence human > llm > rule (newest within a kind), format failures and the normalised
// entropy.

#include "workspace_fixture.h"

#include "workspace/judgment_repository.h"
#include "workspace/model_repository.h"
#include "workspace/run_outcome_query.h"
#include "workspace/run_repository.h"

#include <QTest>

using namespace vlmprobe;
using namespace vlmprobe::test;
using namespace Qt::StringLiterals;

class TestRunOutcomeQuery : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void latestDoneRunsWithVerdicts();
    void emptyWorkspace();
};

namespace {

qint64 addResult(Workspace& ws, qint64 conditionId, qint64 modelId, RunStatus status, const QString& option,
    std::optional<bool> correct)
{
    Run run;
    run.conditionId = conditionId;
    run.modelId = modelId;
    run.status = status;
    run.parsedOption = option;
    run.correct = correct;
    return ws.runs().insert(run);
}

void judge(Workspace& ws, qint64 runId, JudgeKind kind, Verdict verdict, const QDateTime& at)
{
    Judgment judgment;
    judgment.runId = runId;
    judgment.judgeKind = kind;
    judgment.rater = judgeKindName(kind);
    judgment.verdict = verdict;
    judgment.createdAt = at;
    ws.judgments().insert(judgment);
}

QDateTime at(int hour)
{
    return QDateTime(QDate(2025, 1, 1), QTime(hour, 0), Qt::UTC);
}

} // namespace

void TestRunOutcomeQuery::latestDoneRunsWithVerdicts()
{
    WorkspaceFixture fixture;
    Workspace& ws = fixture.workspace();
    const qint64 d1 = fixture.addDataset(u"spatial"_s);
    const qint64 s1 = fixture.addSample(d1, u"s1"_s, 4);
    const qint64 base = fixture.addCondition(s1, ConditionKind::Base);
    const qint64 caption = fixture.addCondition(s1, ConditionKind::WrongCaption, base);
    const qint64 m1 = fixture.addModel(u"m1"_s);
    ModelEntry stepModel;
    stepModel.name = u"m2"_s;
    stepModel.seriesName = u"grpo"_s;
    stepModel.trainingStep = 500;
    const qint64 m2 = ws.models().insert(stepModel);

    // m1 x base: an earlier done run, the latest done run, then a failed and a queued one (both ignored).
    const qint64 early = addResult(ws, base, m1, RunStatus::Done, u"A"_s, true);
    const qint64 latest = addResult(ws, base, m1, RunStatus::Done, u"B"_s, false);
    addResult(ws, base, m1, RunStatus::Failed, QString(), std::nullopt);
    addResult(ws, base, m1, RunStatus::Queued, QString(), std::nullopt);
    judge(ws, early, JudgeKind::Human, Verdict::Consistent, at(1)); // on the superseded run: not used
    judge(ws, latest, JudgeKind::Rule, Verdict::Consistent, at(9));
    judge(ws, latest, JudgeKind::Llm, Verdict::Inconsistent, at(3)); // newest LLM judgment
    judge(ws, latest, JudgeKind::Llm, Verdict::NoConclusion, at(2));

    // m1 x wrong-caption: a format failure, never scored; the human verdict overrides the rule one.
    const qint64 failed = addResult(ws, caption, m1, RunStatus::Done, QString(), std::nullopt);
    judge(ws, failed, JudgeKind::Human, Verdict::NoConclusion, at(1));
    judge(ws, failed, JudgeKind::Rule, Verdict::Consistent, at(2));

    // m2 x base: correct, unjudged, with letter probabilities over the 4 options.
    Run scored;
    scored.conditionId = base;
    scored.modelId = m2;
    scored.status = RunStatus::Done;
    scored.parsedOption = u"A"_s;
    scored.correct = true;
    scored.entropy = 0.6931471805599453; // ln 2: half the mass on each of two letters
    scored.pCorrect = 0.5;
    scored.letterMass = 0.98;
    scored.optionDistribution = { { u"A"_s, 0.5 }, { u"B"_s, 0.5 }, { u"C"_s, 0.0 }, { u"D"_s, 0.0 } };
    ws.runs().insert(scored);

    const QList<RunOutcome> outcomes = loadRunOutcomes(ws);
    QCOMPARE(outcomes.size(), 3);

    const RunOutcome& first = outcomes[0]; // ordered by run id: m1 x base (latest)
    QCOMPARE(first.sampleId, s1);
    QCOMPARE(first.modelId, m1);
    QCOMPARE(first.modelName, u"m1"_s);
    QVERIFY(first.seriesName.isEmpty());
    QVERIFY(!first.trainingStep.has_value());
    QCOMPARE(first.condition, u"base"_s);
    QCOMPARE(first.datasetId, d1);
    QCOMPARE(first.datasetName, u"spatial"_s);
    QCOMPARE(first.correct, false);
    QCOMPARE(first.formatFailure, false);
    QCOMPARE(first.verdict, std::optional<Verdict>(Verdict::Inconsistent)); // llm beats rule; newest llm
    QVERIFY(!first.entropy.has_value());
    QVERIFY(!first.normalizedEntropy.has_value());

    const RunOutcome& second = outcomes[1];
    QCOMPARE(second.condition, u"wrong-caption"_s);
    QCOMPARE(second.correct, false);
    QCOMPARE(second.formatFailure, true);
    QCOMPARE(second.verdict, std::optional<Verdict>(Verdict::NoConclusion)); // human beats a newer rule verdict

    const RunOutcome& third = outcomes[2];
    QCOMPARE(third.modelName, u"m2"_s);
    QCOMPARE(third.seriesName, u"grpo"_s);
    QCOMPARE(third.trainingStep, std::optional<qint64>(500));
    QCOMPARE(third.correct, true);
    QVERIFY(!third.verdict.has_value());
    QCOMPARE(*third.entropy, 0.6931471805599453);
    QCOMPARE(*third.normalizedEntropy, 0.5); // ln 2 / ln 4
    QCOMPARE(*third.pCorrect, 0.5);
    QCOMPARE(*third.letterMass, 0.98);
}

void TestRunOutcomeQuery::emptyWorkspace()
{
    WorkspaceFixture fixture;
    QVERIFY(loadRunOutcomes(fixture.workspace()).isEmpty());
}

QTEST_GUILESS_MAIN(TestRunOutcomeQuery)
#include "tst_run_outcome_query.moc"
