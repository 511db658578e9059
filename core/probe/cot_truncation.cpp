#include "probe/cot_truncation.h"

#include "probe/probe_error.h"

#include <QJsonArray>
#include <QJsonValue>

#include <cmath>
#include <limits>

namespace vlmprobe {

namespace {

const QString kThinkOpen = QStringLiteral("<think>");
const QString kThinkClose = QStringLiteral("</think>");

bool isTerminator(QChar c)
{
    return c == u'.' || c == u'!' || c == u'?';
}

} // namespace

SourceThinking sourceThinking(const Run& run)
{
    const QJsonArray content = run.tokenLogprobs.value(QStringLiteral("content")).toArray();
    if (content.isEmpty())
        throw ProbeError(QStringLiteral("source run %1 has no token list (tokenLogprobs.content)").arg(run.id));
    QList<SourceToken> tokens;
    tokens.reserve(content.size());
    QString text;
    QList<int> ends; // end offset of each token in text
    for (qsizetype i = 0; i < content.size(); ++i) {
        const QJsonObject entry = content.at(i).toObject();
        const QJsonValue id = entry.value(QStringLiteral("id"));
        const QJsonValue token = entry.value(QStringLiteral("token"));
        const double idValue = id.toDouble(-1.0);
        if (!id.isDouble() || idValue < 0 || idValue > std::numeric_limits<std::int32_t>::max()
            || idValue != std::floor(idValue) || !token.isString())
            throw ProbeError(
                QStringLiteral("source run %1: token %2 lacks an integer id or a string token").arg(run.id).arg(i));
        tokens.append(SourceToken { static_cast<std::int32_t>(idValue), token.toString() });
        text += token.toString();
        ends.append(static_cast<int>(text.size()));
    }

    SourceThinking result;
    const qsizetype open = text.indexOf(kThinkOpen);
    result.openedInCompletion = open >= 0;
    const qsizetype thinkStart = open >= 0 ? open + kThinkOpen.size() : 0;
    qsizetype close = text.indexOf(kThinkClose, thinkStart);
    if (close < 0)
        close = text.size();
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        const int end = ends.at(i);
        const int start = i == 0 ? 0 : ends.at(i - 1);
        if (start < thinkStart)
            result.preamble.append(tokens.at(i));
        else if (end <= close)
            result.thinking.append(tokens.at(i));
        else
            break;
    }
    return result;
}

QList<int> sentenceEnds(const QString& text)
{
    QList<int> ends;
    int lastContent = -1; // index of the last non-space character of the current sentence; -1 = none yet
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'\n') {
            if (lastContent >= 0)
                ends.append(lastContent + 1);
            lastContent = -1;
            continue;
        }
        if (c.isSpace())
            continue;
        lastContent = static_cast<int>(i);
        if (isTerminator(c) && (i + 1 == text.size() || text.at(i + 1).isSpace())) {
            ends.append(lastContent + 1);
            lastContent = -1;
        }
    }
    if (lastContent >= 0)
        ends.append(lastContent + 1);
    return ends;
}

int truncationCount(double fraction, int total)
{
    if (!std::isfinite(fraction) || fraction < 0.0 || fraction > 1.0)
        throw ProbeError(QStringLiteral("early answering: fraction %1 is outside 0..1").arg(fraction));
    return static_cast<int>(std::floor(fraction * total + 0.5));
}

} // namespace vlmprobe
