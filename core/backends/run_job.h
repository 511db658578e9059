#pragma once
// The requests LocalBackend runs and the values it streams back. Plain copyable data: every type here crosses the
// inference thread in queued signals (metatypes registered by LocalBackend).

#include "backends/decode_settings.h"
#include "probe/prompt_assembly.h"
#include "workspace/records.h"

#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QtGlobal>

namespace vlmprobe {

// One model answering one condition.
struct RunJob {
    qint64 requestId = 0; // chosen by the caller; tags every signal about this job
    qint64 modelId = 0; // ModelEntry id the Run will carry
    Sample sample;
    Condition condition;
    AssembledPrompt prompt; // core/probe/prompt_assembly.h
    StoredImage image; // the image to show (bytes empty = text-only)
    DecodeSettings decode;
    bool scoreLetters = true; // compute the answer-letter distribution after the run
    QString determiningHash; // copied into the Run
};

// One generated token as it streams. `text` is the UTF-8-safe piece this token completes (possibly empty while a
// character is split across tokens; special tokens decode to nothing): the pieces of a run concatenate to
// Run::completion. alternatives: the most likely tokens at that position (single-token text, natural-log prob).
struct StreamedToken {
    qint32 id = 0;
    QString text;
    float logprob = 0;
    int index = 0; // 0-based among the generated tokens
    QList<QPair<QString, float>> alternatives;
    // Attention of this token on the first image's merged units (row-major, attentionRows x attentionColumns, each
    // in [0, 1]); empty for a text-only run or with DecodeSettings::attentionReadout off.
    QList<float> imageAttention;
    int attentionRows = 0;
    int attentionColumns = 0;

    friend bool operator==(const StreamedToken&, const StreamedToken&) = default;
};

enum class RunStage { Queued, EncodingImage, Prefill, Decoding, Scoring };

// Text-only generation: LLM judge, "suggest with model".
struct CompletionJob {
    qint64 requestId = 0;
    QString systemPrompt; // empty = the chat template's default system turn
    QString userText;
    QString prefill; // appended raw after the generation prompt; not part of the returned text
    DecodeSettings decode;
};

} // namespace vlmprobe

Q_DECLARE_METATYPE(vlmprobe::StreamedToken)
Q_DECLARE_METATYPE(vlmprobe::RunStage)
