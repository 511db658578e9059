#include "tst_chat_prompt_support.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>

namespace {

const QString kCasesFile = QStringLiteral(VLMPROBE_SOURCE_DIR "/tests/engine/text/fixtures/chat_prompt/cases.json");
const QString kOracle = QStringLiteral(VLMPROBE_SOURCE_DIR "/tests/oracles/render_chat_template.py");

} // namespace

QString sharedChatTemplatePath()
{
    return QStringLiteral(VLMPROBE_SHARED_DIR "/data/qwen2_5_vl/chat_template.json");
}

bool writeTestFile(const QString& path, const QByteArray& content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

QByteArray readTestFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString renderOracleCases(const QString& workDir, QList<OracleCase>& cases)
{
    const QDir dir(workDir);
    const QJsonArray entries = QJsonDocument::fromJson(readTestFile(kCasesFile)).array();
    if (entries.size() < 10)
        return QStringLiteral("fixtures/chat_prompt/cases.json is missing or has fewer than 10 cases");
    cases.clear();
    QJsonArray manifest;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject entry = entries[i].toObject();
        OracleCase c;
        c.name = entry[QLatin1String("name")].toString();
        c.addGenerationPrompt = entry[QLatin1String("add_generation_prompt")].toBool(true);
        c.addVisionId = entry[QLatin1String("add_vision_id")].toBool(false);
        c.messagesPath = dir.filePath(QStringLiteral("messages_%1.json").arg(i));
        const QJsonArray messages = entry[QLatin1String("messages")].toArray();
        const QJsonDocument document = entry[QLatin1String("wrapped")].toBool()
            ? QJsonDocument(QJsonObject { { QStringLiteral("messages"), messages } })
            : QJsonDocument(messages);
        if (!writeTestFile(c.messagesPath, document.toJson(QJsonDocument::Indented)))
            return QStringLiteral("cannot write ") + c.messagesPath;
        manifest.append(QJsonObject {
            { QStringLiteral("messages"), c.messagesPath },
            { QStringLiteral("out"), dir.filePath(QStringLiteral("expected_%1.txt").arg(i)) },
            { QStringLiteral("add_generation_prompt"), c.addGenerationPrompt },
            { QStringLiteral("add_vision_id"), c.addVisionId },
        });
        cases.append(c);
    }
    const QString manifestPath = dir.filePath(QStringLiteral("manifest.json"));
    if (!writeTestFile(manifestPath, QJsonDocument(manifest).toJson()))
        return QStringLiteral("cannot write ") + manifestPath;

    const QString python = QStandardPaths::findExecutable(QStringLiteral(VLMPROBE_ORACLE_PYTHON));
    if (python.isEmpty())
        return QStringLiteral("python3 is not installed: the chat-template oracle needs python3 and python3-jinja2");
    QProcess oracle;
    oracle.start(python,
        { kOracle, QStringLiteral("--template"), sharedChatTemplatePath(), QStringLiteral("--batch"), manifestPath });
    if (!oracle.waitForFinished(120000))
        return QStringLiteral("the Jinja2 oracle did not finish");
    const QString oracleError = QString::fromUtf8(oracle.readAllStandardError()).trimmed();
    if (oracle.exitStatus() == QProcess::NormalExit && oracle.exitCode() == 2)
        return QStringLiteral("python3-jinja2 is missing, so the chat-template oracle cannot run: ") + oracleError;
    if (oracle.exitStatus() != QProcess::NormalExit || oracle.exitCode() != 0)
        return QStringLiteral("the Jinja2 oracle failed: ") + oracleError;

    for (qsizetype i = 0; i < cases.size(); ++i) {
        cases[i].expected = readTestFile(dir.filePath(QStringLiteral("expected_%1.txt").arg(i)));
        if (!cases[i].expected.endsWith("<|im_end|>\n") && !cases[i].expected.endsWith("assistant\n"))
            return QStringLiteral("the oracle's rendering of '%1' is implausible").arg(cases[i].name);
    }
    return {};
}
