#include "backends/decode_settings.h"

namespace vlmprobe {

QJsonObject DecodeSettings::toJson() const
{
    return QJsonObject {
        { QStringLiteral("greedy"), greedy },
        { QStringLiteral("temperature"), temperature },
        { QStringLiteral("top_p"), topP },
        { QStringLiteral("top_k"), topK },
        { QStringLiteral("repetition_penalty"), repetitionPenalty },
        // A string keeps all 64 bits: JSON numbers are doubles.
        { QStringLiteral("seed"), QString::number(seed) },
        { QStringLiteral("max_new_tokens"), maxNewTokens },
        { QStringLiteral("min_pixels"), minPixels },
        { QStringLiteral("max_pixels"), maxPixels },
        { QStringLiteral("top_alternatives"), topAlternatives },
        { QStringLiteral("attention_readout"), attentionReadout },
    };
}

DecodeSettings DecodeSettings::fromJson(const QJsonObject& json)
{
    DecodeSettings s;
    const auto boolean = [&](const char* key, bool fallback) {
        const QJsonValue v = json.value(QLatin1String(key));
        return v.isBool() ? v.toBool() : fallback;
    };
    const auto number = [&](const char* key, double fallback) {
        const QJsonValue v = json.value(QLatin1String(key));
        return v.isDouble() ? v.toDouble() : fallback;
    };
    const auto integer = [&](const char* key, qint64 fallback) {
        const QJsonValue v = json.value(QLatin1String(key));
        return v.isDouble() ? v.toInteger(fallback) : fallback;
    };
    s.greedy = boolean("greedy", s.greedy);
    s.temperature = number("temperature", s.temperature);
    s.topP = number("top_p", s.topP);
    s.topK = static_cast<int>(integer("top_k", s.topK));
    s.repetitionPenalty = number("repetition_penalty", s.repetitionPenalty);
    const QJsonValue seed = json.value(QLatin1String("seed"));
    if (seed.isString()) {
        bool ok = false;
        const quint64 parsed = seed.toString().toULongLong(&ok);
        if (ok)
            s.seed = parsed;
    } else if (seed.isDouble() && seed.toDouble() >= 0) {
        s.seed = static_cast<quint64>(seed.toInteger());
    }
    s.maxNewTokens = static_cast<int>(integer("max_new_tokens", s.maxNewTokens));
    s.minPixels = integer("min_pixels", s.minPixels);
    s.maxPixels = integer("max_pixels", s.maxPixels);
    s.topAlternatives = static_cast<int>(integer("top_alternatives", s.topAlternatives));
    s.attentionReadout = boolean("attention_readout", s.attentionReadout);
    return s;
}

} // namespace vlmprobe
