#include "judge_command.h"

#include "backends/local_backend.h"
#include "backends/model_spec.h"
#include "console.h"
#include "headless_support.h"
#include "judging/judge_error.h"
#include "judging/llm_judge.h"
#include "workspace/condition_repository.h"
#include "workspace/judgment_repository.h"
#include "workspace/run_repository.h"
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

#include <algorithm>
#include <exception>
#include <limits>
#include <optional>

namespace vlmprobe {

namespace {

const QString kCommand = QStringLiteral("vlmprobe judge");
constexpr int kFailure = 1;
constexpr int kUsageError = 2;
constexpr int kSamplePage = 10000;
constexpr int kMaximumNewTokens = 1 << 20;

struct JudgeOptions {
    QString workspace;
    QString modelDirectory;
    QList<qint64> runIds;
    bool allUnjudged = false;
    std::optional<qint64> limit;
    ModelSpec spec;
    std::optional<int> maxNewTokens;
    bool json = false;
};

// Returns the exit status when the command must stop here (help shown or a usage error), nullopt to go on.
std::optional<int> parseOptions(const QStringList& arguments, JudgeOptions& options)
{
    QCommandLineParser parser;
    const QCommandLineOption workspaceOption(
        QStringLiteral("workspace"), QStringLiteral("The workspace file."), QStringLiteral("W"));
    const QCommandLineOption modelOption(QStringLiteral("model"),
        QStringLiteral("The judge checkpoint folder (Hugging Face layout)."), QStringLiteral("DIR"));
    const QCommandLineOption runsOption(
        QStringLiteral("runs"), QStringLiteral("Comma-separated run ids to judge."), QStringLiteral("IDS"));
    const QCommandLineOption allOption(QStringLiteral("all-unjudged"),
        QStringLiteral("Judge every finished run without a judgment by this judge model."));
    const QCommandLineOption limitOption(
        QStringLiteral("limit"), QStringLiteral("Judge at most the first N runs."), QStringLiteral("N"));
    const QCommandLineOption deviceOption(
        QStringLiteral("device"), QStringLiteral("cpu|cuda (default cpu)."), QStringLiteral("DEVICE"));
    const QCommandLineOption dtypeOption(
        QStringLiteral("dtype"), QStringLiteral("auto|f32|bf16|f16 (default auto)."), QStringLiteral("DTYPE"));
    const QCommandLineOption maxTokensOption(QStringLiteral("max-new-tokens"),
        QStringLiteral("Length limit of each judge reply (default 256)."), QStringLiteral("N"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print the summary as JSON."));
    const QCommandLineOption helpOption(
        QStringList { QStringLiteral("h"), QStringLiteral("help") }, QStringLiteral("Show this help."));
    parser.addOptions({ workspaceOption, modelOption, runsOption, allOption, limitOption, deviceOption, dtypeOption,
        maxTokensOption, jsonOption, helpOption });

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
        console::printLine(QStringLiteral("usage: vlmprobe judge --workspace W --model DIR [--runs IDS | "
                                          "--all-unjudged] [--limit N] [--device cpu|cuda] "
                                          "[--dtype auto|f32|bf16|f16] [--max-new-tokens N] [--json]\n")
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
    options.allUnjudged = parser.isSet(allOption);
    if (options.allUnjudged == parser.isSet(runsOption))
        return usageError(QStringLiteral("give either --runs IDS or --all-unjudged"));
    if (parser.isSet(runsOption)) {
        for (const QString& text : parser.value(runsOption).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const std::optional<qint64> id = parseInteger(text, 1, std::numeric_limits<qint64>::max());
            if (!id)
                return usageError(QStringLiteral("--runs takes positive run ids, not '%1'").arg(text));
            if (!options.runIds.contains(*id))
                options.runIds << *id;
        }
        if (options.runIds.isEmpty())
            return usageError(QStringLiteral("--runs names no run"));
    }
    if (parser.isSet(limitOption)) {
        options.limit = parseInteger(parser.value(limitOption), 1, std::numeric_limits<qint64>::max());
        if (!options.limit)
            return usageError(
                QStringLiteral("--limit must be a positive integer, not '%1'").arg(parser.value(limitOption)));
    }
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
        options.maxNewTokens = static_cast<int>(*value);
    }
    options.json = parser.isSet(jsonOption);
    return std::nullopt;
}

// Every finished run without an LLM judgment by `rater`, by id. Walks samples -> conditions -> runs through the
// repositories (a study holds thousands of runs, not millions).
QList<qint64> unjudgedRuns(Workspace& workspace, const QString& rater)
{
    QList<qint64> ids;
    SampleQuery query;
    query.limit = kSamplePage;
    for (;;) {
        const QList<SampleRow> rows = workspace.samples().page(query);
        for (const SampleRow& row : rows) {
            for (const Condition& condition : workspace.conditions().listForSample(row.id)) {
                for (const Run& run : workspace.runs().listForCondition(condition.id)) {
                    if (run.status != RunStatus::Done)
                        continue;
                    const QList<Judgment> judgments = workspace.judgments().listForRun(run.id);
                    const bool judged = std::any_of(judgments.cbegin(), judgments.cend(),
                        [&rater](const Judgment& j) { return j.judgeKind == JudgeKind::Llm && j.rater == rater; });
                    if (!judged)
                        ids << run.id;
                }
            }
        }
        if (rows.size() < query.limit)
            break;
        query.offset += rows.size();
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

} // namespace

HeadlessCommand judgeCommand()
{
    return { QStringLiteral("judge"), QStringLiteral("judge the consistency of stored runs with a local LLM judge"),
        runJudgeCommand };
}

int runJudgeCommand(const QStringList& arguments)
{
    JudgeOptions options;
    if (const std::optional<int> status = parseOptions(arguments, options))
        return *status;

    const QFileInfo modelInfo(options.modelDirectory);
    if (!modelInfo.isDir()) {
        console::printError(kCommand, QStringLiteral("no checkpoint folder at %1").arg(options.modelDirectory));
        return kFailure;
    }
    options.spec.directory = QDir::cleanPath(modelInfo.absoluteFilePath());
    const QString rater = modelInfo.fileName();

    try {
        const auto workspace = Workspace::open(options.workspace);
        QList<qint64> runIds = options.allUnjudged ? unjudgedRuns(*workspace, rater) : options.runIds;
        if (options.limit && runIds.size() > *options.limit)
            runIds.resize(*options.limit);

        LocalBackend backend;
        if (const QString error = loadModelBlocking(backend, options.spec); !error.isEmpty()) {
            console::printError(kCommand, error);
            return kFailure;
        }

        LlmJudge judge(*workspace, backend, rater);
        if (options.maxNewTokens) {
            DecodeSettings decode = judge.decodeSettings();
            decode.maxNewTokens = *options.maxNewTokens;
            judge.setDecodeSettings(decode);
        }
        QJsonArray judgments;
        int failed = 0;
        int done = 0;
        const auto total = runIds.size();
        QEventLoop loop;
        QObject::connect(&judge, &LlmJudge::judged, &loop, [&](qint64 runId, qint64 judgmentId) {
            const std::optional<Judgment> judgment = workspace->judgments().get(judgmentId);
            const QString verdict = judgment ? verdictName(judgment->verdict) : QString();
            const QString concluded = judgment ? judgment->concludedOption : QString();
            judgments.append(QJsonObject { { QStringLiteral("run"), runId }, { QStringLiteral("judgment"), judgmentId },
                { QStringLiteral("verdict"), verdict }, { QStringLiteral("concluded"), concluded } });
            console::printError(
                kCommand, QStringLiteral("[%1/%2] run %3: %4").arg(++done).arg(total).arg(runId).arg(verdict));
        });
        QObject::connect(&judge, &LlmJudge::failed, &loop, [&](qint64 runId, const QString& error) {
            ++failed;
            console::printError(
                kCommand, QStringLiteral("[%1/%2] run %3 failed: %4").arg(++done).arg(total).arg(runId).arg(error));
        });
        QObject::connect(&judge, &LlmJudge::finished, &loop, &QEventLoop::quit);
        if (!runIds.isEmpty()) {
            judge.judge(runIds);
            loop.exec();
        }

        if (options.json) {
            const QJsonObject summary { { QStringLiteral("judged"), judgments.size() },
                { QStringLiteral("failed"), failed }, { QStringLiteral("rater"), rater },
                { QStringLiteral("judgments"), judgments } };
            console::printLine(QString::fromUtf8(QJsonDocument(summary).toJson(QJsonDocument::Compact)));
        } else {
            console::printLine(QStringLiteral("judged %1 runs, failed %2").arg(judgments.size()).arg(failed));
        }
        return failed == 0 ? 0 : kFailure;
    } catch (const WorkspaceError& error) {
        console::printError(kCommand, error.message());
    } catch (const JudgeError& error) {
        console::printError(kCommand, error.message());
    } catch (const std::exception& error) {
        console::printError(kCommand, QString::fromUtf8(error.what()));
    }
    return kFailure;
}

} // namespace vlmprobe
