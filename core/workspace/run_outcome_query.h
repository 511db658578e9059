#pragma once
// The finished runs of a workspace as the metrics see them (metrics/run_outcome.h): one SQL query joining runs
// with their condition, sample, dataset, model and effective verdict.
//
//     const QList<ConditionMetrics> table = computeMetrics(loadRunOutcomes(*workspace));
//
// Threads: call from the workspace's thread. The query runs on a short-lived read-only connection of its own to
// the workspace file (the Workspace keeps its connection private to its repositories), so it sees committed
// data only: call it outside an open Transaction. WAL lets it read beside a writer.

#include "metrics/run_outcome.h"

#include <QList>

namespace vlmprobe {

class Workspace;

// For every model x condition, the latest run with status 'done' (the highest run id), ordered by run id:
// - condition = conditionKindName(kind) ("base", "wrong-caption", ...), whatever the condition's label;
// - correct = runs.correct (unset counts as false); formatFailure = no parsed option;
// - verdict = the effective verdict: a human judgment wins over an LLM judgment, an LLM one over a rule one;
//   within a kind the newest (created_at, then id); none when the run has no judgment;
// - normalizedEntropy = entropy / ln |L|, |L| = the letters of the stored option distribution, else the
//   condition's (or the sample's) option count; none without an entropy or with fewer than 2 letters.
// Throws WorkspaceError when the file cannot be read or holds an unknown condition kind or verdict.
QList<RunOutcome> loadRunOutcomes(Workspace& ws);

} // namespace vlmprobe
