// PromptPreview: the rendered prompt plus the raw prefill, with each injected span highlighted at the offsets where
// its text really is (caption after or before the image, think prefix and cue in the prefill).

#include "perturb/prompt_preview.h"

#include <QPlainTextEdit>
#include <QTest>

using namespace vlmprobe;

namespace {

Sample ballSample()
{
    Sample sample;
    sample.id = 1;
    sample.question = QStringLiteral("What colour is the ball?");
    sample.options = { QStringLiteral("red"), QStringLiteral("green") };
    sample.goldAnswer = QStringLiteral("A");
    sample.imageHash = QString(64, u'a');
    return sample;
}

Condition captionCondition()
{
    Condition condition;
    condition.sampleId = 1;
    condition.kind = ConditionKind::WrongCaptionDisclaimer;
    condition.captionText = QStringLiteral("The ball is green.");
    condition.targetOption = QStringLiteral("B");
    return condition;
}

QString highlighted(const PromptPreview& preview, int index)
{
    const PromptPreview::Highlight& highlight = preview.highlights().at(index);
    return preview.text().mid(highlight.start, highlight.length);
}

} // namespace

class TestPromptPreview : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void captionAfterTheImage();
    void captionBeforeTheImage();
    void thinkPrefixAndCueInThePrefill();
    void errorReplacesThePrompt();
};

void TestPromptPreview::captionAfterTheImage()
{
    PromptPreview preview;
    preview.setPrompt(assemblePrompt(ballSample(), captionCondition(), PromptSettings {}));
    QCOMPARE(preview.highlights().size(), 2);
    // The disclaimer continues the sentence, so the caption's full stop goes.
    QCOMPARE(highlighted(preview, 0), QStringLiteral("The ball is green"));
    QCOMPARE(preview.highlights().at(0).role, QStringLiteral("caption"));
    QCOMPARE(highlighted(preview, 1), QStringLiteral(", but I could be wrong."));
    QCOMPARE(preview.highlights().at(1).role, QStringLiteral("disclaimer"));
    // Right after the image item, and the two spans touch.
    const int captionStart = preview.highlights().at(0).start;
    QCOMPARE(preview.text().mid(captionStart - 14, 14), QStringLiteral("<|vision_end|>"));
    QCOMPARE(preview.highlights().at(1).start, captionStart + 17);
    // No prefill: the text is the rendered prompt alone.
    QCOMPARE(preview.prefillStart(), preview.text().size());
    QVERIFY(preview.text().endsWith(QStringLiteral("<|im_start|>assistant\n")));

    const auto* edit = preview.findChild<QPlainTextEdit*>(QStringLiteral("promptText"));
    QVERIFY(edit);
    const QList<QTextEdit::ExtraSelection> selections = edit->extraSelections();
    QCOMPARE(selections.size(), 2);
    QCOMPARE(selections.at(0).cursor.selectedText(), QStringLiteral("The ball is green"));
    QCOMPARE(selections.at(0).format.background().color(), PromptPreview::roleColor(QStringLiteral("caption")));
    QCOMPARE(selections.at(1).format.background().color(), PromptPreview::roleColor(QStringLiteral("disclaimer")));
    QVERIFY(PromptPreview::roleColor(QStringLiteral("caption")) != PromptPreview::roleColor(QStringLiteral("cue")));
}

void TestPromptPreview::captionBeforeTheImage()
{
    PromptSettings settings;
    settings.captionAfterImage = false;
    PromptPreview preview;
    preview.setPrompt(assemblePrompt(ballSample(), captionCondition(), settings));
    QCOMPARE(preview.highlights().size(), 2);
    QCOMPARE(highlighted(preview, 0), QStringLiteral("The ball is green"));
    QCOMPARE(highlighted(preview, 1), QStringLiteral(", but I could be wrong."));
    // The caption opens the user turn; the image follows it.
    const int captionStart = preview.highlights().at(0).start;
    QCOMPARE(preview.text().mid(captionStart - 17, 17), QStringLiteral("<|im_start|>user\n"));
    QVERIFY(preview.text().indexOf(QStringLiteral("<|vision_start|>")) > captionStart);
}

void TestPromptPreview::thinkPrefixAndCueInThePrefill()
{
    Condition condition;
    condition.sampleId = 1;
    condition.kind = ConditionKind::WrongThinkCue;
    condition.thinkPrefix = QStringLiteral("It looks green.");
    condition.cueText = QStringLiteral(" But I think");
    condition.targetOption = QStringLiteral("B");
    PromptPreview preview;
    preview.setPrompt(assemblePrompt(ballSample(), condition, PromptSettings {}));
    QVERIFY(preview.text().endsWith(QStringLiteral("<|im_start|>assistant\n<think>It looks green. But I think")));
    QCOMPARE(preview.text().size() - preview.prefillStart(), 34); // "<think>" (7) + 15 + 12
    QCOMPARE(preview.highlights().size(), 2);
    QCOMPARE(preview.highlights().at(0).role, QStringLiteral("think-prefix"));
    QCOMPARE(preview.highlights().at(0).start, preview.prefillStart() + 7);
    QCOMPARE(highlighted(preview, 0), QStringLiteral("It looks green."));
    QCOMPARE(preview.highlights().at(1).role, QStringLiteral("cue"));
    QCOMPARE(highlighted(preview, 1), QStringLiteral(" But I think"));
}

void TestPromptPreview::errorReplacesThePrompt()
{
    PromptPreview preview;
    preview.setPrompt(assemblePrompt(ballSample(), captionCondition(), PromptSettings {}));
    preview.showError(QStringLiteral("the caption text is empty"));
    QCOMPARE(preview.errorText(), QStringLiteral("the caption text is empty"));
    QVERIFY(preview.highlights().isEmpty());
    QVERIFY(preview.text().isEmpty());
    preview.clear();
    QVERIFY(preview.errorText().isEmpty());
}

QTEST_MAIN(TestPromptPreview)
#include "tst_prompt_preview.moc"
