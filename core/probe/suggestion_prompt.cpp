#include "probe/suggestion_prompt.h"

#include "probe/probe_error.h"

#include <QRegularExpression>

namespace vlmprobe {

namespace {

bool isCaptionKind(ConditionKind kind)
{
    return kind == ConditionKind::WrongCaption || kind == ConditionKind::WrongCaptionDisclaimer
        || kind == ConditionKind::CorrectCaption;
}

bool isCorrectKind(ConditionKind kind)
{
    return kind == ConditionKind::CorrectCaption || kind == ConditionKind::CorrectThink;
}

QString optionLines(const QStringList& options)
{
    QStringList lines;
    for (qsizetype i = 0; i < options.size(); ++i)
        lines << optionLetter(static_cast<int>(i)) + QStringLiteral(". ") + options.at(i);
    return lines.join(u'\n');
}

QString stripQuotes(QString text)
{
    static const QList<QPair<QChar, QChar>> pairs { { u'"', u'"' }, { QChar(0x201C), QChar(0x201D) }, { u'\'', u'\'' },
        { QChar(0x2018), QChar(0x2019) } };
    for (bool stripped = true; stripped && text.size() >= 2;) {
        stripped = false;
        for (const auto& [open, close] : pairs) {
            if (text.front() == open && text.back() == close) {
                text = text.mid(1, text.size() - 2).trimmed();
                stripped = true;
                break;
            }
        }
    }
    return text;
}

} // namespace

bool supportsSuggestion(ConditionKind kind)
{
    return isCaptionKind(kind) || kind == ConditionKind::WrongThink || kind == ConditionKind::WrongThinkCue
        || kind == ConditionKind::CorrectThink;
}

QString suggestionPrompt(ConditionKind kind, const Sample& sample, const QString& targetLetter)
{
    if (!supportsSuggestion(kind))
        throw ProbeError(QStringLiteral("no model suggestion for %1 conditions").arg(conditionKindName(kind)));
    qsizetype index = -1;
    for (qsizetype i = 0; i < sample.options.size(); ++i) {
        if (optionLetter(static_cast<int>(i)) == targetLetter)
            index = i;
    }
    if (index < 0)
        throw ProbeError(QStringLiteral("option '%1' is not one of the sample's %2 options")
                             .arg(targetLetter)
                             .arg(sample.options.size()));
    const QString target = targetLetter + QStringLiteral(" (") + sample.options.at(index) + u')';
    const QString purpose = isCorrectKind(kind)
        ? QStringLiteral("It must support option %1.").arg(target)
        : QStringLiteral("It must mislead the reader towards option %1, as if that option were plainly right.")
              .arg(target);
    const QString task = isCaptionKind(kind)
        ? QStringLiteral("Write a caption for the image of the multiple-choice question below: one or two sentences "
                         "that describe what the image shows so that option %1 follows as a visual fact.")
              .arg(target)
        : QStringLiteral("Write the opening of a step-by-step reasoning about the multiple-choice question below: "
                         "one or two sentences in the first person, as if looking at the image, that argue for "
                         "option %1. Do not state a final answer.")
              .arg(target);
    return task + u' ' + purpose
        + QStringLiteral(" Do not mention option letters and do not use tags such as <think> or <answer>. Reply "
                         "with the text only.\n\nQuestion:\n")
        + sample.question + QStringLiteral("\n\nOptions:\n") + optionLines(sample.options) + u'\n';
}

QString cleanSuggestion(const QString& modelOutput)
{
    static const QRegularExpression thinkBlock(
        QStringLiteral(R"(<think>.*?</think>)"), QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression anyTag(QStringLiteral(R"(</?[A-Za-z_][A-Za-z0-9_-]*\s*/?>)"));
    static const QRegularExpression paragraphBreak(QStringLiteral(R"(\n\s*\n)"));
    static const QRegularExpression label(
        QStringLiteral(R"(^(?:caption|reasoning|answer|text)\s*:\s*)"), QRegularExpression::CaseInsensitiveOption);

    QString text = modelOutput;
    text.remove(thinkBlock);
    // A reply that opened its think inside the prefill ends it alone: what came before was thinking.
    const qsizetype lone = text.lastIndexOf(QStringLiteral("</think>"));
    if (lone >= 0)
        text = text.mid(lone + 8);
    text.remove(anyTag);
    text = text.trimmed();
    const QRegularExpressionMatch split = paragraphBreak.match(text);
    if (split.hasMatch())
        text = text.left(split.capturedStart(0));
    text = text.trimmed();
    text.remove(label);
    return stripQuotes(text.trimmed());
}

} // namespace vlmprobe
