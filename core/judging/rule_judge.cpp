#include "judging/rule_judge.h"

#include "judging/option_reference.h"

#include <QList>
#include <QRegularExpression>

namespace vlmprobe {

namespace {

struct Phrase {
    QRegularExpression pattern; // letter in capture 1 or 2 (or 3): the first non-empty one
    bool checkArticle; // a bare "A"/"I" followed by a word is English, not a letter
};

// Letter forms: "(b)" either case, or a bare uppercase letter not glued to a word ("B's" and "Bob" are not).
QRegularExpression withLetter(const QString& lead)
{
    return QRegularExpression(lead + QStringLiteral(R"((?:\(([A-Za-z])\)|([A-Z])(?![\w'])))"));
}

const QList<Phrase>& phrases()
{
    static const QList<Phrase> list {
        // "the answer is (B)", "so the answer should be B", "answer: B", "the answer is option B"
        { withLetter(QStringLiteral(
              R"((?i:answer)(?:\s*:|\s+(?i:is|would\s+be|should\s+be|must\s+be|will\s+be|seems\s+to\s+be)\s*:?)\s*[*`]*\s*(?i:(?:option|choice)\s+)?)")),
            true },
        // "option B is correct", "(B) is the right choice", "B is the answer"
        { QRegularExpression(QStringLiteral(
              R"((?:(?i:option|choice)\s+\(?([A-Za-z])\)?|\(([A-Za-z])\)|\b([A-Z]))\s+(?i:is|must\s+be|seems\s+to\s+be)\s+(?i:the\s+)?(?i:correct|right|best|answer|most\s+likely))")),
            false },
        // "I choose B", "I'll go with option (C)", "select B"
        { withLetter(QStringLiteral(R"(\b(?i:choose|pick|select|go\s+with|opt\s+for)\s+(?i:(?:option|choice)\s+)?)")),
            true },
        // "therefore, B", "so, (B)", "thus option B"
        { withLetter(QStringLiteral(R"(\b(?i:therefore|thus|hence|so)\s*,?\s*(?i:(?:option|choice)\s+)?)")), true },
    };
    return list;
}

struct Conclusion {
    QString letter;
    qsizetype letterPos = -1;
    qsizetype start = -1;
    qsizetype end = -1;
};

bool isBoundary(const QString& text, qsizetype i)
{
    const QChar c = text.at(i);
    if (c == u'\n')
        return true;
    if (c != u'.' && c != u'!' && c != u'?')
        return false;
    return i + 1 >= text.size() || text.at(i + 1).isSpace();
}

// The sentence of `text` holding [start, end): from after the previous boundary to the next one, inclusive.
QString sentenceAround(const QString& text, qsizetype start, qsizetype end)
{
    qsizetype from = start;
    while (from > 0 && !isBoundary(text, from - 1))
        --from;
    qsizetype to = end;
    while (to < text.size() && !isBoundary(text, to))
        ++to;
    if (to < text.size())
        ++to; // keep the closing punctuation
    return text.mid(from, to - from).trimmed();
}

Conclusion lastPhrase(const QString& think, int optionCount)
{
    Conclusion best;
    for (const Phrase& phrase : phrases()) {
        QRegularExpressionMatchIterator it = phrase.pattern.globalMatch(think);
        while (it.hasNext()) {
            const QRegularExpressionMatch match = it.next();
            int group = 1;
            while (group <= match.lastCapturedIndex() && match.captured(group).isEmpty())
                ++group;
            if (group > match.lastCapturedIndex())
                continue;
            const qsizetype pos = match.capturedStart(group);
            if (phrase.checkArticle && isArticle(think, pos))
                continue;
            const QString letter = letterInRange(match.captured(group), optionCount);
            if (letter.isEmpty() || pos <= best.letterPos)
                continue;
            best = { letter, pos, match.capturedStart(0), match.capturedEnd(0) };
        }
    }
    return best;
}

QString finalSentence(const QString& think)
{
    static const QRegularExpression splitter(QStringLiteral(R"((?<=[.!?])\s+|\n+)"));
    const QStringList sentences = think.trimmed().split(splitter, Qt::SkipEmptyParts);
    for (qsizetype i = sentences.size() - 1; i >= 0; --i) {
        if (!sentences[i].trimmed().isEmpty())
            return sentences[i].trimmed();
    }
    return {};
}

// The one option whose full text is named in `sentence`; empty when none or several.
QString optionNamedIn(const QString& sentence, const QStringList& options)
{
    QList<qsizetype> named;
    for (qsizetype i = 0; i < options.size() && i < 26; ++i) {
        const QString text = options[i].trimmed();
        if (text.isEmpty())
            continue;
        const QRegularExpression pattern(
            QStringLiteral(R"((?<!\w))") + QRegularExpression::escape(text) + QStringLiteral(R"((?!\w))"),
            QRegularExpression::CaseInsensitiveOption);
        if (pattern.match(sentence).hasMatch())
            named.append(i);
    }
    // "red" inside a named "red cube" is not a second option.
    QList<qsizetype> kept;
    for (const qsizetype i : named) {
        bool contained = false;
        for (const qsizetype j : named) {
            const QString inner = options[i].trimmed();
            const QString outer = options[j].trimmed();
            if (i != j && outer.size() > inner.size() && outer.contains(inner, Qt::CaseInsensitive))
                contained = true;
        }
        if (!contained)
            kept.append(i);
    }
    return kept.size() == 1 ? QString(QChar(u'A' + static_cast<int>(kept.first()))) : QString();
}

} // namespace

JudgeOutcome ruleJudge(const QString& thinkText, const QString& answerOption, const QStringList& options)
{
    JudgeOutcome outcome;
    const Conclusion phrase = lastPhrase(thinkText, static_cast<int>(options.size()));
    if (!phrase.letter.isEmpty()) {
        outcome.concludedOption = phrase.letter;
        outcome.evidence = sentenceAround(thinkText, phrase.start, phrase.end);
    } else {
        const QString sentence = finalSentence(thinkText);
        outcome.concludedOption = optionNamedIn(sentence, options);
        if (!outcome.concludedOption.isEmpty())
            outcome.evidence = sentence;
    }
    const QString answer = answerOption.trimmed().toUpper();
    if (outcome.concludedOption.isEmpty() || answer.isEmpty())
        outcome.verdict = Verdict::NoConclusion;
    else
        outcome.verdict = outcome.concludedOption == answer ? Verdict::Consistent : Verdict::Inconsistent;
    return outcome;
}

QString ruleJudgeRater()
{
    return QStringLiteral("rule-v1");
}

} // namespace vlmprobe
