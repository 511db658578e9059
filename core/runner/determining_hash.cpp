#include "determining_hash.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace vlmprobe {

namespace {

QJsonArray stringArray(const QStringList& values)
{
    QJsonArray array;
    for (const QString& value : values)
        array.append(value);
    return array;
}

// Prefill segments in order: their text, and the token ids when the segment is the model's own earlier output
// (appended by id, not re-tokenized, so the ids are what the model sees).
QJsonArray prefillSegments(const AssembledPrompt& prompt)
{
    QJsonArray segments;
    for (const PrefillSegment& segment : prompt.prefill) {
        QJsonArray ids;
        for (const std::int32_t id : segment.ids)
            ids.append(static_cast<qint64>(id));
        segments.append(QJsonObject { { QStringLiteral("text"), segment.text }, { QStringLiteral("ids"), ids } });
    }
    return segments;
}

} // namespace

QByteArray determiningJson(const ModelEntry& model, const Sample& sample, const Condition& condition,
    const AssembledPrompt& prompt, const DecodeSettings& decode, const QString& engineVersion)
{
    const QJsonObject modelJson { { QStringLiteral("backend"), backendKindName(model.backend) },
        { QStringLiteral("location"), model.location }, { QStringLiteral("remote_model"), model.remoteModel },
        { QStringLiteral("revision"), model.revision } };
    const QJsonObject conditionJson { { QStringLiteral("kind"), conditionKindName(condition.kind) },
        { QStringLiteral("parameters"), condition.parameters } };
    // The prompt's effective options and gold win; the sample's apply when the prompt leaves them empty.
    const QStringList options = prompt.options.isEmpty() ? sample.options : prompt.options;
    const QString gold = prompt.goldAnswer.isEmpty() ? sample.goldAnswer : prompt.goldAnswer;
    const QJsonObject promptJson { { QStringLiteral("rendered"), renderedPrompt(prompt) },
        { QStringLiteral("prefill_text"), prompt.prefillText() },
        { QStringLiteral("prefill_segments"), prefillSegments(prompt) },
        { QStringLiteral("image_hash"), prompt.imageHash }, { QStringLiteral("options"), stringArray(options) },
        { QStringLiteral("gold"), gold } };
    const QJsonObject root { { QStringLiteral("version"), kDeterminingHashVersion },
        { QStringLiteral("model"), modelJson }, { QStringLiteral("condition"), conditionJson },
        { QStringLiteral("prompt"), promptJson }, { QStringLiteral("decode"), decode.toJson() },
        { QStringLiteral("engine_version"), engineVersion } };
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

QString determiningHash(const ModelEntry& model, const Sample& sample, const Condition& condition,
    const AssembledPrompt& prompt, const DecodeSettings& decode, const QString& engineVersion)
{
    const QByteArray json = determiningJson(model, sample, condition, prompt, decode, engineVersion);
    return QString::fromLatin1(QCryptographicHash::hash(json, QCryptographicHash::Sha256).toHex());
}

} // namespace vlmprobe
