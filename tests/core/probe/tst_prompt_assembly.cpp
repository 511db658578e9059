// Prompt assembly: every condition kind's user text, prefill and injected spans against hand-written literals, and
// the full ChatML text of a Base and a Wrong-Caption prompt. Conditions and runs are stored in a real workspace
// and read back before assembly.

#include "probe_fixture.h"

#include "probe/probe_error.h"
#include "probe/prompt_assembly.h"

#include <QJsonArray>
#include <QTest>

using namespace vlmprobe;
using namespace vlmprobe::test;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString kInstruction = u"Think about the question step by step inside <think> </think> tags, then give the "
                             u"letter of the correct option inside <answer> </answer> tags."_s;
const QString kBaseUser = u"How many red circles are there?\nOptions:\nA. 2\nB. 3\nC. 4\n"_s + kInstruction;

QStringList describe(const QList<InjectedSpan>& spans)
{
    QStringList lines;
    for (const InjectedSpan& span : spans) {
        lines.append((span.part == PromptPart::User ? u"user "_s : u"prefill "_s) + QString::number(span.start) + u'+'
            + QString::number(span.length) + u' ' + span.role);
    }
    return lines;
}

Condition conditionOf(ConditionKind kind)
{
    Condition condition;
    condition.kind = kind;
    return condition;
}

QJsonObject token(int id, const QString& text)
{
    return { { u"id"_s, id }, { u"token"_s, text }, { u"logprob"_s, -0.25 } };
}

// "<think>\nFirst I count. Then compare.</think>\n<answer>B</answer>" in Qwen-like pieces.
QJsonObject thinkingTokens()
{
    const QJsonArray content { token(27, u"<"_s), token(26865, u"think"_s), token(397, u">\n"_s),
        token(5338, u"First"_s), token(358, u" I"_s), token(1760, u" count"_s), token(13, u"."_s),
        token(5005, u" Then"_s), token(9429, u" compare"_s), token(13, u"."_s), token(522, u"</"_s),
        token(26865, u"think"_s), token(397, u">\n"_s), token(27, u"<"_s), token(9217, u"answer"_s), token(29, u">"_s),
        token(33, u"B"_s), token(522, u"</"_s), token(9217, u"answer"_s), token(29, u">"_s) };
    return { { u"content"_s, content } };
}

} // namespace

class TestPromptAssembly : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void base();
    void hintSystemPromptAndNoInstruction();
    void captions_data();
    void captions();
    void captionBeforeImage();
    void thinkPrefills_data();
    void thinkPrefills();
    void abstain();
    void optionShuffle();
    void earlyAnsweringByTokens_data();
    void earlyAnsweringByTokens();
    void earlyAnsweringWhenThePrefillOpenedTheThink();
    void earlyAnsweringBySentences();
    void editContinue();
    void visualKindShowsTheDerivedImage();
    void rejectsMalformedConditions_data();
    void rejectsMalformedConditions();
    void renderedBase();
    void renderedWrongCaption();

private:
    ProbeFixture m_fixture;
};

void TestPromptAssembly::base()
{
    const AssembledPrompt prompt
        = assemblePrompt(m_fixture.sample(), m_fixture.stored(conditionOf(ConditionKind::Base)), {});
    QCOMPARE(prompt.userText, kBaseUser);
    QVERIFY(!prompt.hasPrefill());
    QCOMPARE(prompt.prefillText(), QString());
    QVERIFY(prompt.spans.isEmpty());
    QVERIFY(prompt.imageFirst);
    QCOMPARE(prompt.imageHash, m_fixture.sample().imageHash);
    QCOMPARE(prompt.options, QStringList({ u"2"_s, u"3"_s, u"4"_s }));
    QCOMPARE(prompt.goldAnswer, u"B"_s);
    QCOMPARE(prompt.systemPrompt, QString());
}

void TestPromptAssembly::hintSystemPromptAndNoInstruction()
{
    Sample sample = m_fixture.sample();
    sample.hint = u"Count carefully."_s;
    PromptSettings settings;
    settings.systemPrompt = u"You are a careful visual reasoner."_s;
    settings.answerInstruction.clear();
    const AssembledPrompt prompt = assemblePrompt(sample, m_fixture.stored(conditionOf(ConditionKind::Base)), settings);
    QCOMPARE(prompt.userText, u"Count carefully.\nHow many red circles are there?\nOptions:\nA. 2\nB. 3\nC. 4"_s);
    QCOMPARE(prompt.systemPrompt, u"You are a careful visual reasoner."_s);
}

void TestPromptAssembly::captions_data()
{
    QTest::addColumn<ConditionKind>("kind");
    QTest::addColumn<QString>("caption");
    QTest::addColumn<QJsonObject>("parameters");
    QTest::addColumn<QString>("userText");
    QTest::addColumn<QStringList>("spans");

    QTest::newRow("wrong") << ConditionKind::WrongCaption << u"The image shows that the answer is 4."_s << QJsonObject()
                           << u"The image shows that the answer is 4.\n"_s + kBaseUser
                           << QStringList { u"user 0+37 caption"_s };
    QTest::newRow("correct") << ConditionKind::CorrectCaption << u"The image shows that the answer is 3."_s
                             << QJsonObject() << u"The image shows that the answer is 3.\n"_s + kBaseUser
                             << QStringList { u"user 0+37 caption"_s };
    QTest::newRow("disclaimer continues the sentence")
        << ConditionKind::WrongCaptionDisclaimer << u"The image shows that the answer is 4."_s << QJsonObject()
        << u"The image shows that the answer is 4, but I could be wrong.\n"_s + kBaseUser
        << QStringList { u"user 0+36 caption"_s, u"user 36+23 disclaimer"_s };
    QTest::newRow("disclaimer given verbatim")
        << ConditionKind::WrongCaptionDisclaimer << u"The image shows that the answer is 4."_s
        << QJsonObject { { u"disclaimer"_s, u" I could be wrong."_s } }
        << u"The image shows that the answer is 4. I could be wrong.\n"_s + kBaseUser
        << QStringList { u"user 0+37 caption"_s, u"user 37+18 disclaimer"_s };
}

void TestPromptAssembly::captions()
{
    QFETCH(ConditionKind, kind);
    QFETCH(QString, caption);
    QFETCH(QJsonObject, parameters);
    QFETCH(QString, userText);
    QFETCH(QStringList, spans);
    Condition condition = conditionOf(kind);
    condition.captionText = caption;
    condition.parameters = parameters;
    const AssembledPrompt prompt = assemblePrompt(m_fixture.sample(), m_fixture.stored(condition), {});
    QCOMPARE(prompt.userText, userText);
    QCOMPARE(describe(prompt.spans), spans);
    QVERIFY(prompt.imageFirst);
    QVERIFY(!prompt.hasPrefill());
}

void TestPromptAssembly::captionBeforeImage()
{
    Condition condition = conditionOf(ConditionKind::WrongCaption);
    condition.captionText = u"The image shows that the answer is 4."_s;
    PromptSettings settings;
    settings.captionAfterImage = false;
    const AssembledPrompt before = assemblePrompt(m_fixture.sample(), m_fixture.stored(condition), settings);
    QCOMPARE(before.userText, u"The image shows that the answer is 4.\n"_s + kBaseUser);
    QVERIFY(!before.imageFirst);
    QCOMPARE(before.imageSplit, 38);
    const std::vector<engine::ChatMessage> messages = chatMessages(before);
    QCOMPARE(messages.size(), std::size_t(1));
    const std::vector<engine::ChatContentItem>& items = messages.front().content;
    QCOMPARE(items.size(), std::size_t(3));
    QCOMPARE(items[0].kind, engine::ChatContentKind::Text);
    QCOMPARE(QString::fromStdString(items[0].text), u"The image shows that the answer is 4.\n"_s);
    QCOMPARE(items[1].kind, engine::ChatContentKind::Image);
    QCOMPARE(QString::fromStdString(items[2].text), kBaseUser);

    // The condition's own placement wins over the settings.
    condition.parameters = { { u"captionAfterImage"_s, true } };
    const AssembledPrompt after = assemblePrompt(m_fixture.sample(), m_fixture.stored(condition), settings);
    QVERIFY(after.imageFirst);
    QCOMPARE(chatMessages(after).front().content.size(), std::size_t(2));
}

void TestPromptAssembly::thinkPrefills_data()
{
    QTest::addColumn<ConditionKind>("kind");
    QTest::addColumn<QString>("thinkPrefix");
    QTest::addColumn<QString>("cue");
    QTest::addColumn<QString>("prefill");
    QTest::addColumn<QStringList>("spans");

    const QString wrong = u"Looking at the image, there are 4 red circles, so the answer is C."_s;
    QTest::newRow("stop-think default") << ConditionKind::StopThink << QString() << QString()
                                        << u"<think>Okay let's see. This should be the final answer.</think>"_s
                                        << QStringList { u"prefill 7+56 stop-think"_s };
    QTest::newRow("stop-think stored") << ConditionKind::StopThink
                                       << u"Okay let's see. This should be the final answer.</think>"_s << QString()
                                       << u"<think>Okay let's see. This should be the final answer.</think>"_s
                                       << QStringList { u"prefill 7+56 stop-think"_s };
    QTest::newRow("wrong-think") << ConditionKind::WrongThink << wrong << QString()
                                 << u"<think>Looking at the image, there are 4 red circles, so the answer is C."_s
                                 << QStringList { u"prefill 7+66 think-prefix"_s };
    QTest::newRow("wrong-think-cue default")
        << ConditionKind::WrongThinkCue << wrong << QString()
        << u"<think>Looking at the image, there are 4 red circles, so the answer is C. But I think"_s
        << QStringList { u"prefill 7+66 think-prefix"_s, u"prefill 73+12 cue"_s };
    QTest::newRow("wrong-think-cue stored")
        << ConditionKind::WrongThinkCue << wrong << u" Wait,"_s
        << u"<think>Looking at the image, there are 4 red circles, so the answer is C. Wait,"_s
        << QStringList { u"prefill 7+66 think-prefix"_s, u"prefill 73+6 cue"_s };
    QTest::newRow("correct-think") << ConditionKind::CorrectThink
                                   << u"Looking at the image, there are 3 red circles, so the answer is B."_s
                                   << QString()
                                   << u"<think>Looking at the image, there are 3 red circles, so the answer is B."_s
                                   << QStringList { u"prefill 7+66 think-prefix"_s };
}

void TestPromptAssembly::thinkPrefills()
{
    QFETCH(ConditionKind, kind);
    QFETCH(QString, thinkPrefix);
    QFETCH(QString, cue);
    QFETCH(QString, prefill);
    QFETCH(QStringList, spans);
    Condition condition = conditionOf(kind);
    condition.thinkPrefix = thinkPrefix;
    condition.cueText = cue;
    const AssembledPrompt prompt = assemblePrompt(m_fixture.sample(), m_fixture.stored(condition), {});
    QCOMPARE(prompt.userText, kBaseUser);
    QVERIFY(prompt.hasPrefill());
    QCOMPARE(prompt.prefillText(), prefill);
    QCOMPARE(describe(prompt.spans), spans);
    for (const PrefillSegment& segment : prompt.prefill)
        QVERIFY(segment.ids.empty());
    QCOMPARE(prompt.prefill.first().text, u"<think>"_s);
}

void TestPromptAssembly::abstain()
{
    const AssembledPrompt prompt
        = assemblePrompt(m_fixture.sample(), m_fixture.stored(conditionOf(ConditionKind::Abstain)), {});
    QCOMPARE(prompt.userText,
        u"How many red circles are there?\nOptions:\nA. 2\nB. 3\nC. 4\nD. I'm not sure\n"_s + kInstruction);
    QCOMPARE(describe(prompt.spans), QStringList { u"user 56+15 abstain-option"_s });
    QCOMPARE(prompt.options, QStringList({ u"2"_s, u"3"_s, u"4"_s, u"I'm not sure"_s }));
    QCOMPARE(prompt.goldAnswer, u"B"_s);

    Condition stored = conditionOf(ConditionKind::Abstain);
    stored.options = { u"2"_s, u"3"_s, u"4"_s, u"Cannot tell"_s };
    const AssembledPrompt custom = assemblePrompt(m_fixture.sample(), m_fixture.stored(stored), {});
    QCOMPARE(custom.userText,
        u"How many red circles are there?\nOptions:\nA. 2\nB. 3\nC. 4\nD. Cannot tell\n"_s + kInstruction);
    QCOMPARE(describe(custom.spans), QStringList { u"user 56+14 abstain-option"_s });
}

void TestPromptAssembly::optionShuffle()
{
    Condition condition = conditionOf(ConditionKind::OptionShuffle);
    condition.options = { u"3"_s, u"4"_s, u"2"_s };
    condition.goldAnswer = u"A"_s;
    const AssembledPrompt prompt = assemblePrompt(m_fixture.sample(), m_fixture.stored(condition), {});
    QCOMPARE(prompt.userText, u"How many red circles are there?\nOptions:\nA. 3\nB. 4\nC. 2\n"_s + kInstruction);
    QCOMPARE(prompt.goldAnswer, u"A"_s);
    QCOMPARE(prompt.options, QStringList({ u"3"_s, u"4"_s, u"2"_s }));
    QVERIFY(prompt.spans.isEmpty());
}

void TestPromptAssembly::earlyAnsweringByTokens_data()
{
    QTest::addColumn<double>("fraction");
    QTest::addColumn<QString>("prefill");
    QTest::addColumn<QList<int>>("cotIds");
    QTest::addColumn<QStringList>("spans");

    // Seven thinking tokens: "First", " I", " count", ".", " Then", " compare", ".".
    QTest::newRow("0") << 0.0 << u"<think>\n</think>\n<answer>"_s << QList<int>()
                       << QStringList { u"prefill 8+17 answer-forcing"_s };
    QTest::newRow("0.5 keeps round(3.5) = 4")
        << 0.5 << u"<think>\nFirst I count.</think>\n<answer>"_s << QList<int> { 5338, 358, 1760, 13 }
        << QStringList { u"prefill 8+14 source-cot"_s, u"prefill 22+17 answer-forcing"_s };
    QTest::newRow("1") << 1.0 << u"<think>\nFirst I count. Then compare.</think>\n<answer>"_s
                       << QList<int> { 5338, 358, 1760, 13, 5005, 9429, 13 }
                       << QStringList { u"prefill 8+28 source-cot"_s, u"prefill 36+17 answer-forcing"_s };
}

void TestPromptAssembly::earlyAnsweringByTokens()
{
    QFETCH(double, fraction);
    QFETCH(QString, prefill);
    QFETCH(QList<int>, cotIds);
    QFETCH(QStringList, spans);
    Run source;
    source.completion = u"<think>\nFirst I count. Then compare.</think>\n<answer>B</answer>"_s;
    source.thinkText = u"First I count. Then compare."_s;
    source.tokenLogprobs = thinkingTokens();
    const Run run = m_fixture.storedRun(source);

    Condition condition = conditionOf(ConditionKind::EarlyAnswering);
    condition.sourceRunId = run.id;
    condition.parameters = { { u"fraction"_s, fraction }, { u"unit"_s, u"tokens"_s } };
    const AssembledPrompt prompt = assemblePrompt(m_fixture.sample(), m_fixture.stored(condition), {}, &run);
    QCOMPARE(prompt.userText, kBaseUser);
    QCOMPARE(prompt.prefillText(), prefill);
    QCOMPARE(describe(prompt.spans), spans);
    // The model's own "<think>" pieces come first, as ids; then its kept thinking, as ids; then forcing text.
    QCOMPARE(prompt.prefill.first().ids, std::vector<std::int32_t>({ 27, 26865, 397 }));
    QCOMPARE(prompt.prefill.first().text, u"<think>\n"_s);
    QCOMPARE(prompt.prefill.last().text, u"</think>\n<answer>"_s);
    QVERIFY(prompt.prefill.last().ids.empty());
    if (cotIds.isEmpty()) {
        QCOMPARE(prompt.prefill.size(), 2);
    } else {
        QCOMPARE(prompt.prefill.size(), 3);
        QCOMPARE(prompt.prefill.at(1).ids, std::vector<std::int32_t>(cotIds.begin(), cotIds.end()));
    }
}

void TestPromptAssembly::earlyAnsweringWhenThePrefillOpenedTheThink()
{
    Run source;
    source.prefill = u"<think>"_s;
    source.completion = u"Two. Three.</think>"_s;
    source.tokenLogprobs = { { u"content"_s,
        QJsonArray { token(11613, u"Two"_s), token(13, u"."_s), token(14513, u" Three"_s), token(13, u"."_s),
            token(522, u"</"_s), token(26865, u"think"_s), token(29, u">"_s) } } };
    const Run run = m_fixture.storedRun(source);
    Condition condition = conditionOf(ConditionKind::EarlyAnswering);
    condition.parameters = { { u"fraction"_s, 0.5 } };
    const AssembledPrompt prompt = assemblePrompt(m_fixture.sample(), m_fixture.stored(condition), {}, &run);
    QCOMPARE(prompt.prefillText(), u"<think>Two.</think>\n<answer>"_s);
    QCOMPARE(prompt.prefill.size(), 3);
    QVERIFY(prompt.prefill.at(0).ids.empty());
    QCOMPARE(prompt.prefill.at(1).ids, std::vector<std::int32_t>({ 11613, 13 }));
    QCOMPARE(describe(prompt.spans), QStringList({ u"prefill 7+4 source-cot"_s, u"prefill 11+17 answer-forcing"_s }));
}

void TestPromptAssembly::earlyAnsweringBySentences()
{
    Run source;
    source.thinkText = u"First I count the red circles. There are three of them! So the answer is B."_s;
    const Run run = m_fixture.storedRun(source);
    Condition condition = conditionOf(ConditionKind::EarlyAnswering);
    condition.sourceRunId = run.id;
    condition.parameters
        = { { u"fraction"_s, 0.67 }, { u"unit"_s, u"sentences"_s }, { u"answerForcing"_s, u"</think><answer>"_s } };
    // Three sentences, round(0.67 * 3) = 2 kept.
    const AssembledPrompt prompt = assemblePrompt(m_fixture.sample(), m_fixture.stored(condition), {}, &run);
    QCOMPARE(prompt.prefillText(), u"<think>First I count the red circles. There are three of them!</think><answer>"_s);
    QCOMPARE(describe(prompt.spans), QStringList({ u"prefill 7+55 source-cot"_s, u"prefill 62+16 answer-forcing"_s }));
    for (const PrefillSegment& segment : prompt.prefill)
        QVERIFY(segment.ids.empty());
}

void TestPromptAssembly::editContinue()
{
    Condition condition = conditionOf(ConditionKind::EditContinue);
    condition.parameters = { { u"editedThink"_s, u"I count four red circles"_s } };
    const AssembledPrompt prompt = assemblePrompt(m_fixture.sample(), m_fixture.stored(condition), {});
    QCOMPARE(prompt.userText, kBaseUser);
    QCOMPARE(prompt.prefillText(), u"<think>I count four red circles"_s);
    QCOMPARE(describe(prompt.spans), QStringList { u"prefill 7+24 edited-cot"_s });
}

void TestPromptAssembly::visualKindShowsTheDerivedImage()
{
    Condition condition = conditionOf(ConditionKind::GaussianBlur);
    condition.parameters = { { u"sigma"_s, 2.0 } };
    condition.derivedImageHash = u"5b8a1b5d4e0e9c1f0a0f6b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e"_s;
    const AssembledPrompt prompt = assemblePrompt(m_fixture.sample(), condition, {});
    QCOMPARE(prompt.userText, kBaseUser);
    QCOMPARE(prompt.imageHash, u"5b8a1b5d4e0e9c1f0a0f6b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e"_s);
    QVERIFY(!prompt.hasPrefill());
}

void TestPromptAssembly::rejectsMalformedConditions_data()
{
    QTest::addColumn<Condition>("condition");
    QTest::addColumn<bool>("withSourceRun");
    QTest::addColumn<QString>("message");

    QTest::newRow("caption kind without caption")
        << conditionOf(ConditionKind::WrongCaption) << false << u"the caption text is empty"_s;
    QTest::newRow("think kind without prefix")
        << conditionOf(ConditionKind::WrongThink) << false << u"the think prefix is empty"_s;
    Condition early = conditionOf(ConditionKind::EarlyAnswering);
    early.parameters = { { u"fraction"_s, 0.5 } };
    QTest::newRow("early answering without source run") << early << false << u"needs its source run"_s;
    early.parameters = { { u"fraction"_s, 1.5 } };
    QTest::newRow("fraction above 1") << early << true << u"outside 0..1"_s;
    early.parameters = { { u"fraction"_s, u"half"_s } };
    QTest::newRow("fraction not a number") << early << true << u"\"fraction\""_s;
    early.parameters = { { u"fraction"_s, 0.5 }, { u"unit"_s, u"words"_s } };
    QTest::newRow("unknown unit") << early << true << u"\"words\""_s;
    Condition shuffled = conditionOf(ConditionKind::OptionShuffle);
    shuffled.options = { u"3"_s, u"2"_s };
    shuffled.goldAnswer = u"A"_s;
    QTest::newRow("shuffle of the wrong size") << shuffled << false << u"3 permuted options"_s;
    Condition badGold = conditionOf(ConditionKind::Base);
    badGold.goldAnswer = u"E"_s;
    QTest::newRow("gold letter beyond the options") << badGold << false << u"\"E\""_s;
    Condition edit = conditionOf(ConditionKind::EditContinue);
    QTest::newRow("edit without text") << edit << false << u"\"editedThink\""_s;
    edit.parameters = { { u"editedThink"_s, 3 } };
    QTest::newRow("edit text not a string") << edit << false << u"must be a string"_s;
}

void TestPromptAssembly::rejectsMalformedConditions()
{
    QFETCH(Condition, condition);
    QFETCH(bool, withSourceRun);
    QFETCH(QString, message);
    Run source;
    source.thinkText = u"One. Two."_s;
    source.tokenLogprobs = thinkingTokens();
    try {
        assemblePrompt(m_fixture.sample(), condition, {}, withSourceRun ? &source : nullptr);
        QFAIL("no ProbeError");
    } catch (const ProbeError& error) {
        QVERIFY2(error.message().contains(message), qPrintable(error.message()));
        QVERIFY(!error.message().contains(u'\n'));
    }
}

void TestPromptAssembly::renderedBase()
{
    const AssembledPrompt prompt
        = assemblePrompt(m_fixture.sample(), m_fixture.stored(conditionOf(ConditionKind::Base)), {});
    QCOMPARE(renderedPrompt(prompt),
        u"<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
        u"<|im_start|>user\n<|vision_start|><|image_pad|><|vision_end|>How many red circles are there?\n"
        u"Options:\nA. 2\nB. 3\nC. 4\n"
        u"Think about the question step by step inside <think> </think> tags, then give the letter of the correct "
        u"option inside <answer> </answer> tags.<|im_end|>\n"
        u"<|im_start|>assistant\n"_s);
}

void TestPromptAssembly::renderedWrongCaption()
{
    Condition condition = conditionOf(ConditionKind::WrongCaption);
    condition.captionText = u"The image shows that the answer is 4."_s;
    PromptSettings settings;
    settings.systemPrompt = u"You are a careful visual reasoner."_s;
    const AssembledPrompt prompt = assemblePrompt(m_fixture.sample(), m_fixture.stored(condition), settings);
    QCOMPARE(renderedPrompt(prompt),
        u"<|im_start|>system\nYou are a careful visual reasoner.<|im_end|>\n"
        u"<|im_start|>user\n<|vision_start|><|image_pad|><|vision_end|>The image shows that the answer is 4.\n"
        u"How many red circles are there?\nOptions:\nA. 2\nB. 3\nC. 4\n"
        u"Think about the question step by step inside <think> </think> tags, then give the letter of the correct "
        u"option inside <answer> </answer> tags.<|im_end|>\n"
        u"<|im_start|>assistant\n"_s);

    settings.captionAfterImage = false;
    const AssembledPrompt before = assemblePrompt(m_fixture.sample(), m_fixture.stored(condition), settings);
    QCOMPARE(renderedPrompt(before),
        u"<|im_start|>system\nYou are a careful visual reasoner.<|im_end|>\n"
        u"<|im_start|>user\nThe image shows that the answer is 4.\n<|vision_start|><|image_pad|><|vision_end|>"
        u"How many red circles are there?\nOptions:\nA. 2\nB. 3\nC. 4\n"
        u"Think about the question step by step inside <think> </think> tags, then give the letter of the correct "
        u"option inside <answer> </answer> tags.<|im_end|>\n"
        u"<|im_start|>assistant\n"_s);
}

QTEST_GUILESS_MAIN(TestPromptAssembly)
#include "tst_prompt_assembly.moc"
