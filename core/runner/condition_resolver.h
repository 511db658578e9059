#pragma once
// Find-or-create the condition of a given kind for a sample, so a runner can be asked for "base, wrong-caption,
// blur" over any set of samples without someone having built every condition first.
//
//     ConditionResolver resolver(workspace);
//     const Condition blur = resolver.resolve(sample, ConditionKind::GaussianBlur);
//
// Rules:
// - An existing condition of the kind is reused: the oldest one (lowest id) of the sample.
// - A missing one is built with makeCondition (core/probe/condition_factory.h) as a child of the sample's Base
//   condition, which is created first when the sample has none. Base itself has no parent.
// - Visual kinds get the recipe of severity 3 (recipeForSeverity, through makeCondition's "severity"), derive their
//   image from the sample's with applyVisualPerturbation, store it in the ImageStore and record its hash in
//   derivedImageHash.
// - EarlyAnswering and EditContinue reuse the model's own CoT of a source run: they resolve only with a sourceRunId
//   (a run of the same sample) and their parent is the source run's condition, the one whose CoT they cut or edit.
//   Without one they throw RunnerError ("... needs a source run"). Their own parameters (EarlyAnswering's
//   "fraction", EditContinue's "editedThink") come in `parameters`; an existing condition is reused when it points
//   at the same run and carries the same value for every given parameter.
// Everything a resolve() creates is written in one transaction.
//
// Thread: the workspace's thread. Errors: RunnerError (one line) for a request that cannot be met, ProbeError for
// malformed parameters, WorkspaceError from the workspace.

#include "workspace/records.h"

#include <optional>

namespace vlmprobe {

class Workspace;

class ConditionResolver {
public:
    explicit ConditionResolver(Workspace& workspace);

    // `sample` must be stored (id set). Returns the stored condition (id set). `parameters` go to makeCondition
    // when a condition is created (ProbeError, one line, when they are malformed) and are ignored otherwise,
    // except by the source-run kinds (see above).
    Condition resolve(const Sample& sample, ConditionKind kind, std::optional<qint64> sourceRunId = std::nullopt,
        const QJsonObject& parameters = {});

    static bool needsSourceRun(ConditionKind kind);

private:
    Condition baseOf(const Sample& sample, const QList<Condition>& existing);
    Condition create(const Sample& sample, ConditionKind kind, qint64 parentId, const QJsonObject& parameters);

    Workspace& m_workspace;
};

} // namespace vlmprobe
