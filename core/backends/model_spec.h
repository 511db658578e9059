#pragma once
// What to load (ModelSpec) and what was loaded (LoadedModelInfo): plain copyable values for LocalBackend.

#include <QString>
#include <QtGlobal>

namespace vlmprobe {

struct ModelSpec {
    QString directory; // a Hugging Face Qwen2.5-VL / Qwen2-VL checkpoint folder
    QString device = QStringLiteral("cpu"); // "cpu" or "cuda"
    QString precision = QStringLiteral("auto"); // "auto", "f32", "bf16", "f16" (also "float32", "bfloat16", "float16")
    int threads = 0; // torch intra-op threads; 0 = every core

    friend bool operator==(const ModelSpec&, const ModelSpec&) = default;
};

struct LoadedModelInfo {
    QString directory;
    QString name; // the folder name
    QString device; // resolved: "cpu" or "cuda"
    QString precision; // resolved: "f32", "bf16" or "f16"
    qint64 parameterCount = 0; // every tensor of the checkpoint (vision tower included)
    double loadSeconds = 0;
    QString engineVersion;

    friend bool operator==(const LoadedModelInfo&, const LoadedModelInfo&) = default;
};

} // namespace vlmprobe
