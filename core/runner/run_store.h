#pragma once
// Persists finished runs: the run and, for a Done run, its rule judgment, in one transaction, so a workspace never
// holds a finished run without the verdict the runner promised (or a verdict without its run).
//
//     RunStore store(workspace);
//     const qint64 runId = store.store(run);   // run as emitted by LocalBackend::runFinished
//
// The run is inserted with the status it carries; finishedAt is stamped with now when unset. The rule judgment
// (JudgeKind::Rule, rater ruleJudgeRater()) judges run.thinkText against run.parsedOption over the effective
// options of the run's condition (the condition's own options when it overrides them, else the sample's).
//
// Thread: the workspace's thread. Errors: WorkspaceError from the workspace (unknown condition or model ...);
// on any error nothing is written.

#include "workspace/records.h"

#include <QtGlobal>

namespace vlmprobe {

class Workspace;

class RunStore {
public:
    explicit RunStore(Workspace& workspace);

    // Returns the new run id.
    qint64 store(const Run& run, bool withRuleJudgment = true);

private:
    QStringList optionsOf(qint64 conditionId) const;

    Workspace& m_workspace;
};

} // namespace vlmprobe
