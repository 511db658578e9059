#include "stored_tokens.h"

#include <QJsonArray>

namespace vlmprobe {

QList<StreamedToken> storedTokens(const QJsonObject& tokenLogprobs)
{
    QList<StreamedToken> tokens;
    const QJsonArray content = tokenLogprobs.value(QLatin1String("content")).toArray();
    tokens.reserve(content.size());
    for (const QJsonValue& entry : content) {
        if (!entry.isObject())
            continue;
        const QJsonObject object = entry.toObject();
        StreamedToken token;
        token.id = object.value(QLatin1String("id")).toInt();
        token.text = object.value(QLatin1String("token")).toString();
        token.logprob = static_cast<float>(object.value(QLatin1String("logprob")).toDouble());
        token.index = static_cast<int>(tokens.size());
        for (const QJsonValue& alternative : object.value(QLatin1String("top_logprobs")).toArray()) {
            const QJsonObject top = alternative.toObject();
            token.alternatives.append({ top.value(QLatin1String("token")).toString(),
                static_cast<float>(top.value(QLatin1String("logprob")).toDouble()) });
        }
        tokens.append(token);
    }
    return tokens;
}

} // namespace vlmprobe
