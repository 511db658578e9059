#include "judging/answer_extraction.h"

#include "judging/option_reference.h"

#include <QRegularExpression>

namespace vlmprobe {

namespace {

const QString kThinkOpen = QStringLiteral("<think>");
const QString kThinkClose = QStringLiteral("</think>");
const QString kAnswerOpen = QStringLiteral("<answer>");
const QString kAnswerClose = QStringLiteral("</answer>");

struct AnswerSpan {
    bool found = false;
    QString text;
};

// The last <answer> in `text` and what follows it up to its </answer> (or the end when unclosed).
AnswerSpan lastAnswerSpan(const QString& text)
{
    const qsizetype open = text.lastIndexOf(kAnswerOpen, -1, Qt::CaseInsensitive);
    if (open < 0)
        return {};
    const qsizetype start = open + kAnswerOpen.size();
    const qsizetype close = text.indexOf(kAnswerClose, start, Qt::CaseInsensitive);
    return { true, text.mid(start, close < 0 ? -1 : close - start).trimmed() };
}

// The letter of the last match of `pattern` (capture 1) in `text` that names an option and is not an article.
QString lastLetter(const QRegularExpression& pattern, const QString& text, int optionCount)
{
    QString letter;
    QRegularExpressionMatchIterator it = pattern.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        if (isArticle(text, match.capturedStart(1)))
            continue;
        const QString candidate = letterInRange(match.captured(1), optionCount);
        if (!candidate.isEmpty())
            letter = candidate;
    }
    return letter;
}

} // namespace

ParsedCompletion parseCompletion(const QString& prefill, const QString& completion, const QStringList& options)
{
    const QString text = prefill + completion;
    const int optionCount = static_cast<int>(options.size());
    ParsedCompletion parsed;

    // `after`: where the answer may be; `thinking`: a think that never closed.
    QString after = text;
    bool thinking = false;
    const qsizetype open = text.indexOf(kThinkOpen, 0, Qt::CaseInsensitive);
    if (open >= 0) {
        const qsizetype start = open + kThinkOpen.size();
        const qsizetype close = text.indexOf(kThinkClose, start, Qt::CaseInsensitive);
        parsed.thinkClosed = close >= 0;
        parsed.thinkText = text.mid(start, close < 0 ? -1 : close - start).trimmed();
        after = close < 0 ? parsed.thinkText : text.mid(close + kThinkClose.size());
        thinking = close < 0;
    } else {
        const qsizetype close = text.indexOf(kThinkClose, 0, Qt::CaseInsensitive);
        if (close >= 0) {
            parsed.thinkClosed = true;
            parsed.thinkText = text.left(close).trimmed();
            after = text.mid(close + kThinkClose.size());
        }
    }

    const AnswerSpan span = lastAnswerSpan(after);
    if (span.found) {
        parsed.answerText = span.text;
        parsed.option = optionFromAnswerText(span.text, options);
        if (!parsed.option.isEmpty()) {
            parsed.rule = AnswerRule::AnswerTag;
            return parsed;
        }
    }
    if (thinking)
        return parsed;

    // "Answer: B", "answer is (b)": a bare letter must be uppercase, a parenthesised one may be either case.
    static const QRegularExpression colon(QStringLiteral(
        R"((?i:answer)(?:\s*:|\s+(?i:is|would\s+be|should\s+be)\s*:?)\s*[*`]*\s*\(?((?<=\()[A-Za-z]|[A-Z])(?:\)|(?![\w'])))"));
    const QString colonLetter = lastLetter(colon, after, optionCount);
    if (!colonLetter.isEmpty()) {
        parsed.option = colonLetter;
        parsed.rule = AnswerRule::AnswerColon;
        return parsed;
    }

    static const QRegularExpression boxed(
        QStringLiteral(R"(\\boxed\{\s*(?:\\text(?:bf)?\{)?\s*\(?([A-Za-z])\)?\s*\}?\s*\})"));
    const QString boxedLetter = lastLetter(boxed, after, optionCount);
    if (!boxedLetter.isEmpty()) {
        parsed.option = boxedLetter;
        parsed.rule = AnswerRule::Boxed;
        return parsed;
    }

    const QString byText = optionMatchingText(span.found ? span.text : after, options);
    if (!byText.isEmpty()) {
        parsed.option = byText;
        parsed.rule = AnswerRule::OptionText;
    }
    return parsed;
}

QString answerRuleName(AnswerRule rule)
{
    switch (rule) {
    case AnswerRule::AnswerTag:
        return QStringLiteral("answer-tag");
    case AnswerRule::AnswerColon:
        return QStringLiteral("answer-colon");
    case AnswerRule::Boxed:
        return QStringLiteral("boxed");
    case AnswerRule::OptionText:
        return QStringLiteral("option-text");
    case AnswerRule::None:
        break;
    }
    return QStringLiteral("none");
}

} // namespace vlmprobe
