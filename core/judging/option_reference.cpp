#include "judging/option_reference.h"

#include "workspace/records.h"

#include <QRegularExpression>

namespace vlmprobe {

namespace {

// Markdown emphasis, quotes and the period a model often puts around a short answer.
QString stripDecoration(const QString& text)
{
    QString s = text.trimmed();
    static const QRegularExpression edges(QStringLiteral(R"(^[\s*`"'_]+|[\s*`"'_]+$)"));
    s.remove(edges);
    while (s.endsWith(u'.'))
        s.chop(1);
    return s.trimmed();
}

} // namespace

QString letterInRange(const QString& letter, int optionCount)
{
    if (letter.size() != 1)
        return {};
    const QChar c = letter.at(0).toUpper();
    if (c < u'A' || c > u'Z')
        return {};
    const int index = c.unicode() - u'A';
    return index < optionCount ? QString(c) : QString();
}

bool isArticle(const QString& text, qsizetype letterPos)
{
    if (letterPos < 0 || letterPos >= text.size())
        return false;
    const QChar c = text.at(letterPos);
    if (c != u'A' && c != u'I' && c != u'a')
        return false;
    return letterPos + 2 < text.size() && text.at(letterPos + 1) == u' ' && text.at(letterPos + 2).isLetter();
}

QString optionMatchingText(const QString& text, const QStringList& options)
{
    const QString wanted = stripDecoration(text);
    if (wanted.isEmpty())
        return {};
    QString found;
    for (qsizetype i = 0; i < options.size(); ++i) {
        if (stripDecoration(options[i]).compare(wanted, Qt::CaseInsensitive) != 0)
            continue;
        if (!found.isEmpty())
            return {}; // two options with the same text: the span does not say which
        found = optionLetter(static_cast<int>(i));
    }
    return found;
}

QString optionFromAnswerText(const QString& text, const QStringList& options)
{
    // Exact option text first: "A dog" may be an option's text, and is not the letter A.
    const QString byText = optionMatchingText(text, options);
    if (!byText.isEmpty())
        return byText;
    // "Option B ...", "Answer: (B)": the keyword makes the letter explicit whatever follows it.
    static const QRegularExpression keywordForm(QStringLiteral(
        R"(^[\s*`"']*(?i:(?:the\s+)?(?:final\s+)?(?:correct\s+)?(?:option|choice|answer)(?:\s+is)?)\s*:?\s*\(?([A-Za-z])\)?(?![A-Za-z]))"));
    // A letter alone or with a delimiter; "B text" without one is rejected (it would accept the article "A").
    static const QRegularExpression letterForm(QStringLiteral(R"(^[\s*`"']*\(?([A-Za-z])(?:\)|[.:]|(?=[\s*`"']*$)))"));
    QRegularExpressionMatch match = keywordForm.match(text);
    const bool keyword = match.hasMatch();
    if (!keyword)
        match = letterForm.match(text);
    if (!match.hasMatch())
        return {};
    const QString letter = match.captured(1);
    // A lowercase letter is taken only when it stands alone ("b", "(b)", "b."), never before more text
    // unless a keyword introduced it.
    if (letter.at(0).isLower() && !keyword) {
        QString bare = stripDecoration(text);
        bare.remove(u'(').remove(u')');
        if (bare.trimmed().size() != 1)
            return {};
    }
    return letterInRange(letter, static_cast<int>(options.size()));
}

} // namespace vlmprobe
