#pragma once
// How one run decodes: sampling, length, image preprocessing bounds and how many alternatives to report.
// Plain copyable value; toJson() is what a Run records as decodeParameters.

#include <QJsonObject>
#include <QtGlobal>

namespace vlmprobe {

struct DecodeSettings {
    bool greedy = true; // argmax; the sampling fields below are ignored when set
    double temperature = 1.0;
    double topP = 1.0;
    int topK = 0; // 0 = off
    double repetitionPenalty = 1.0; // 1 = off
    quint64 seed = 0; // sampling seed (reproducible for a given device and dtype)
    int maxNewTokens = 512;
    qint64 minPixels = 3136; // image preprocessing bounds (pixels), passed to the processor as call-time overrides
    qint64 maxPixels = 1003520;
    int topAlternatives = 5; // per generated token
    // Per token attention on the image (last decoder layer): cheap, and what the image overlay shows.
    bool attentionReadout = true;

    // Keys: "greedy", "temperature", "top_p", "top_k", "repetition_penalty", "seed", "max_new_tokens",
    // "min_pixels", "max_pixels", "top_alternatives", "attention_readout". fromJson takes the default for an absent or
    // mistyped key.
    QJsonObject toJson() const;
    static DecodeSettings fromJson(const QJsonObject& json);

    friend bool operator==(const DecodeSettings&, const DecodeSettings&) = default;
};

} // namespace vlmprobe
