#pragma once
// The determining hash of a run: SHA-256 (lowercase hex) over a canonical JSON of everything that determines what
// the model is asked and how it decodes. Two jobs with the same hash produce the same run (up to the engine's
// numerical determinism), so a runner resumes by skipping hashes that already have a finished run.
//
// What goes in: the checkpoint (location, revision, backend, remote model name), the condition's kind and recipe,
// the rendered prompt, the prefill text and any prefill token ids, the image shown (content hash), the effective
// options and gold letter, the decode settings and the engine version. What stays out: row ids (sample,
// condition, model, run) and timestamps, so the hash of a job is the same in every workspace that holds it.
//
// The JSON is canonical because QJsonObject keeps its keys sorted and doubles print in their shortest round-trip
// form. Any change to the layout changes every hash: bump kDeterminingHashVersion when it happens on purpose.
//
// Thread: any (a pure function).

#include "backends/decode_settings.h"
#include "probe/prompt_assembly.h"
#include "workspace/records.h"

#include <QByteArray>
#include <QString>

namespace vlmprobe {

inline constexpr int kDeterminingHashVersion = 1;

// The canonical JSON the hash is taken over (compact, keys sorted), for display and debugging.
QByteArray determiningJson(const ModelEntry& model, const Sample& sample, const Condition& condition,
    const AssembledPrompt& prompt, const DecodeSettings& decode, const QString& engineVersion);

QString determiningHash(const ModelEntry& model, const Sample& sample, const Condition& condition,
    const AssembledPrompt& prompt, const DecodeSettings& decode, const QString& engineVersion);

} // namespace vlmprobe
