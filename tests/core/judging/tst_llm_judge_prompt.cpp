// The LLM judge prompt: placeholders filled in one pass, and tolerant parsing of judge replies.

#include "judging/llm_judge_prompt.h"

#include <QTest>

using namespace vlmprobe;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(vlmprobe::Verdict)

class TestLlmJudgePrompt : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultTemplateHasEveryPlaceholder();
    void fillRendersOptionsAndAnswer();
    void fillIsOnePass();
    void parse_data();
    void parse();
};

void TestLlmJudgePrompt::defaultTemplateHasEveryPlaceholder()
{
    const QString templ = defaultLlmJudgePrompt();
    for (const QString& name : { u"{question}"_s, u"{options}"_s, u"{think}"_s, u"{answer}"_s })
        QVERIFY2(templ.count(name) == 1, qPrintable(name));
    QVERIFY(templ.contains(u"VERDICT: consistent|inconsistent|no-conclusion; CONCLUDED: <letter|none>"_s));
}

void TestLlmJudgePrompt::fillRendersOptionsAndAnswer()
{
    const QString filled = fillLlmJudgePrompt(u"Q={question}\n{options}\nT={think}\nA={answer} {unknown}"_s,
        u"Where is the cat?"_s, { u"left"_s, u"right"_s, u"under the table"_s }, u"It sits left."_s, u"A"_s);
    QCOMPARE(filled, u"Q=Where is the cat?\nA. left\nB. right\nC. under the table\nT=It sits left.\nA=A {unknown}"_s);
    QCOMPARE(fillLlmJudgePrompt(u"[{answer}]"_s, QString(), {}, QString(), QString()), u"[none]"_s);
}

void TestLlmJudgePrompt::fillIsOnePass()
{
    // A question that quotes a placeholder keeps it: the think is not pasted into the question.
    const QString filled
        = fillLlmJudgePrompt(u"{question}|{think}"_s, u"What does {think} mean?"_s, {}, u"T"_s, u"B"_s);
    QCOMPARE(filled, u"What does {think} mean?|T"_s);
}

void TestLlmJudgePrompt::parse_data()
{
    QTest::addColumn<QString>("output");
    QTest::addColumn<Verdict>("verdict");
    QTest::addColumn<QString>("concluded");
    QTest::addColumn<QString>("evidence");

    const auto row = [](const char* name) -> QTestData& { return QTest::newRow(name); };
    row("canonical") << u"The reasoning settles on B.\nVERDICT: consistent; CONCLUDED: B"_s << Verdict::Consistent
                     << u"B"_s << u"VERDICT: consistent; CONCLUDED: B"_s;
    row("lowercase markdown") << u"**Verdict:** inconsistent; **Concluded:** (c)"_s << Verdict::Inconsistent << u"C"_s
                              << u"**Verdict:** inconsistent; **Concluded:** (c)"_s;
    row("no conclusion spaced") << u"VERDICT = no conclusion; CONCLUDED = none"_s << Verdict::NoConclusion << QString()
                                << u"VERDICT = no conclusion; CONCLUDED = none"_s;
    row("separate lines") << u"VERDICT: inconsistent\nCONCLUDED: A"_s << Verdict::Inconsistent << u"A"_s
                          << u"VERDICT: inconsistent"_s;
    row("last verdict wins") << u"VERDICT: consistent; CONCLUDED: A\nOn reflection:\nVERDICT: inconsistent; "
                                "CONCLUDED: D"_s
                             << Verdict::Inconsistent << u"D"_s << u"VERDICT: inconsistent; CONCLUDED: D"_s;
    row("think rehearsal ignored") << u"<think>I'd write VERDICT: consistent</think>VERDICT: no-conclusion; "
                                      "CONCLUDED: none"_s
                                   << Verdict::NoConclusion << QString()
                                   << u"VERDICT: no-conclusion; CONCLUDED: none"_s;
    row("letter beyond options") << u"VERDICT: inconsistent; CONCLUDED: F"_s << Verdict::Inconsistent << QString()
                                 << u"VERDICT: inconsistent; CONCLUDED: F"_s;
    row("unparseable") << u"The reasoning is fine."_s << Verdict::NoConclusion << QString() << u"unparseable"_s;
    row("empty") << QString() << Verdict::NoConclusion << QString() << u"unparseable"_s;
}

void TestLlmJudgePrompt::parse()
{
    QFETCH(QString, output);
    QFETCH(Verdict, verdict);
    QFETCH(QString, concluded);
    QFETCH(QString, evidence);
    const JudgeOutcome outcome = parseLlmJudgeOutput(output, 4);
    QCOMPARE(outcome.verdict, verdict);
    QCOMPARE(outcome.concludedOption, concluded);
    QCOMPARE(outcome.evidence, evidence);
}

QTEST_GUILESS_MAIN(TestLlmJudgePrompt)
#include "tst_llm_judge_prompt.moc"
