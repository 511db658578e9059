// VerdictBar: shows the stored rule and LLM verdicts of a run, and the C / I / N keys store a human judgment
// (rater = the OS user) in a real workspace, a second key press replacing the first.

#include "verdict_bar.h"
#include "workspace/judgment_repository.h"
#include "workspace_fixture.h"

#include <QAction>
#include <QSignalSpy>
#include <QTest>

using namespace vlmprobe;

class TestVerdictBar : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qputenv("USER", "ada"); }
    void showsAndStoresVerdicts();
    void withoutRunKeysDoNothing();
};

void TestVerdictBar::showsAndStoresVerdicts()
{
    test::WorkspaceFixture fixture;
    Workspace& workspace = fixture.workspace();
    const qint64 sample = fixture.addSample(fixture.addDataset(QStringLiteral("d")), QStringLiteral("s1"));
    const qint64 runId = fixture.addRun(fixture.addCondition(sample), fixture.addModel(QStringLiteral("m")));
    Judgment rule;
    rule.runId = runId;
    rule.judgeKind = JudgeKind::Rule;
    rule.rater = QStringLiteral("rule-v1");
    rule.verdict = Verdict::Inconsistent;
    rule.concludedOption = QStringLiteral("B");
    workspace.judgments().insert(rule);

    VerdictBar bar;
    bar.setWorkspace(&workspace);
    bar.setRun(runId);
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    QCOMPARE(bar.ruleText(), QStringLiteral("Rule: inconsistent (B)"));
    QCOMPARE(bar.llmText(), QStringLiteral("LLM: \u2014"));
    QCOMPARE(bar.humanText(), QStringLiteral("Human: \u2014"));

    QSignalSpy stored(&bar, &VerdictBar::judgmentStored);
    QTest::keyClick(&bar, Qt::Key_C);
    QCOMPARE(stored.size(), 1);
    QList<Judgment> judgments = workspace.judgments().listForRun(runId);
    QCOMPARE(judgments.size(), 2);
    QCOMPARE(judgments[1].judgeKind, JudgeKind::Human);
    QCOMPARE(judgments[1].rater, QStringLiteral("ada"));
    QCOMPARE(judgments[1].verdict, Verdict::Consistent);
    QCOMPARE(bar.humanText(), QStringLiteral("ada: consistent"));

    // A correction replaces the rater's earlier verdict.
    QTest::keyClick(&bar, Qt::Key_N);
    judgments = workspace.judgments().listForRun(runId);
    QCOMPARE(judgments.size(), 2);
    QCOMPARE(judgments[0].judgeKind, JudgeKind::Rule);
    QCOMPARE(judgments[1].verdict, Verdict::NoConclusion);
    QCOMPARE(bar.humanText(), QStringLiteral("ada: no conclusion"));
    QTest::keyClick(&bar, Qt::Key_I);
    QCOMPARE(workspace.judgments().listForRun(runId).last().verdict, Verdict::Inconsistent);
    QCOMPARE(stored.size(), 3);
}

void TestVerdictBar::withoutRunKeysDoNothing()
{
    test::WorkspaceFixture fixture;
    VerdictBar bar;
    bar.setWorkspace(&fixture.workspace());
    QVERIFY(!bar.consistentAction()->isEnabled());
    QCOMPARE(bar.setHumanVerdict(Verdict::Consistent), qint64 { 0 });
    QCOMPARE(bar.ruleText(), QStringLiteral("Rule: \u2014"));
}

QTEST_MAIN(TestVerdictBar)
#include "tst_verdict_bar.moc"
