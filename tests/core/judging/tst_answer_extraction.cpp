// parseCompletion: the protocol's extraction rules in order, think splitting, and the format failures.

#include "judging/answer_extraction.h"

#include <QTest>

using namespace vlmprobe;
using namespace Qt::StringLiterals;

class TestAnswerExtraction : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rules_data();
    void rules();
    void thinkSplitsPrefillAndCompletion();
    void unclosedThinkOnlyAcceptsAnswerTags();
    void loneClosingThinkOpensAtTheStart();
    void lastAnswerTagWins();
    void ruleNames();
};

void TestAnswerExtraction::rules_data()
{
    QTest::addColumn<QString>("completion");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("rule");

    const QStringList four { QStringLiteral("red cube"), QStringLiteral("blue ball"), QStringLiteral("green cone"),
        QStringLiteral("A dog") };
    const QStringList two { QStringLiteral("left"), QStringLiteral("right") };
    const auto row = [](const char* name) -> QTestData& { return QTest::newRow(name); };

    row("tag letter") << u"<think>x</think><answer>B</answer>"_s << four << u"B"_s << u"answer-tag"_s;
    row("tag parenthesised") << u"<think>x</think><answer>(C)</answer>"_s << four << u"C"_s << u"answer-tag"_s;
    row("tag period") << u"<think>x</think><answer> B. </answer>"_s << four << u"B"_s << u"answer-tag"_s;
    row("tag letter and text") << u"<think>x</think><answer>B) blue ball</answer>"_s << four << u"B"_s
                               << u"answer-tag"_s;
    row("tag option word") << u"<think>x</think><answer>Option C</answer>"_s << four << u"C"_s << u"answer-tag"_s;
    row("tag markdown") << u"<think>x</think><answer>**D**</answer>"_s << four << u"D"_s << u"answer-tag"_s;
    row("tag option text") << u"<think>x</think><answer>Green Cone</answer>"_s << four << u"C"_s << u"answer-tag"_s;
    // "A dog" is option D's text, not the letter A.
    row("tag text that starts like a letter")
        << u"<think>x</think><answer>A dog</answer>"_s << four << u"D"_s << u"answer-tag"_s;
    row("tag lowercase alone") << u"<think>x</think><answer>b</answer>"_s << four << u"B"_s << u"answer-tag"_s;
    row("tag unclosed") << u"<think>x</think><answer>C"_s << four << u"C"_s << u"answer-tag"_s;
    row("tag beyond the options") << u"<think>x</think><answer>C</answer>"_s << two << QString() << u"none"_s;
    row("tag with prose and no letter") << u"<think>x</think><answer>I cannot tell</answer>"_s << four << QString()
                                        << u"none"_s;
    row("colon") << u"<think>x</think>\nAnswer: C"_s << four << u"C"_s << u"answer-colon"_s;
    row("answer is") << u"<think>x</think>The answer is B."_s << four << u"B"_s << u"answer-colon"_s;
    row("answer is parenthesised lowercase")
        << u"<think>x</think>so the answer is (d)"_s << four << u"D"_s << u"answer-colon"_s;
    row("keyword in tag") << u"<think>x</think><answer>The answer is (A)</answer>"_s << four << u"A"_s
                          << u"answer-tag"_s;
    // Prose in the tag without a letter form: the answer-colon rule still reads the text after the think.
    row("colon after unreadable tag") << u"<think>x</think><answer>see below</answer>\nAnswer: B"_s << four << u"B"_s
                                      << u"answer-colon"_s;
    // The article "A" after "answer is" is not a letter, and nothing else matches.
    row("answer is an article") << u"<think>x</think>The answer is A ball."_s << four << QString() << u"none"_s;
    row("colon beyond the options") << u"<think>x</think>Answer: D"_s << two << QString() << u"none"_s;
    row("boxed") << u"<think>x</think>$\\boxed{C}$"_s << four << u"C"_s << u"boxed"_s;
    row("boxed text") << u"<think>x</think>\\boxed{\\text{B}}"_s << four << u"B"_s << u"boxed"_s;
    row("option text after think") << u"<think>x</think>\n  Right.  "_s << two << u"B"_s << u"option-text"_s;
    row("option text without think") << u"blue ball"_s << four << u"B"_s << u"option-text"_s;
    row("prose") << u"<think>x</think>It is probably the cube."_s << four << QString() << u"none"_s;
    row("empty") << QString() << four << QString() << u"none"_s;
    // Reasoning mentions are not answers: only the text after the think is read.
    row("letter only inside think") << u"<think>the answer is B</think>I am unsure."_s << four << QString()
                                    << u"none"_s;
}

void TestAnswerExtraction::rules()
{
    QFETCH(QString, completion);
    QFETCH(QStringList, options);
    QFETCH(QString, option);
    QFETCH(QString, rule);
    const ParsedCompletion parsed = parseCompletion(QString(), completion, options);
    QCOMPARE(parsed.option, option);
    QCOMPARE(answerRuleName(parsed.rule), rule);
    QCOMPARE(parsed.formatFailure(), option.isEmpty());
}

void TestAnswerExtraction::thinkSplitsPrefillAndCompletion()
{
    const QStringList options { QStringLiteral("yes"), QStringLiteral("no") };
    const ParsedCompletion parsed = parseCompletion(QStringLiteral("<think>\nOkay let's see. The sign"),
        QStringLiteral(" says stop.\n</think>\n<answer> B </answer>"), options);
    QCOMPARE(parsed.thinkText, QStringLiteral("Okay let's see. The sign says stop."));
    QVERIFY(parsed.thinkClosed);
    QCOMPARE(parsed.answerText, QStringLiteral("B"));
    QCOMPARE(parsed.option, QStringLiteral("B"));
    QCOMPARE(parsed.rule, AnswerRule::AnswerTag);
}

void TestAnswerExtraction::unclosedThinkOnlyAcceptsAnswerTags()
{
    const QStringList options { QStringLiteral("yes"), QStringLiteral("no"), QStringLiteral("maybe") };
    const ParsedCompletion cut
        = parseCompletion(QStringLiteral("<think>"), QStringLiteral("Hmm, the answer is B, or"), options);
    QCOMPARE(cut.thinkText, QStringLiteral("Hmm, the answer is B, or"));
    QVERIFY(!cut.thinkClosed);
    QVERIFY(cut.formatFailure());
    QCOMPARE(cut.rule, AnswerRule::None);

    const ParsedCompletion forgot
        = parseCompletion(QString(), QStringLiteral("<think>so C<answer>C</answer>"), options);
    QVERIFY(!forgot.thinkClosed);
    QCOMPARE(forgot.option, QStringLiteral("C"));
    QCOMPARE(forgot.rule, AnswerRule::AnswerTag);
}

void TestAnswerExtraction::loneClosingThinkOpensAtTheStart()
{
    const QStringList options { QStringLiteral("yes"), QStringLiteral("no") };
    const ParsedCompletion parsed
        = parseCompletion(QString(), QStringLiteral("It is a stop sign.</think>Answer: A"), options);
    QCOMPARE(parsed.thinkText, QStringLiteral("It is a stop sign."));
    QVERIFY(parsed.thinkClosed);
    QCOMPARE(parsed.option, QStringLiteral("A"));
    QCOMPARE(parsed.rule, AnswerRule::AnswerColon);

    const ParsedCompletion none = parseCompletion(QString(), QStringLiteral("<answer>B</answer>"), options);
    QVERIFY(none.thinkText.isEmpty());
    QVERIFY(!none.thinkClosed);
    QCOMPARE(none.option, QStringLiteral("B"));
}

void TestAnswerExtraction::lastAnswerTagWins()
{
    const QStringList options { QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3") };
    const ParsedCompletion parsed = parseCompletion(
        QString(), QStringLiteral("<think>t</think><answer>A</answer> wait <answer>(C)</answer>"), options);
    QCOMPARE(parsed.answerText, QStringLiteral("(C)"));
    QCOMPARE(parsed.option, QStringLiteral("C"));
}

void TestAnswerExtraction::ruleNames()
{
    QCOMPARE(answerRuleName(AnswerRule::AnswerTag), QStringLiteral("answer-tag"));
    QCOMPARE(answerRuleName(AnswerRule::AnswerColon), QStringLiteral("answer-colon"));
    QCOMPARE(answerRuleName(AnswerRule::Boxed), QStringLiteral("boxed"));
    QCOMPARE(answerRuleName(AnswerRule::OptionText), QStringLiteral("option-text"));
    QCOMPARE(answerRuleName(AnswerRule::None), QStringLiteral("none"));
}

QTEST_GUILESS_MAIN(TestAnswerExtraction)
#include "tst_answer_extraction.moc"
