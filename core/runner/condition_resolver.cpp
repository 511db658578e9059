#include "condition_resolver.h"

#include "probe/condition_factory.h"
#include "probe/visual_perturbation.h"
#include "runner_error.h"
#include "workspace/condition_repository.h"
#include "workspace/image_store.h"
#include "workspace/run_repository.h"
#include "workspace/transaction.h"
#include "workspace/workspace.h"

namespace vlmprobe {

namespace {

// The middle of the 1..5 scale: visible, yet the scene stays readable.
constexpr int kDefaultSeverity = 3;

bool matches(
    const Condition& condition, ConditionKind kind, std::optional<qint64> sourceRunId, const QJsonObject& parameters)
{
    if (condition.kind != kind)
        return false;
    if (!sourceRunId)
        return true;
    if (condition.sourceRunId != sourceRunId)
        return false;
    for (auto it = parameters.begin(); it != parameters.end(); ++it) {
        if (condition.parameters.value(it.key()) != it.value())
            return false;
    }
    return true;
}

std::optional<Condition> oldestMatch(const QList<Condition>& conditions, ConditionKind kind,
    std::optional<qint64> sourceRunId = std::nullopt, const QJsonObject& parameters = {})
{
    // listForSample orders by id, so the first match is the oldest.
    for (const Condition& condition : conditions) {
        if (matches(condition, kind, sourceRunId, parameters))
            return condition;
    }
    return std::nullopt;
}

} // namespace

ConditionResolver::ConditionResolver(Workspace& workspace)
    : m_workspace(workspace)
{
}

bool ConditionResolver::needsSourceRun(ConditionKind kind)
{
    return kind == ConditionKind::EarlyAnswering || kind == ConditionKind::EditContinue;
}

Condition ConditionResolver::resolve(
    const Sample& sample, ConditionKind kind, std::optional<qint64> sourceRunId, const QJsonObject& parameters)
{
    if (needsSourceRun(kind) && !sourceRunId)
        throw RunnerError(QStringLiteral("condition '%1' needs a source run (the run whose own reasoning it reuses)")
                              .arg(conditionKindName(kind)));
    if (!needsSourceRun(kind))
        sourceRunId.reset();

    const QList<Condition> existing = m_workspace.conditions().listForSample(sample.id);
    if (const std::optional<Condition> found = oldestMatch(existing, kind, sourceRunId, parameters))
        return *found;

    Transaction transaction(m_workspace);
    Condition resolved;
    if (kind == ConditionKind::Base) {
        resolved = baseOf(sample, existing);
    } else if (sourceRunId) {
        const std::optional<Run> source = m_workspace.runs().get(*sourceRunId);
        const std::optional<Condition> sourceCondition
            = source ? m_workspace.conditions().get(source->conditionId) : std::nullopt;
        if (!sourceCondition || sourceCondition->sampleId != sample.id)
            throw RunnerError(
                QStringLiteral("source run %1 is not a run of sample %2").arg(*sourceRunId).arg(sample.id));
        QJsonObject withRun = parameters;
        withRun.insert(QStringLiteral("sourceRun"), *sourceRunId);
        resolved = create(sample, kind, sourceCondition->id, withRun);
    } else {
        resolved = create(sample, kind, baseOf(sample, existing).id, parameters);
    }
    transaction.commit();
    return resolved;
}

Condition ConditionResolver::baseOf(const Sample& sample, const QList<Condition>& existing)
{
    if (const std::optional<Condition> base = oldestMatch(existing, ConditionKind::Base))
        return *base;
    Condition base = makeCondition(sample, ConditionKind::Base, QJsonObject(), std::nullopt);
    base.id = m_workspace.conditions().insert(base);
    return base;
}

Condition ConditionResolver::create(
    const Sample& sample, ConditionKind kind, qint64 parentId, const QJsonObject& parameters)
{
    if (!isVisualKind(kind)) {
        Condition condition = makeCondition(sample, kind, parameters, parentId);
        condition.id = m_workspace.conditions().insert(condition);
        return condition;
    }

    if (sample.imageHash.isEmpty())
        throw RunnerError(
            QStringLiteral("sample %1 has no image for condition '%2'").arg(sample.id).arg(conditionKindName(kind)));
    const std::optional<StoredImage> image = m_workspace.images().get(sample.imageHash);
    if (!image)
        throw RunnerError(QStringLiteral("the image of sample %1 is missing from the workspace").arg(sample.id));
    QJsonObject recipe = parameters;
    if (!recipe.contains(QStringLiteral("severity")))
        recipe.insert(QStringLiteral("severity"), kDefaultSeverity);
    // makeCondition expands the severity into the full recipe (TypographicOverlay's text included).
    Condition condition = makeCondition(sample, kind, recipe, parentId);
    condition.derivedImageHash = m_workspace.images().put(applyVisualPerturbation(*image, kind, condition.parameters));
    condition.id = m_workspace.conditions().insert(condition);
    return condition;
}

} // namespace vlmprobe
