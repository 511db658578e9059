#include "run_command.h"

#include "backends/local_backend.h"
#include "backends/model_spec.h"
#include "console.h"
#include "headless_support.h"
#include "runner/batch_runner.h"
#include "runner/runner_error.h"
#include "terminal_progress.h"
#include "workspace/model_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace.h"
#include "workspace/workspace_error.h"

#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <csignal>
#include <exception>
#include <limits>
#include <optional>

namespace vlmprobe {

namespace {

const QString kCommand = QStringLiteral("vlmprobe run");
constexpr int kFailure = 1;
constexpr int kUsageError = 2;
constexpr int kInterrupted = 130; // 128 + SIGINT, as shells report it
constexpr int kSamplePage = 10000;
constexpr int kMaximumNewTokens = 1 << 20;

volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void onInterrupt(int)
{
    g_interrupted = 1;
}

// SIGINT sets a flag for the duration of the command; the event loop polls it (a handler may do nothing else).
class InterruptGuard {
public:
    InterruptGuard()
    {
        g_interrupted = 0;
        m_previous = std::signal(SIGINT, onInterrupt);
    }
    ~InterruptGuard() { std::signal(SIGINT, m_previous); }
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
    void (*m_previous)(int) = nullptr;
};

struct RunOptions {
    QString workspace;
    QString modelDirectory;
    QList<ConditionKind> kinds;
    QList<qint64> sampleIds; // empty = every sample of the workspace
    std::optional<qint64> limit;
    bool ruleJudge = true;
    ModelSpec spec;
    DecodeSettings decode;
    bool json = false;
};

QString validConditionNames()
{
    QStringList names;
    for (const ConditionKind kind : allConditionKinds())
        names << conditionKindName(kind);
    return names.join(QStringLiteral(", "));
}

// Returns the exit status when the command must stop here (help shown or a usage error), nullopt to go on.
std::optional<int> parseOptions(const QStringList& arguments, RunOptions& options)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs a local checkpoint over samples x conditions of a workspace and stores every run; jobs already done "
        "with the same settings are skipped."));
    const QCommandLineOption workspaceOption(
        QStringLiteral("workspace"), QStringLiteral("The workspace file."), QStringLiteral("W"));
    const QCommandLineOption modelOption(
        QStringLiteral("model"), QStringLiteral("The checkpoint folder (Hugging Face layout)."), QStringLiteral("DIR"));
    const QCommandLineOption conditionsOption(QStringLiteral("conditions"),
        QStringLiteral("Comma-separated condition kinds (default base): %1.").arg(validConditionNames()),
        QStringLiteral("LIST"));
    const QCommandLineOption samplesOption(QStringLiteral("samples"),
        QStringLiteral("Comma-separated sample ids (default every sample)."), QStringLiteral("IDS"));
    const QCommandLineOption limitOption(
        QStringLiteral("limit"), QStringLiteral("Run at most the first N samples."), QStringLiteral("N"));
    const QCommandLineOption judgeOption(QStringLiteral("judge"),
        QStringLiteral("Judge stored runs with the rule judge, or not (rule|none, default rule)."),
        QStringLiteral("KIND"));
    const QCommandLineOption deviceOption(
        QStringLiteral("device"), QStringLiteral("cpu|cuda (default cpu)."), QStringLiteral("DEVICE"));
    const QCommandLineOption dtypeOption(
        QStringLiteral("dtype"), QStringLiteral("auto|f32|bf16|f16 (default auto)."), QStringLiteral("DTYPE"));
    const QCommandLineOption maxTokensOption(QStringLiteral("max-new-tokens"),
        QStringLiteral("Generation length limit (default %1).").arg(DecodeSettings {}.maxNewTokens),
        QStringLiteral("N"));
    const QCommandLineOption seedOption(
        QStringLiteral("seed"), QStringLiteral("Decoding seed (default 0)."), QStringLiteral("S"));
    const QCommandLineOption maxPixelsOption(QStringLiteral("max-pixels"),
        QStringLiteral("Largest image size fed to the vision tower, in pixels (default %1).")
            .arg(DecodeSettings {}.maxPixels),
        QStringLiteral("N"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print the summary as JSON."));
    const QCommandLineOption helpOption(
        QStringList { QStringLiteral("h"), QStringLiteral("help") }, QStringLiteral("Show this help."));
    parser.addOptions({ workspaceOption, modelOption, conditionsOption, samplesOption, limitOption, judgeOption,
        deviceOption, dtypeOption, maxTokensOption, seedOption, maxPixelsOption, jsonOption, helpOption });

    QStringList parsed = arguments;
    if (!parsed.isEmpty())
        parsed.first() = kCommand;
    const auto usageError = [](const QString& message) {
        console::printError(kCommand, message);
        return std::optional<int>(kUsageError);
    };
    if (!parser.parse(parsed))
        return usageError(parser.errorText());
    if (parser.isSet(helpOption)) {
        console::printLine(
            QStringLiteral("usage: vlmprobe run --workspace W --model DIR [--conditions LIST] "
                           "[--samples IDS] [--limit N] [--judge rule|none] [--device cpu|cuda] "
                           "[--dtype auto|f32|bf16|f16] [--max-new-tokens N] [--seed S] [--max-pixels N] [--json]\n")
            + parser.helpText().section(QLatin1Char('\n'), 1));
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
    options.workspace = parser.value(workspaceOption);
    options.modelDirectory = parser.value(modelOption);
    if (options.workspace.isEmpty())
        return usageError(QStringLiteral("--workspace W is required"));
    if (options.modelDirectory.isEmpty())
        return usageError(QStringLiteral("--model DIR is required"));

    const QString conditions = parser.isSet(conditionsOption) ? parser.value(conditionsOption) : QStringLiteral("base");
    for (const QString& name : conditions.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const std::optional<ConditionKind> kind = conditionKindFromName(name.trimmed());
        if (!kind)
            return usageError(
                QStringLiteral("unknown condition '%1' (valid: %2)").arg(name.trimmed(), validConditionNames()));
        if (!options.kinds.contains(*kind))
            options.kinds << *kind;
    }
    if (options.kinds.isEmpty())
        return usageError(QStringLiteral("--conditions names no condition (valid: %1)").arg(validConditionNames()));

    if (parser.isSet(samplesOption)) {
        for (const QString& text : parser.value(samplesOption).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const std::optional<qint64> id = parseInteger(text, 1, std::numeric_limits<qint64>::max());
            if (!id)
                return usageError(QStringLiteral("--samples takes positive sample ids, not '%1'").arg(text));
            if (!options.sampleIds.contains(*id))
                options.sampleIds << *id;
        }
        if (options.sampleIds.isEmpty())
            return usageError(QStringLiteral("--samples names no sample"));
    }
    if (parser.isSet(limitOption)) {
        options.limit = parseInteger(parser.value(limitOption), 1, std::numeric_limits<qint64>::max());
        if (!options.limit)
            return usageError(
                QStringLiteral("--limit must be a positive integer, not '%1'").arg(parser.value(limitOption)));
    }
    const QString judge = parser.isSet(judgeOption) ? parser.value(judgeOption) : QStringLiteral("rule");
    if (judge != QStringLiteral("rule") && judge != QStringLiteral("none"))
        return usageError(QStringLiteral("--judge must be rule or none, not '%1'").arg(judge));
    options.ruleJudge = judge == QStringLiteral("rule");
    if (parser.isSet(deviceOption))
        options.spec.device = parser.value(deviceOption);
    if (parser.isSet(dtypeOption))
        options.spec.precision = parser.value(dtypeOption);
    if (const std::optional<QString> error = modelSpecError(options.spec))
        return usageError(*error);
    if (parser.isSet(maxTokensOption)) {
        const std::optional<qint64> value = parseInteger(parser.value(maxTokensOption), 1, kMaximumNewTokens);
        if (!value)
            return usageError(QStringLiteral("--max-new-tokens must be an integer from 1 to %1, not '%2'")
                                  .arg(kMaximumNewTokens)
                                  .arg(parser.value(maxTokensOption)));
        options.decode.maxNewTokens = static_cast<int>(*value);
    }
    if (parser.isSet(seedOption)) {
        bool ok = false;
        options.decode.seed = parser.value(seedOption).trimmed().toULongLong(&ok);
        if (!ok || parser.value(seedOption).trimmed().startsWith(QLatin1Char('-')))
            return usageError(
                QStringLiteral("--seed must be a non-negative integer, not '%1'").arg(parser.value(seedOption)));
    }
    if (parser.isSet(maxPixelsOption)) {
        const std::optional<qint64> value
            = parseInteger(parser.value(maxPixelsOption), options.decode.minPixels, std::numeric_limits<int>::max());
        if (!value)
            return usageError(QStringLiteral("--max-pixels must be an integer from %1 up, not '%2'")
                                  .arg(options.decode.minPixels)
                                  .arg(parser.value(maxPixelsOption)));
        options.decode.maxPixels = *value;
    }
    options.json = parser.isSet(jsonOption);
    return std::nullopt;
}

QList<qint64> chooseSamples(Workspace& workspace, const RunOptions& options)
{
    const qint64 limit = options.limit.value_or(std::numeric_limits<qint64>::max());
    QList<qint64> ids;
    if (!options.sampleIds.isEmpty()) {
        for (const qint64 id : options.sampleIds) {
            if (ids.size() >= limit)
                break;
            if (!workspace.samples().get(id))
                throw RunnerError(QStringLiteral("no sample with id %1 in %2").arg(id).arg(workspace.path()));
            ids << id;
        }
        return ids;
    }
    SampleQuery query; // by id, ascending
    query.limit = kSamplePage;
    while (ids.size() < limit) {
        const QList<SampleRow> rows = workspace.samples().page(query);
        for (const SampleRow& row : rows) {
            if (ids.size() >= limit)
                break;
            ids << row.id;
        }
        if (rows.size() < query.limit)
            break;
        query.offset += rows.size();
    }
    return ids;
}

struct BatchOutcome {
    int stored = 0;
    int skipped = 0;
    int failed = 0;
    QList<qint64> runIds;
    bool interrupted = false;
};

BatchOutcome runBatch(Workspace& workspace, LocalBackend& backend, const BatchPlan& plan)
{
    BatchRunner runner(workspace, backend);
    TerminalProgress progress(TerminalProgress::stderrIsTerminal());
    BatchOutcome outcome;
    QEventLoop loop;
    QObject::connect(&runner, &BatchRunner::progressed, &loop,
        [&progress](int done, int skipped, int total, double eta) { progress.update(done, skipped, total, eta); });
    QObject::connect(&runner, &BatchRunner::runStored, &loop, [&outcome](qint64 id) { outcome.runIds << id; });
    QObject::connect(&runner, &BatchRunner::failedRun, &loop,
        [&progress](const QString& error) { progress.message(kCommand + QStringLiteral(": ") + error); });
    QObject::connect(&runner, &BatchRunner::finished, &loop, [&](int stored, int skipped, int failed) {
        outcome.stored = stored;
        outcome.skipped = skipped;
        outcome.failed = failed;
        loop.quit();
    });
    QTimer interruptPoll;
    QObject::connect(&interruptPoll, &QTimer::timeout, &loop, [&runner, &outcome] {
        if (g_interrupted && runner.isRunning()) {
            outcome.interrupted = true;
            runner.cancel();
        }
    });
    interruptPoll.start(100);
    runner.start(plan);
    loop.exec();
    progress.finish();
    return outcome;
}

void printSummary(const BatchOutcome& outcome, qint64 modelId, bool json)
{
    if (json) {
        QJsonArray runs;
        for (const qint64 id : outcome.runIds)
            runs.append(id);
        const QJsonObject summary { { QStringLiteral("stored"), outcome.stored },
            { QStringLiteral("skipped"), outcome.skipped }, { QStringLiteral("failed"), outcome.failed },
            { QStringLiteral("runs"), runs }, { QStringLiteral("model_id"), modelId } };
        console::printLine(QString::fromUtf8(QJsonDocument(summary).toJson(QJsonDocument::Compact)));
        return;
    }
    console::printLine(QStringLiteral("stored %1 runs, skipped %2 already done, failed %3%4")
                           .arg(outcome.stored)
                           .arg(outcome.skipped)
                           .arg(outcome.failed)
                           .arg(outcome.interrupted ? QStringLiteral(" (interrupted)") : QString()));
}

} // namespace

HeadlessCommand runCommand()
{
    return { QStringLiteral("run"), QStringLiteral("run a local checkpoint over samples x conditions of a workspace"),
        runRunCommand };
}

int runRunCommand(const QStringList& arguments)
{
    RunOptions options;
    if (const std::optional<int> status = parseOptions(arguments, options))
        return *status;

    const QFileInfo modelInfo(options.modelDirectory);
    if (!modelInfo.isDir()) {
        console::printError(kCommand, QStringLiteral("no checkpoint folder at %1").arg(options.modelDirectory));
        return kFailure;
    }
    const QString modelDirectory = QDir::cleanPath(modelInfo.absoluteFilePath());
    options.spec.directory = modelDirectory;

    InterruptGuard interruptGuard;
    try {
        const auto workspace = Workspace::open(options.workspace);
        BatchPlan plan;
        plan.sampleIds = chooseSamples(*workspace, options);
        plan.kinds = options.kinds;
        plan.decode = options.decode;
        plan.ruleJudge = options.ruleJudge;
        plan.modelId = workspace->models().findOrInsertLocal(modelDirectory);

        LocalBackend backend;
        if (const QString error = loadModelBlocking(backend, options.spec); !error.isEmpty()) {
            console::printError(kCommand, error);
            return kFailure;
        }
        if (g_interrupted)
            return kInterrupted;
        const BatchOutcome outcome = runBatch(*workspace, backend, plan);
        printSummary(outcome, plan.modelId, options.json);
        if (outcome.interrupted)
            return kInterrupted;
        return outcome.failed == 0 ? 0 : kFailure;
    } catch (const WorkspaceError& error) {
        console::printError(kCommand, error.message());
    } catch (const RunnerError& error) {
        console::printError(kCommand, error.message());
    } catch (const std::exception& error) {
        console::printError(kCommand, QString::fromUtf8(error.what()));
    }
    return kFailure;
}

} // namespace vlmprobe
