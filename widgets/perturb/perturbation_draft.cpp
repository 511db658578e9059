#include "perturbation_draft.h"

#include "probe/condition_factory.h"
#include "probe/probe_error.h"
#include "probe/visual_perturbation.h"

#include <QJsonArray>

namespace vlmprobe {

namespace {

const QString kDisclaimer = QStringLiteral("disclaimer");
const QString kRects = QStringLiteral("rects");
const QString kStrokes = QStringLiteral("strokes");
const QString kCoverage = QStringLiteral("coverage");

QJsonArray rectsJson(const QList<QRect>& rects)
{
    QJsonArray array;
    for (const QRect& rect : rects)
        array.append(QJsonArray { rect.x(), rect.y(), rect.width(), rect.height() });
    return array;
}

QJsonArray strokesJson(const QList<OverlayStroke>& strokes)
{
    QJsonArray array;
    for (const OverlayStroke& stroke : strokes) {
        QJsonArray points;
        for (const QPoint& point : stroke.points)
            points.append(QJsonArray { point.x(), point.y() });
        array.append(QJsonObject { { QStringLiteral("points"), points }, { QStringLiteral("width"), stroke.width } });
    }
    return array;
}

QJsonObject defaultRecipe(ConditionKind kind, int severity)
{
    if (isVisualKind(kind))
        return recipeForSeverity(kind, severity);
    if (kind == ConditionKind::OptionShuffle)
        return { { QStringLiteral("rotate"), 1 } };
    if (kind == ConditionKind::EarlyAnswering)
        return { { QStringLiteral("fraction"), 0.5 }, { QStringLiteral("unit"), QStringLiteral("tokens") } };
    return {};
}

} // namespace

bool PerturbationDraft::usesTarget(ConditionKind kind)
{
    switch (kind) {
    case ConditionKind::WrongCaption:
    case ConditionKind::WrongCaptionDisclaimer:
    case ConditionKind::CorrectCaption:
    case ConditionKind::WrongThink:
    case ConditionKind::WrongThinkCue:
    case ConditionKind::CorrectThink:
    case ConditionKind::TypographicOverlay:
        return true;
    default:
        return false;
    }
}

bool PerturbationDraft::targetsGold(ConditionKind kind)
{
    return kind == ConditionKind::CorrectCaption || kind == ConditionKind::CorrectThink;
}

bool PerturbationDraft::usesCaption(ConditionKind kind)
{
    return kind == ConditionKind::WrongCaption || kind == ConditionKind::WrongCaptionDisclaimer
        || kind == ConditionKind::CorrectCaption;
}

bool PerturbationDraft::usesThinkPrefix(ConditionKind kind)
{
    return kind == ConditionKind::WrongThink || kind == ConditionKind::WrongThinkCue
        || kind == ConditionKind::CorrectThink || kind == ConditionKind::StopThink
        || kind == ConditionKind::EditContinue;
}

bool PerturbationDraft::usesCue(ConditionKind kind)
{
    return kind == ConditionKind::WrongThinkCue || kind == ConditionKind::WrongCaptionDisclaimer
        || kind == ConditionKind::Abstain;
}

bool PerturbationDraft::needsSourceRun(ConditionKind kind)
{
    return kind == ConditionKind::EarlyAnswering || kind == ConditionKind::EditContinue;
}

PerturbationDraft PerturbationDraft::fromTemplates(
    const Sample& sample, ConditionKind kind, const QString& target, const std::optional<Run>& sourceRun)
{
    PerturbationDraft draft;
    draft.kind = kind;
    draft.recipe = defaultRecipe(kind, draft.severity);
    if (needsSourceRun(kind)) {
        if (!sourceRun)
            throw ProbeError(QStringLiteral("%1 needs a source run").arg(conditionKindName(kind)));
        if (kind == ConditionKind::EarlyAnswering
            && sourceRun->tokenLogprobs.value(QStringLiteral("content")).toArray().isEmpty())
            draft.recipe.insert(QStringLiteral("unit"), QStringLiteral("sentences"));
        if (kind == ConditionKind::EditContinue) {
            draft.thinkPrefix = sourceRun->thinkText;
            draft.templateThinkPrefix = sourceRun->thinkText;
        }
        return draft;
    }
    QJsonObject parameters;
    if (usesTarget(kind) && !target.isEmpty() && !targetsGold(kind))
        parameters.insert(QStringLiteral("target"), target);
    if (isVisualKind(kind))
        parameters.insert(QStringLiteral("severity"), draft.severity);
    const Condition condition = makeCondition(sample, kind, parameters, std::nullopt);
    draft.target = usesTarget(kind) ? condition.targetOption : QString();
    draft.caption = condition.captionText;
    draft.thinkPrefix = condition.thinkPrefix;
    if (kind == ConditionKind::WrongCaptionDisclaimer)
        draft.cue = condition.parameters.value(kDisclaimer).toString();
    else if (kind == ConditionKind::Abstain)
        draft.cue = condition.options.value(condition.options.size() - 1);
    else
        draft.cue = condition.cueText;
    draft.templateCaption = draft.caption;
    draft.templateThinkPrefix = draft.thinkPrefix;
    draft.templateCue = draft.cue;
    return draft;
}

PerturbationDraft PerturbationDraft::retargeted(const Sample& sample, const QString& newTarget) const
{
    const PerturbationDraft fresh = fromTemplates(sample, kind, newTarget, std::nullopt);
    PerturbationDraft result = *this;
    result.target = fresh.target;
    if (caption == templateCaption)
        result.caption = fresh.caption;
    if (thinkPrefix == templateThinkPrefix)
        result.thinkPrefix = fresh.thinkPrefix;
    result.templateCaption = fresh.templateCaption;
    result.templateThinkPrefix = fresh.templateThinkPrefix;
    return result;
}

bool PerturbationDraft::isRecipeUntouched() const
{
    return rects.isEmpty() && strokes.isEmpty() && recipe == defaultRecipe(kind, severity);
}

Condition PerturbationDraft::toCondition(
    const Sample& sample, std::optional<qint64> parentId, const std::optional<Run>& sourceRun) const
{
    QJsonObject parameters;
    if (usesTarget(kind) && !target.isEmpty())
        parameters.insert(QStringLiteral("target"), target);
    const QString text = QStringLiteral("text");
    if (usesCaption(kind) && caption != templateCaption)
        parameters.insert(text, caption);
    if (kind == ConditionKind::WrongCaptionDisclaimer)
        parameters.insert(kDisclaimer, cue);
    if (kind == ConditionKind::WrongThinkCue)
        parameters.insert(QStringLiteral("cue"), cue);
    if (kind == ConditionKind::Abstain)
        parameters.insert(QStringLiteral("abstainText"), cue);
    if ((kind == ConditionKind::WrongThink || kind == ConditionKind::WrongThinkCue
            || kind == ConditionKind::CorrectThink || kind == ConditionKind::StopThink)
        && thinkPrefix != templateThinkPrefix)
        parameters.insert(text, thinkPrefix);
    if (needsSourceRun(kind) && sourceRun)
        parameters.insert(QStringLiteral("sourceRun"), sourceRun->id);
    if (kind == ConditionKind::EditContinue)
        parameters.insert(QStringLiteral("editedThink"), thinkPrefix);
    if (isVisualKind(kind)) {
        if (isRecipeUntouched()) {
            parameters.insert(QStringLiteral("severity"), severity);
        } else {
            for (auto it = recipe.begin(); it != recipe.end(); ++it)
                parameters.insert(it.key(), it.value());
            if (kind == ConditionKind::Occlusion && (!rects.isEmpty() || !strokes.isEmpty())) {
                // Drawn shapes replace the severity's centred block.
                parameters.remove(kCoverage);
                if (!rects.isEmpty())
                    parameters.insert(kRects, rectsJson(rects));
                if (!strokes.isEmpty())
                    parameters.insert(kStrokes, strokesJson(strokes));
            }
        }
    } else {
        for (auto it = recipe.begin(); it != recipe.end(); ++it)
            parameters.insert(it.key(), it.value());
    }
    Condition condition = makeCondition(sample, kind, parameters, parentId);
    condition.label = label;
    if (kind == ConditionKind::EditContinue && thinkPrefix == templateThinkPrefix)
        condition.provenance.insert(QStringLiteral("edited"), false);
    const bool generatedKept = !generatedText.isEmpty()
        && ((usesCaption(kind) && caption == generatedText) || (usesThinkPrefix(kind) && thinkPrefix == generatedText));
    if (generatedKept && !generatedProvenance.isEmpty())
        condition.provenance = generatedProvenance;
    return condition;
}

} // namespace vlmprobe
