#pragma once
// `vlmprobe metrics --workspace W [--json] [--split-by-dataset] [--bootstrap N] [--seed S]`: the protocol metrics
// (core/metrics/metrics.h) over every finished run of a workspace, one row per model x condition (x dataset),
// as a readable table on stdout or, with --json, one JSON array of objects carrying every ConditionMetrics field
// (snake_case keys; an Estimate is {"value", "low", "high", "n"}; a missing value is null).
// The workspace is opened read-only. Exit status: 0 success, 1 the workspace cannot be read, 2 usage error.

#include "command_dispatcher.h"

#include <QJsonArray>

namespace vlmprobe {

struct ConditionMetrics;

HeadlessCommand metricsCommand();
int runMetricsCommand(const QStringList& arguments);

// The --json form of a metrics table.
QJsonArray metricsToJson(const QList<ConditionMetrics>& table);
// The table form: aligned columns, a header line, one line per row.
QString metricsToTable(const QList<ConditionMetrics>& table, bool withDataset);

} // namespace vlmprobe
