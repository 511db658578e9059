#include "demo_command.h"

#include "console.h"
#include "data/demo_workspace.h"
#include "workspace/workspace_error.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>

#include <exception>
#include <limits>

namespace vlmprobe {

namespace {

const QString kCommand = QStringLiteral("vlmprobe demo");
constexpr int kUsageError = 2;
// Far above any useful demo, well below what would exhaust the disk by accident.
constexpr qint64 kMaximumSamples = 1'000'000;

} // namespace

HeadlessCommand demoCommand()
{
    return { QStringLiteral("demo"), QStringLiteral("write the demo study into a new workspace file"), runDemoCommand };
}

int runDemoCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Writes the demo study (synthetic shape scenes with known ground truth, their questions and the protocol's "
        "conditions) into a new workspace file."));
    const QCommandLineOption outOption(
        QStringLiteral("out"), QStringLiteral("The workspace file to write."), QStringLiteral("FILE"));
    const QCommandLineOption samplesOption(QStringLiteral("samples"),
        QStringLiteral("Number of samples (default %1).").arg(kDefaultDemoSampleCount), QStringLiteral("N"));
    const QCommandLineOption seedOption(QStringLiteral("seed"),
        QStringLiteral("Generator seed (default %1).").arg(kDefaultDemoSeed), QStringLiteral("S"));
    const QCommandLineOption forceOption(
        QStringLiteral("force"), QStringLiteral("Replace FILE if it exists (by default an existing file is kept)."));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print the result as JSON."));
    const QCommandLineOption helpOption(
        QStringList { QStringLiteral("h"), QStringLiteral("help") }, QStringLiteral("Show this help."));
    parser.addOptions({ outOption, samplesOption, seedOption, forceOption, jsonOption, helpOption });

    QStringList parsed = arguments;
    if (!parsed.isEmpty())
        parsed.first() = kCommand;
    if (!parser.parse(parsed)) {
        console::printError(kCommand, parser.errorText());
        return kUsageError;
    }
    if (parser.isSet(helpOption)) {
        console::printLine(
            QStringLiteral("usage: vlmprobe demo --out FILE [--samples N] [--seed S] [--force] [--json]\n")
            + parser.helpText().section(QLatin1Char('\n'), 1));
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        console::printError(kCommand,
            QStringLiteral("unexpected argument '%1' (the file goes after --out)")
                .arg(parser.positionalArguments().first()));
        return kUsageError;
    }
    const QString out = parser.value(outOption);
    if (out.isEmpty()) {
        console::printError(kCommand, QStringLiteral("--out FILE is required"));
        return kUsageError;
    }

    int samples = kDefaultDemoSampleCount;
    if (parser.isSet(samplesOption)) {
        bool ok = false;
        const qint64 value = parser.value(samplesOption).toLongLong(&ok);
        if (!ok || value < 1 || value > kMaximumSamples) {
            console::printError(kCommand,
                QStringLiteral("--samples must be an integer from 1 to %1, not '%2'")
                    .arg(kMaximumSamples)
                    .arg(parser.value(samplesOption)));
            return kUsageError;
        }
        samples = static_cast<int>(value);
    }
    std::uint32_t seed = kDefaultDemoSeed;
    if (parser.isSet(seedOption)) {
        bool ok = false;
        const qulonglong value = parser.value(seedOption).toULongLong(&ok);
        if (!ok || value > std::numeric_limits<std::uint32_t>::max()) {
            console::printError(kCommand,
                QStringLiteral("--seed must be an integer from 0 to %1, not '%2'")
                    .arg(std::numeric_limits<std::uint32_t>::max())
                    .arg(parser.value(seedOption)));
            return kUsageError;
        }
        seed = static_cast<std::uint32_t>(value);
    }

    DemoWorkspaceSummary summary;
    try {
        summary = writeDemoWorkspace(
            out, samples, seed, parser.isSet(forceOption) ? ExistingFile::Replace : ExistingFile::Refuse);
    } catch (const WorkspaceError& error) {
        console::printError(kCommand, error.message());
        return 1;
    } catch (const std::exception& error) {
        console::printError(kCommand, QString::fromUtf8(error.what()));
        return 1;
    }

    if (parser.isSet(jsonOption)) {
        const QJsonObject result { { QStringLiteral("path"), summary.path },
            { QStringLiteral("dataset_id"), summary.datasetId }, { QStringLiteral("samples"), summary.sampleCount },
            { QStringLiteral("conditions"), summary.conditionCount }, { QStringLiteral("images"), summary.imageCount },
            { QStringLiteral("seed"), static_cast<qint64>(seed) } };
        console::printLine(QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Compact)));
    } else {
        console::printLine(QStringLiteral("wrote %1: %2 samples, %3 conditions, %4 images (seed %5)")
                               .arg(summary.path)
                               .arg(summary.sampleCount)
                               .arg(summary.conditionCount)
                               .arg(summary.imageCount)
                               .arg(seed));
    }
    return 0;
}

} // namespace vlmprobe
