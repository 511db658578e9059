// ruleJudge: conclusion phrases, the last one winning, articles and negations that are not conclusions, the
// final-sentence option text, and the three verdicts.

#include "judging/rule_judge.h"

#include <QTest>

using namespace vlmprobe;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(vlmprobe::Verdict)

class TestRuleJudge : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void conclusions_data();
    void conclusions();
    void evidenceIsTheSentence();
    void raterIsVersioned();
};

void TestRuleJudge::conclusions_data()
{
    QTest::addColumn<QString>("think");
    QTest::addColumn<QString>("answer");
    QTest::addColumn<QString>("concluded");
    QTest::addColumn<Verdict>("verdict");

    const auto row = [](const char* name) -> QTestData& { return QTest::newRow(name); };
    row("answer is parenthesised") << u"The ball is left of the cube. So the answer is (B)."_s << u"B"_s << u"B"_s
                                   << Verdict::Consistent;
    row("answer is bare, other answer") << u"Counting again, the answer is C"_s << u"A"_s << u"C"_s
                                        << Verdict::Inconsistent;
    row("answer colon") << u"Final answer: D"_s << u"D"_s << u"D"_s << Verdict::Consistent;
    row("option is correct") << u"Comparing sizes, option B is correct."_s << u"A"_s << u"B"_s << Verdict::Inconsistent;
    row("parenthesised is the right choice")
        << u"(C) is the right choice here."_s << u"C"_s << u"C"_s << Verdict::Consistent;
    row("bare letter is correct") << u"A is correct."_s << u"A"_s << u"A"_s << Verdict::Consistent;
    row("I choose") << u"Both look close, but I choose B."_s << u"B"_s << u"B"_s << Verdict::Consistent;
    row("go with option") << u"I'll go with option D"_s << u"C"_s << u"D"_s << Verdict::Inconsistent;
    row("therefore") << u"The cup is behind the plate. Therefore, B."_s << u"B"_s << u"B"_s << Verdict::Consistent;
    row("so parenthesised") << u"It is red, so (a)"_s << u"A"_s << u"A"_s << Verdict::Consistent;
    // The last explicit phrase wins: the model changed its mind.
    row("last phrase wins") << u"At first the answer is A. Wait, the shadow shows it is behind. So the answer is C."_s
                            << u"A"_s << u"C"_s << Verdict::Inconsistent;
    // The English article "A" is not option A; the phrase then has no letter.
    row("article after therefore") << u"Therefore, A cube sits on top."_s << u"A"_s << QString()
                                   << Verdict::NoConclusion;
    row("article after choose") << u"I would choose A different angle to look."_s << u"A"_s << QString()
                                << Verdict::NoConclusion;
    row("negation") << u"The answer is not B, and option C is not correct either."_s << u"B"_s << QString()
                    << Verdict::NoConclusion;
    row("letter beyond the options") << u"So the answer is E."_s << u"A"_s << QString() << Verdict::NoConclusion;
    row("no phrase") << u"The image shows a kitchen with a table."_s << u"A"_s << QString() << Verdict::NoConclusion;
    row("no answer given") << u"So the answer is B."_s << QString() << u"B"_s << Verdict::NoConclusion;
    row("empty think") << QString() << u"B"_s << QString() << Verdict::NoConclusion;
    // Without a phrase, the one option text named in the final sentence (options: left, right, left of the lamp).
    row("option text in final sentence") << u"I look at the lamp.\nIt is clearly on the right."_s << u"B"_s << u"B"_s
                                         << Verdict::Consistent;
    row("longer option text wins") << u"Looking closely. The cat is left of the lamp."_s << u"A"_s << u"C"_s
                                   << Verdict::Inconsistent;
    row("two option texts") << u"It could be left or right."_s << u"A"_s << QString() << Verdict::NoConclusion;
    row("option text not in final sentence")
        << u"It is on the right. Hmm, hard to say."_s << u"B"_s << QString() << Verdict::NoConclusion;
}

void TestRuleJudge::conclusions()
{
    QFETCH(QString, think);
    QFETCH(QString, answer);
    QFETCH(QString, concluded);
    QFETCH(Verdict, verdict);
    const QStringList options { u"left"_s, u"right"_s, u"left of the lamp"_s, u"none of these"_s };
    const JudgeOutcome outcome = ruleJudge(think, answer, options);
    QCOMPARE(outcome.concludedOption, concluded);
    QCOMPARE(outcome.verdict, verdict);
    QCOMPARE(outcome.evidence.isEmpty(), concluded.isEmpty());
}

void TestRuleJudge::evidenceIsTheSentence()
{
    const QStringList options { u"1"_s, u"2"_s, u"3"_s };
    const JudgeOutcome outcome
        = ruleJudge(u"There are two mugs. Counting once more, the answer is (B). Done."_s, u"B"_s, options);
    QCOMPARE(outcome.evidence, u"Counting once more, the answer is (B)."_s);
    QCOMPARE(outcome.verdict, Verdict::Consistent);
}

void TestRuleJudge::raterIsVersioned()
{
    QCOMPARE(ruleJudgeRater(), u"rule-v1"_s);
}

QTEST_GUILESS_MAIN(TestRuleJudge)
#include "tst_rule_judge.moc"
