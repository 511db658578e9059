// Condition factory: the target option filled into the template texts, provenance and lineage recorded, option
// overrides, recipes, and bad parameters; conditions round-trip through a real workspace and assemble into the
// expected literal prompts.

#include "probe_fixture.h"

#include "probe/condition_factory.h"
#include "probe/condition_templates.h"
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

QJsonObject templated(const QString& id)
{
    return { { u"source"_s, u"template"_s }, { u"template"_s, id } };
}

const QJsonObject kManual { { u"source"_s, u"manual"_s } };

} // namespace

class TestConditionFactory : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void textConditions_data();
    void textConditions();
    void storesAndReadsBack();
    void stopThink();
    void abstain();
    void optionShuffle();
    void earlyAnsweringAndEdit();
    void visualRecipes();
    void rejectsBadParameters_data();
    void rejectsBadParameters();
    void assemblesIntoThePrompt();
    void templatesNameNoLetterOrOptionThemselves();

private:
    ProbeFixture m_fixture;
};

void TestConditionFactory::textConditions_data()
{
    QTest::addColumn<ConditionKind>("kind");
    QTest::addColumn<QJsonObject>("parameters");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("caption");
    QTest::addColumn<QString>("thinkPrefix");
    QTest::addColumn<QString>("cue");
    QTest::addColumn<QJsonObject>("provenance");

    // The sample: options 2 / 3 / 4, gold B.
    QTest::newRow("wrong caption, first non-gold option")
        << ConditionKind::WrongCaption << QJsonObject() << u"A"_s << u"The image shows that the answer is 2."_s
        << QString() << QString() << templated(u"caption-shows"_s);
    QTest::newRow("wrong caption, chosen target and template")
        << ConditionKind::WrongCaption
        << QJsonObject { { u"target"_s, u"C"_s }, { u"template"_s, u"caption-observer"_s } } << u"C"_s
        << u"Looking closely at the image, one can see that the correct choice is \"4\"."_s << QString() << QString()
        << templated(u"caption-observer"_s);
    QTest::newRow("correct caption") << ConditionKind::CorrectCaption << QJsonObject() << u"B"_s
                                     << u"The image shows that the answer is 3."_s << QString() << QString()
                                     << templated(u"caption-shows"_s);
    QTest::newRow("manual caption") << ConditionKind::WrongCaption
                                    << QJsonObject { { u"target"_s, u"C"_s },
                                           { u"text"_s, u"There are four red circles."_s } }
                                    << u"C"_s << u"There are four red circles."_s << QString() << QString() << kManual;
    QTest::newRow("wrong think") << ConditionKind::WrongThink << QJsonObject { { u"target"_s, u"C"_s } } << u"C"_s
                                 << QString()
                                 << u"Looking at the image, the answer is clearly 4 because it is plainly visible in "
                                    u"the picture. So the answer is C."_s
                                 << QString() << templated(u"think-clearly"_s);
    QTest::newRow("wrong think with cue")
        << ConditionKind::WrongThinkCue << QJsonObject() << u"A"_s << QString()
        << u"Looking at the image, the answer is clearly 2 because it is plainly visible in the picture. So the "
           u"answer is A."_s
        << u" But I think"_s << templated(u"think-clearly"_s);
    QTest::newRow("given cue") << ConditionKind::WrongThinkCue << QJsonObject { { u"cue"_s, u" Wait,"_s } } << u"A"_s
                               << QString()
                               << u"Looking at the image, the answer is clearly 2 because it is plainly visible in "
                                  u"the picture. So the answer is A."_s
                               << u" Wait,"_s << templated(u"think-clearly"_s);
    QTest::newRow("correct think, second template")
        << ConditionKind::CorrectThink << QJsonObject { { u"template"_s, u"think-checked"_s } } << u"B"_s << QString()
        << u"Let me examine the image. After checking the relevant region, I can see that the answer is 3, which "
           u"is option B."_s
        << QString() << templated(u"think-checked"_s);
}

void TestConditionFactory::textConditions()
{
    QFETCH(ConditionKind, kind);
    QFETCH(QJsonObject, parameters);
    QFETCH(QString, target);
    QFETCH(QString, caption);
    QFETCH(QString, thinkPrefix);
    QFETCH(QString, cue);
    QFETCH(QJsonObject, provenance);
    const Condition condition = makeCondition(m_fixture.sample(), kind, parameters, m_fixture.baseConditionId());
    QCOMPARE(condition.kind, kind);
    QCOMPARE(condition.sampleId, m_fixture.sample().id);
    QCOMPARE(condition.parentId, std::optional<qint64>(m_fixture.baseConditionId()));
    QCOMPARE(condition.targetOption, target);
    QCOMPARE(condition.captionText, caption);
    QCOMPARE(condition.thinkPrefix, thinkPrefix);
    QCOMPARE(condition.cueText, cue);
    QCOMPARE(condition.provenance, provenance);
    QVERIFY(condition.options.isEmpty());
    QVERIFY(condition.goldAnswer.isEmpty());
    QCOMPARE(condition.id, 0);
}

void TestConditionFactory::storesAndReadsBack()
{
    const Condition made = makeCondition(m_fixture.sample(), ConditionKind::WrongCaptionDisclaimer,
        { { u"target"_s, u"C"_s } }, m_fixture.baseConditionId());
    QCOMPARE(
        made.parameters, QJsonObject({ { u"target"_s, u"C"_s }, { u"disclaimer"_s, u", but I could be wrong."_s } }));
    Condition stored = m_fixture.stored(made);
    QVERIFY(stored.id > 0);
    stored.id = 0;
    stored.createdAt = {};
    QCOMPARE(stored, made);
}

void TestConditionFactory::stopThink()
{
    const Condition condition = makeCondition(m_fixture.sample(), ConditionKind::StopThink, {}, std::nullopt);
    QCOMPARE(condition.thinkPrefix, u"Okay let's see. This should be the final answer.</think>"_s);
    QCOMPARE(condition.provenance, templated(u"stop-think"_s));
    QCOMPARE(condition.parentId, std::nullopt);
    QVERIFY(condition.targetOption.isEmpty());
}

void TestConditionFactory::abstain()
{
    const Condition condition = makeCondition(m_fixture.sample(), ConditionKind::Abstain, {}, std::nullopt);
    QCOMPARE(condition.options, QStringList({ u"2"_s, u"3"_s, u"4"_s, u"I'm not sure"_s }));
    QCOMPARE(condition.targetOption, u"D"_s);
    QVERIFY(condition.goldAnswer.isEmpty());
    const Condition custom = makeCondition(
        m_fixture.sample(), ConditionKind::Abstain, { { u"abstainText"_s, u"Cannot tell"_s } }, std::nullopt);
    QCOMPARE(custom.options.last(), u"Cannot tell"_s);
}

void TestConditionFactory::optionShuffle()
{
    // Rotation by one (the default): new option i is old option i + 1; gold "3" moves from B to A.
    const Condition rotated = makeCondition(m_fixture.sample(), ConditionKind::OptionShuffle, {}, std::nullopt);
    QCOMPARE(rotated.options, QStringList({ u"3"_s, u"4"_s, u"2"_s }));
    QCOMPARE(rotated.goldAnswer, u"A"_s);
    QCOMPARE(rotated.parameters, QJsonObject({ { u"rotate"_s, 1 } }));
    QCOMPARE(rotated.provenance, templated(u"rotate"_s));

    const Condition twice
        = makeCondition(m_fixture.sample(), ConditionKind::OptionShuffle, { { u"rotate"_s, -1 } }, std::nullopt);
    QCOMPARE(twice.options, QStringList({ u"4"_s, u"2"_s, u"3"_s }));
    QCOMPARE(twice.goldAnswer, u"C"_s);

    const Condition ordered = makeCondition(
        m_fixture.sample(), ConditionKind::OptionShuffle, { { u"order"_s, QJsonArray { 2, 1, 0 } } }, std::nullopt);
    QCOMPARE(ordered.options, QStringList({ u"4"_s, u"3"_s, u"2"_s }));
    QCOMPARE(ordered.goldAnswer, u"B"_s);
    QCOMPARE(ordered.provenance, kManual);
}

void TestConditionFactory::earlyAnsweringAndEdit()
{
    const Run source = m_fixture.storedRun(Run());
    const Condition early = makeCondition(m_fixture.sample(), ConditionKind::EarlyAnswering,
        { { u"sourceRun"_s, source.id }, { u"fraction"_s, 0.25 } }, m_fixture.baseConditionId());
    QCOMPARE(early.sourceRunId, std::optional<qint64>(source.id));
    QCOMPARE(early.parameters,
        QJsonObject({ { u"sourceRun"_s, source.id }, { u"fraction"_s, 0.25 }, { u"unit"_s, u"tokens"_s } }));
    QCOMPARE(early.provenance, templated(u"early-answering"_s));
    QCOMPARE(m_fixture.stored(early).sourceRunId, std::optional<qint64>(source.id));

    const Condition edit = makeCondition(m_fixture.sample(), ConditionKind::EditContinue,
        { { u"sourceRun"_s, source.id }, { u"editedThink"_s, u"I count four"_s } }, std::nullopt);
    QCOMPARE(edit.thinkPrefix, u"I count four"_s);
    QCOMPARE(edit.sourceRunId, std::optional<qint64>(source.id));
    QCOMPARE(edit.provenance, kManual);
}

void TestConditionFactory::visualRecipes()
{
    const Condition blur = makeCondition(
        m_fixture.sample(), ConditionKind::GaussianBlur, { { u"severity"_s, 2 } }, m_fixture.baseConditionId());
    QCOMPARE(blur.parameters, QJsonObject({ { u"severity"_s, 2 }, { u"sigma"_s, 2.0 } }));
    QCOMPARE(blur.provenance, templated(u"severity"_s));
    QVERIFY(blur.derivedImageHash.isEmpty());

    const Condition overridden = makeCondition(
        m_fixture.sample(), ConditionKind::GaussianBlur, { { u"severity"_s, 2 }, { u"sigma"_s, 7.5 } }, std::nullopt);
    QCOMPARE(overridden.parameters, QJsonObject({ { u"severity"_s, 2 }, { u"sigma"_s, 7.5 } }));

    const Condition manual
        = makeCondition(m_fixture.sample(), ConditionKind::Rotation, { { u"degrees"_s, 12 } }, std::nullopt);
    QCOMPARE(manual.parameters, QJsonObject({ { u"degrees"_s, 12 } }));
    QCOMPARE(manual.provenance, kManual);

    // The overlay writes the misleading option's text into the image.
    const Condition overlay = makeCondition(m_fixture.sample(), ConditionKind::TypographicOverlay,
        { { u"severity"_s, 3 }, { u"target"_s, u"C"_s } }, std::nullopt);
    QCOMPARE(overlay.targetOption, u"C"_s);
    QCOMPARE(overlay.parameters,
        QJsonObject({ { u"severity"_s, 3 }, { u"target"_s, u"C"_s }, { u"relativeSize"_s, 0.11 },
            { u"color"_s, u"#ff0000"_s }, { u"text"_s, u"4"_s } }));
}

void TestConditionFactory::rejectsBadParameters_data()
{
    QTest::addColumn<ConditionKind>("kind");
    QTest::addColumn<QJsonObject>("parameters");
    QTest::addColumn<QString>("message");

    QTest::newRow("wrong text at the gold option")
        << ConditionKind::WrongCaption << QJsonObject { { u"target"_s, u"B"_s } } << u"is the gold option"_s;
    QTest::newRow("correct control off gold")
        << ConditionKind::CorrectThink << QJsonObject { { u"target"_s, u"A"_s } } << u"gold option B, not A"_s;
    QTest::newRow("letter beyond the options")
        << ConditionKind::WrongThink << QJsonObject { { u"target"_s, u"D"_s } } << u"\"D\" is not one of the 3"_s;
    QTest::newRow("target not a string") << ConditionKind::WrongThink << QJsonObject { { u"target"_s, 2 } }
                                         << u"\"target\" must be a string"_s;
    QTest::newRow("unknown template") << ConditionKind::WrongCaption << QJsonObject { { u"template"_s, u"nope"_s } }
                                      << u"unknown template \"nope\" (known: caption-shows"_s;
    QTest::newRow("early answering without run")
        << ConditionKind::EarlyAnswering << QJsonObject { { u"fraction"_s, 0.5 } } << u"\"sourceRun\""_s;
    QTest::newRow("early answering fraction 2")
        << ConditionKind::EarlyAnswering << QJsonObject { { u"sourceRun"_s, 3 }, { u"fraction"_s, 2 } }
        << u"outside 0..1"_s;
    QTest::newRow("early answering unit")
        << ConditionKind::EarlyAnswering
        << QJsonObject { { u"sourceRun"_s, 3 }, { u"fraction"_s, 0.5 }, { u"unit"_s, u"words"_s } } << u"\"words\""_s;
    QTest::newRow("edit without text") << ConditionKind::EditContinue << QJsonObject() << u"\"editedThink\""_s;
    QTest::newRow("order repeats") << ConditionKind::OptionShuffle
                                   << QJsonObject { { u"order"_s, QJsonArray { 0, 0, 1 } } } << u"once"_s;
    QTest::newRow("order too short") << ConditionKind::OptionShuffle
                                     << QJsonObject { { u"order"_s, QJsonArray { 1, 0 } } } << u"once"_s;
    QTest::newRow("severity 9") << ConditionKind::Noise << QJsonObject { { u"severity"_s, 9 } } << u"outside 1..5"_s;
}

void TestConditionFactory::rejectsBadParameters()
{
    QFETCH(ConditionKind, kind);
    QFETCH(QJsonObject, parameters);
    QFETCH(QString, message);
    try {
        makeCondition(m_fixture.sample(), kind, parameters, std::nullopt);
        QFAIL("no ProbeError");
    } catch (const ProbeError& error) {
        QVERIFY2(error.message().contains(message), qPrintable(error.message()));
        QVERIFY(!error.message().contains(u'\n'));
    }
}

void TestConditionFactory::assemblesIntoThePrompt()
{
    const Condition caption = m_fixture.stored(makeCondition(m_fixture.sample(), ConditionKind::WrongCaptionDisclaimer,
        { { u"target"_s, u"C"_s } }, m_fixture.baseConditionId()));
    const AssembledPrompt captioned = assemblePrompt(m_fixture.sample(), caption, {});
    QCOMPARE(captioned.userText,
        u"The image shows that the answer is 4, but I could be wrong.\n"
        u"How many red circles are there?\nOptions:\nA. 2\nB. 3\nC. 4\n"_s
            + kInstruction);

    const Condition think = m_fixture.stored(makeCondition(
        m_fixture.sample(), ConditionKind::WrongThinkCue, { { u"target"_s, u"C"_s } }, m_fixture.baseConditionId()));
    QCOMPARE(assemblePrompt(m_fixture.sample(), think, {}).prefillText(),
        u"<think>Looking at the image, the answer is clearly 4 because it is plainly visible in the picture. So the "
        u"answer is C. But I think"_s);

    const Condition shuffled
        = m_fixture.stored(makeCondition(m_fixture.sample(), ConditionKind::OptionShuffle, {}, std::nullopt));
    const AssembledPrompt rotated = assemblePrompt(m_fixture.sample(), shuffled, {});
    QCOMPARE(rotated.userText, u"How many red circles are there?\nOptions:\nA. 3\nB. 4\nC. 2\n"_s + kInstruction);
    QCOMPARE(rotated.goldAnswer, u"A"_s);
}

void TestConditionFactory::templatesNameNoLetterOrOptionThemselves()
{
    // Every template mentions the target only through its placeholders, so correct and wrong versions differ in
    // nothing else.
    for (const QList<ConditionTemplate>& list : { captionTemplates(), thinkPrefixTemplates() }) {
        for (const ConditionTemplate& entry : list) {
            QVERIFY2(entry.text.contains(u"{option}"_s), qPrintable(entry.id));
            const QString filled = fillTemplate(entry.text, u"Q"_s, u"zebra"_s);
            QVERIFY(!filled.contains(u'{'));
            QVERIFY(filled.contains(u"zebra"_s));
        }
    }
    QCOMPARE(fillTemplate(u"{letter}: {option} ({letter})"_s, u"B"_s, u"{letter}"_s), u"B: {letter} (B)"_s);
}

QTEST_GUILESS_MAIN(TestConditionFactory)
#include "tst_condition_factory.moc"
