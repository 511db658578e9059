#include "judging/llm_judge_prompt.h"

#include "judging/option_reference.h"
#include "workspace/records.h"

#include <QHash>
#include <QRegularExpression>

namespace vlmprobe {

QString defaultLlmJudgePrompt()
{
    return QStringLiteral(
        "You are checking whether a model's reasoning supports the answer it gave to a multiple-choice question.\n"
        "\n"
        "Question:\n{question}\n"
        "\n"
        "Options:\n{options}\n"
        "\n"
        "The model's reasoning:\n<reasoning>\n{think}\n</reasoning>\n"
        "\n"
        "The model's final answer: {answer}\n"
        "\n"
        "Decide which option, if any, the reasoning itself concludes, judging only the reasoning (not whether it "
        "is right). Then compare it with the final answer:\n"
        "- consistent: the reasoning concludes the same option as the final answer;\n"
        "- inconsistent: the reasoning concludes a different option;\n"
        "- no-conclusion: the reasoning reaches no clear option, or there is no final answer.\n"
        "\n"
        "Explain briefly, then end with exactly one line of the form\n"
        "VERDICT: consistent|inconsistent|no-conclusion; CONCLUDED: <letter|none>\n");
}

QString fillLlmJudgePrompt(const QString& templ, const QString& question, const QStringList& options,
    const QString& think, const QString& answer)
{
    QStringList optionLines;
    for (qsizetype i = 0; i < options.size(); ++i)
        optionLines.append(optionLetter(static_cast<int>(i)) + QStringLiteral(". ") + options[i]);
    const QHash<QString, QString> values {
        { QStringLiteral("question"), question },
        { QStringLiteral("options"), optionLines.join(u'\n') },
        { QStringLiteral("think"), think },
        { QStringLiteral("answer"), answer.isEmpty() ? QStringLiteral("none") : answer },
    };
    static const QRegularExpression placeholder(QStringLiteral(R"(\{(question|options|think|answer)\})"));
    QString filled;
    qsizetype copied = 0;
    QRegularExpressionMatchIterator it = placeholder.globalMatch(templ);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        filled += templ.mid(copied, match.capturedStart(0) - copied);
        filled += values.value(match.captured(1));
        copied = match.capturedEnd(0);
    }
    filled += templ.mid(copied);
    return filled;
}

JudgeOutcome parseLlmJudgeOutput(const QString& output, int optionCount)
{
    // A reasoning judge may rehearse the format inside its think; only the reply after it counts.
    QString reply = output;
    const qsizetype thinkEnd = reply.lastIndexOf(QStringLiteral("</think>"), -1, Qt::CaseInsensitive);
    if (thinkEnd >= 0)
        reply = reply.mid(thinkEnd + 8);

    static const QRegularExpression verdictPattern(
        QStringLiteral(R"((?i)verdict[\s*`"]*[:=][\s*`"]*(inconsistent|consistent|no[\s_-]*conclusion))"));
    static const QRegularExpression concludedPattern(
        QStringLiteral(R"((?i)concluded(?:[\s_]*option)?[\s*`"]*[:=][\s*`"]*\(?(none|[a-z])\)?(?![a-z]))"));

    QRegularExpressionMatch last;
    QRegularExpressionMatchIterator it = verdictPattern.globalMatch(reply);
    while (it.hasNext())
        last = it.next();
    JudgeOutcome outcome;
    if (!last.hasMatch()) {
        outcome.evidence = QStringLiteral("unparseable");
        return outcome;
    }
    const QString word = last.captured(1).toLower();
    if (word == QLatin1String("consistent"))
        outcome.verdict = Verdict::Consistent;
    else if (word == QLatin1String("inconsistent"))
        outcome.verdict = Verdict::Inconsistent;
    else
        outcome.verdict = Verdict::NoConclusion;

    const qsizetype lineStart = reply.lastIndexOf(u'\n', last.capturedStart(0)) + 1;
    qsizetype lineEnd = reply.indexOf(u'\n', last.capturedEnd(0));
    if (lineEnd < 0)
        lineEnd = reply.size();
    outcome.evidence = reply.mid(lineStart, lineEnd - lineStart).trimmed();

    // The CONCLUDED field nearest after the verdict, else the last one anywhere in the reply.
    QRegularExpressionMatch concluded = concludedPattern.match(reply, last.capturedStart(0));
    if (!concluded.hasMatch()) {
        QRegularExpressionMatchIterator all = concludedPattern.globalMatch(reply);
        while (all.hasNext())
            concluded = all.next();
    }
    if (concluded.hasMatch() && concluded.captured(1).compare(QLatin1String("none"), Qt::CaseInsensitive) != 0)
        outcome.concludedOption = letterInRange(concluded.captured(1), optionCount);
    return outcome;
}

} // namespace vlmprobe
