#include "metrics_command.h"

#include "console.h"
#include "metrics/metrics.h"
#include "workspace/run_outcome_query.h"
#include "workspace/workspace.h"
#include "workspace/workspace_error.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>

#include <exception>
#include <limits>
#include <optional>

namespace vlmprobe {

namespace {

const QString kCommand = QStringLiteral("vlmprobe metrics");
constexpr int kUsageError = 2;
constexpr qint64 kMaximumResamples = 1'000'000;

QJsonValue optionalJson(const std::optional<double>& value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QJsonObject estimateJson(const Estimate& estimate)
{
    return { { QStringLiteral("value"), estimate.value }, { QStringLiteral("low"), estimate.low },
        { QStringLiteral("high"), estimate.high }, { QStringLiteral("n"), estimate.n } };
}

QString number(double value)
{
    return QString::number(value, 'f', 3);
}

QString optionalNumber(const std::optional<double>& value)
{
    return value ? number(*value) : QStringLiteral("-");
}

// "0.750 [0.500, 1.000]"; "-" when the estimate has no items.
QString estimateText(const Estimate& estimate)
{
    if (estimate.n == 0)
        return QStringLiteral("-");
    return number(estimate.value) + QStringLiteral(" [") + number(estimate.low) + QStringLiteral(", ")
        + number(estimate.high) + QLatin1Char(']');
}

} // namespace

QJsonArray metricsToJson(const QList<ConditionMetrics>& table)
{
    QJsonArray rows;
    for (const ConditionMetrics& row : table) {
        rows.append(QJsonObject { { QStringLiteral("model_id"), row.modelId },
            { QStringLiteral("model_name"), row.modelName }, { QStringLiteral("series_name"), row.seriesName },
            { QStringLiteral("training_step"),
                row.trainingStep ? QJsonValue(*row.trainingStep) : QJsonValue(QJsonValue::Null) },
            { QStringLiteral("condition"), row.condition }, { QStringLiteral("dataset_name"), row.datasetName },
            { QStringLiteral("n"), row.n }, { QStringLiteral("accuracy"), estimateJson(row.accuracy) },
            { QStringLiteral("drop"), estimateJson(row.drop) },
            { QStringLiteral("retention"), estimateJson(row.retention) },
            { QStringLiteral("consistency"), estimateJson(row.consistency) },
            { QStringLiteral("consistency_adjusted_accuracy"), estimateJson(row.consistencyAdjustedAccuracy) },
            { QStringLiteral("consistent_correct"), row.consistentCorrect },
            { QStringLiteral("inconsistent_correct"), row.inconsistentCorrect },
            { QStringLiteral("consistent_incorrect"), row.consistentIncorrect },
            { QStringLiteral("inconsistent_incorrect"), row.inconsistentIncorrect },
            { QStringLiteral("mean_entropy"), optionalJson(row.meanEntropy) },
            { QStringLiteral("mean_normalized_entropy"), optionalJson(row.meanNormalizedEntropy) },
            { QStringLiteral("mean_p_correct"), optionalJson(row.meanPCorrect) },
            { QStringLiteral("mean_letter_mass"), optionalJson(row.meanLetterMass) },
            { QStringLiteral("format_failure_rate"), row.formatFailureRate },
            { QStringLiteral("auroc_p_correct"), optionalJson(row.aurocPCorrect) },
            { QStringLiteral("auroc_neg_entropy"), optionalJson(row.aurocNegEntropy) } });
    }
    return rows;
}

QString metricsToTable(const QList<ConditionMetrics>& table, bool withDataset)
{
    QStringList header { QStringLiteral("model"), QStringLiteral("condition") };
    if (withDataset)
        header << QStringLiteral("dataset");
    header << QStringLiteral("n") << QStringLiteral("accuracy [95% CI]") << QStringLiteral("drop")
           << QStringLiteral("retention") << QStringLiteral("consistency") << QStringLiteral("CAcc")
           << QStringLiteral("format fail") << QStringLiteral("mean H") << QStringLiteral("P(correct)")
           << QStringLiteral("AUROC P(c)");
    QList<QStringList> lines { header };
    for (const ConditionMetrics& row : table) {
        QStringList cells { row.modelName, row.condition };
        if (withDataset)
            cells << row.datasetName;
        cells << QString::number(row.n) << estimateText(row.accuracy)
              << (row.drop.n > 0 ? number(row.drop.value) : QStringLiteral("-"))
              << (row.retention.n > 0 ? number(row.retention.value) : QStringLiteral("-"))
              << (row.consistency.n > 0 ? number(row.consistency.value) : QStringLiteral("-"))
              << (row.consistencyAdjustedAccuracy.n > 0 ? number(row.consistencyAdjustedAccuracy.value)
                                                        : QStringLiteral("-"))
              << number(row.formatFailureRate) << optionalNumber(row.meanEntropy) << optionalNumber(row.meanPCorrect)
              << optionalNumber(row.aurocPCorrect);
        lines << cells;
    }
    QList<qsizetype> widths(header.size(), 0);
    for (const QStringList& cells : lines) {
        for (qsizetype column = 0; column < cells.size(); ++column)
            widths[column] = std::max(widths[column], cells.at(column).size());
    }
    QStringList text;
    for (const QStringList& cells : lines) {
        QString line;
        for (qsizetype column = 0; column < cells.size(); ++column) {
            // Text columns (model, condition, dataset) align left, numbers right.
            const bool left = column < (withDataset ? 3 : 2);
            const QString cell = left ? cells.at(column).leftJustified(widths.at(column))
                                      : cells.at(column).rightJustified(widths.at(column));
            line += (column > 0 ? QStringLiteral("  ") : QString()) + cell;
        }
        text << line.trimmed();
    }
    return text.join(QLatin1Char('\n'));
}

HeadlessCommand metricsCommand()
{
    return { QStringLiteral("metrics"), QStringLiteral("print the protocol metrics of a workspace's runs"),
        runMetricsCommand };
}

int runMetricsCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Prints accuracy, drop, retention, consistency and the other protocol metrics per model and condition, "
        "with bootstrap confidence intervals over samples."));
    const QCommandLineOption workspaceOption(
        QStringLiteral("workspace"), QStringLiteral("The workspace file."), QStringLiteral("W"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print a JSON array."));
    const QCommandLineOption splitOption(
        QStringLiteral("split-by-dataset"), QStringLiteral("One row per model, condition and dataset."));
    const QCommandLineOption bootstrapOption(QStringLiteral("bootstrap"),
        QStringLiteral("Bootstrap resamples (default %1).").arg(MetricsOptions {}.bootstrapResamples),
        QStringLiteral("N"));
    const QCommandLineOption seedOption(
        QStringLiteral("seed"), QStringLiteral("Bootstrap seed (default 0)."), QStringLiteral("S"));
    const QCommandLineOption helpOption(
        QStringList { QStringLiteral("h"), QStringLiteral("help") }, QStringLiteral("Show this help."));
    parser.addOptions({ workspaceOption, jsonOption, splitOption, bootstrapOption, seedOption, helpOption });

    QStringList parsed = arguments;
    if (!parsed.isEmpty())
        parsed.first() = kCommand;
    if (!parser.parse(parsed)) {
        console::printError(kCommand, parser.errorText());
        return kUsageError;
    }
    if (parser.isSet(helpOption)) {
        console::printLine(QStringLiteral("usage: vlmprobe metrics --workspace W [--json] [--split-by-dataset] "
                                          "[--bootstrap N] [--seed S]\n")
            + parser.helpText().section(QLatin1Char('\n'), 1));
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        console::printError(kCommand,
            QStringLiteral("unexpected argument '%1' (the file goes after --workspace)")
                .arg(parser.positionalArguments().first()));
        return kUsageError;
    }
    const QString path = parser.value(workspaceOption);
    if (path.isEmpty()) {
        console::printError(kCommand, QStringLiteral("--workspace W is required"));
        return kUsageError;
    }
    MetricsOptions options;
    options.splitByDataset = parser.isSet(splitOption);
    if (parser.isSet(bootstrapOption)) {
        bool ok = false;
        const qint64 value = parser.value(bootstrapOption).toLongLong(&ok);
        if (!ok || value < 0 || value > kMaximumResamples) {
            console::printError(kCommand,
                QStringLiteral("--bootstrap must be an integer from 0 to %1, not '%2'")
                    .arg(kMaximumResamples)
                    .arg(parser.value(bootstrapOption)));
            return kUsageError;
        }
        options.bootstrapResamples = static_cast<int>(value);
    }
    if (parser.isSet(seedOption)) {
        bool ok = false;
        options.seed = parser.value(seedOption).toULongLong(&ok);
        if (!ok || parser.value(seedOption).startsWith(QLatin1Char('-'))) {
            console::printError(kCommand,
                QStringLiteral("--seed must be a non-negative integer, not '%1'").arg(parser.value(seedOption)));
            return kUsageError;
        }
    }

    QList<ConditionMetrics> table;
    try {
        const auto workspace = Workspace::open(path, Workspace::OpenMode::ReadOnly);
        table = computeMetrics(loadRunOutcomes(*workspace), options);
    } catch (const WorkspaceError& error) {
        console::printError(kCommand, error.message());
        return 1;
    } catch (const std::exception& error) {
        console::printError(kCommand, QString::fromUtf8(error.what()));
        return 1;
    }

    if (parser.isSet(jsonOption))
        console::printLine(QString::fromUtf8(QJsonDocument(metricsToJson(table)).toJson(QJsonDocument::Compact)));
    else if (table.isEmpty())
        console::printLine(QStringLiteral("no finished runs in %1").arg(path));
    else
        console::printLine(metricsToTable(table, options.splitByDataset));
    return 0;
}

} // namespace vlmprobe
