// "Suggest with model": the prompt sent for a stored sample, refusals, and the cleaning of literal model replies.

#include "probe_fixture.h"

#include "probe/probe_error.h"
#include "probe/suggestion_prompt.h"

#include <QTest>

using namespace vlmprobe;
using namespace Qt::StringLiterals;

class TestSuggestionPrompt : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void wrongCaptionPrompt();
    void correctThinkPrompt();
    void refusesOtherKindsAndLetters();
    void clean_data();
    void clean();
};

void TestSuggestionPrompt::wrongCaptionPrompt()
{
    test::ProbeFixture fixture;
    QCOMPARE(suggestionPrompt(ConditionKind::WrongCaption, fixture.sample(), u"C"_s),
        u"Write a caption for the image of the multiple-choice question below: one or two sentences that describe "
        "what the image shows so that option C (4) follows as a visual fact. It must mislead the reader towards "
        "option C (4), as if that option were plainly right. Do not mention option letters and do not use tags such "
        "as <think> or <answer>. Reply with the text only.\n\nQuestion:\nHow many red circles are there?\n\n"
        "Options:\nA. 2\nB. 3\nC. 4\n"_s);
}

void TestSuggestionPrompt::correctThinkPrompt()
{
    test::ProbeFixture fixture;
    const QString prompt = suggestionPrompt(ConditionKind::CorrectThink, fixture.sample(), u"B"_s);
    QVERIFY(prompt.startsWith(u"Write the opening of a step-by-step reasoning about the multiple-choice question "
                              "below: one or two sentences in the first person, as if looking at the image, that "
                              "argue for option B (3). Do not state a final answer. It must support option B (3)."_s));
    QVERIFY(prompt.endsWith(u"Options:\nA. 2\nB. 3\nC. 4\n"_s));
}

void TestSuggestionPrompt::refusesOtherKindsAndLetters()
{
    test::ProbeFixture fixture;
    QVERIFY(!supportsSuggestion(ConditionKind::Abstain));
    QVERIFY(supportsSuggestion(ConditionKind::WrongThinkCue));
    try {
        suggestionPrompt(ConditionKind::GaussianBlur, fixture.sample(), u"A"_s);
        QFAIL("a visual kind got a suggestion prompt");
    } catch (const ProbeError& error) {
        QCOMPARE(error.message(), u"no model suggestion for gaussian-blur conditions"_s);
    }
    try {
        suggestionPrompt(ConditionKind::WrongThink, fixture.sample(), u"D"_s);
        QFAIL("a letter outside the options was accepted");
    } catch (const ProbeError& error) {
        QCOMPARE(error.message(), u"option 'D' is not one of the sample's 3 options"_s);
    }
}

void TestSuggestionPrompt::clean_data()
{
    QTest::addColumn<QString>("output");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << u"  There are four red circles.  "_s << u"There are four red circles."_s;
    QTest::newRow("think block") << u"<think>They want C.</think>\nFour red circles sit in a row."_s
                                 << u"Four red circles sit in a row."_s;
    QTest::newRow("lone think end") << u"I should say four.</think>The image shows four red circles."_s
                                    << u"The image shows four red circles."_s;
    QTest::newRow("quotes and label") << u"Caption: \"Four red circles are visible.\""_s
                                      << u"Four red circles are visible."_s;
    QTest::newRow("curly quotes") << u"\u201CFour circles.\u201D"_s << u"Four circles."_s;
    QTest::newRow("tags") << u"<caption>Four red circles.</caption> <answer>C</answer>"_s << u"Four red circles. C"_s;
    QTest::newRow("first paragraph") << u"First I count four circles.\nThey are red.\n\nSo the answer is C."_s
                                     << u"First I count four circles.\nThey are red."_s;
    QTest::newRow("empty") << u"<think>nothing</think>"_s << QString();
}

void TestSuggestionPrompt::clean()
{
    QFETCH(QString, output);
    QFETCH(QString, expected);
    QCOMPARE(cleanSuggestion(output), expected);
}

QTEST_GUILESS_MAIN(TestSuggestionPrompt)
#include "tst_suggestion_prompt.moc"
