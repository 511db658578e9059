// JudgmentRepository: round trip of rule, LLM and human verdicts on one run; bad run reference.

#include "workspace_fixture.h"

#include "workspace/judgment_repository.h"
#include "workspace/workspace_error.h"

#include <QTest>

using namespace vlmprobe;
using namespace vlmprobe::test;

class TestJudgmentRepository : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTripPerRater();
    void unknownRunIsRejected();
};

void TestJudgmentRepository::roundTripPerRater()
{
    WorkspaceFixture fixture;
    const qint64 sampleId = fixture.addSample(fixture.addDataset(QStringLiteral("d")), QStringLiteral("s"));
    const qint64 runId = fixture.addRun(fixture.addCondition(sampleId), fixture.addModel(QStringLiteral("m")));

    Judgment rule;
    rule.runId = runId;
    rule.judgeKind = JudgeKind::Rule;
    rule.rater = QStringLiteral("rule-v1");
    rule.verdict = Verdict::NoConclusion;
    rule.parameters = { { QStringLiteral("strict"), true } };
    Judgment llm;
    llm.runId = runId;
    llm.judgeKind = JudgeKind::Llm;
    llm.rater = QStringLiteral("Qwen3-32B");
    llm.verdict = Verdict::Inconsistent;
    llm.concludedOption = QStringLiteral("C");
    llm.prompt = QStringLiteral("Question: ...\nThink: ...\nAnswer: B\nDoes the reasoning conclude the answer?");
    llm.rawOutput = QStringLiteral("The reasoning concludes C, but the answer is B. Verdict: inconsistent");
    llm.parameters = { { QStringLiteral("temperature"), 0 }, { QStringLiteral("seed"), 7 } };
    llm.createdAt = QDateTime(QDate(2025, 7, 7), QTime(7, 7, 7, 7), Qt::UTC);
    Judgment human;
    human.runId = runId;
    human.judgeKind = JudgeKind::Human;
    human.rater = QStringLiteral("Dana");
    human.verdict = Verdict::Consistent;
    human.concludedOption = QStringLiteral("B");

    QList<Judgment> written { rule, llm, human };
    for (Judgment& judgment : written)
        judgment.id = fixture.workspace().judgments().insert(judgment);
    fixture.reopen();
    const QList<Judgment> read = fixture.workspace().judgments().listForRun(runId);
    QCOMPARE(read.size(), 3);
    for (qsizetype i = 0; i < read.size(); ++i) {
        Judgment expected = written[i];
        if (!expected.createdAt.isValid())
            expected.createdAt = read[i].createdAt;
        QVERIFY2(read[i] == expected, qPrintable(QString::number(i)));
    }
    QVERIFY(fixture.workspace().judgments().get(written[1].id) == written[1]);
    fixture.workspace().judgments().remove(written[0].id);
    QCOMPARE(fixture.workspace().judgments().listForRun(runId).size(), 2);
}

void TestJudgmentRepository::unknownRunIsRejected()
{
    WorkspaceFixture fixture;
    Judgment judgment;
    judgment.runId = 31337;
    try {
        fixture.workspace().judgments().insert(judgment);
        QFAIL("accepted");
    } catch (const WorkspaceError& error) {
        QCOMPARE(error.reason(), WorkspaceError::Reason::InvalidInput);
    }
}

QTEST_GUILESS_MAIN(TestJudgmentRepository)
#include "tst_judgment_repository.moc"
