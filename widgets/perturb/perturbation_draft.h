#pragma once
// PerturbationDraft: what the perturbation editor holds while a condition is being built, as one copyable value
// (so an undo step is a pair of drafts). It turns into a Condition through makeCondition (core/probe), which fills
// the templates, records the target and decides the provenance:
// - a text equal to its template is passed as the template ("template" provenance); an edited one is passed as
//   the text verbatim ("manual" provenance);
// - a visual recipe equal to recipeForSeverity(kind, severity) is passed as {"severity"} ("template"); an edited
//   recipe or drawn occlusion shapes are passed as the full recipe ("manual").
//
// Which fields a kind uses: caption (caption kinds), thinkPrefix (think kinds, Stop-Think, Edit-and-continue: the
// edited thinking), cue (Wrong-Think + cue: the cue; Wrong-Caption + disclaimer: the disclaimer; Abstain: the extra
// option), recipe (visual kinds; Option shuffle {"rotate"}; Early answering {"fraction", "unit"}), rects and
// strokes (Occlusion), generatedText and generatedProvenance (a model's suggestion for caption or thinkPrefix).
// Thread safety: plain data.

#include "image_view.h"

#include "workspace/records.h"

#include <QJsonObject>
#include <QList>
#include <QRect>
#include <QString>

#include <optional>

namespace vlmprobe {

struct PerturbationDraft {
    ConditionKind kind = ConditionKind::WrongCaption;
    QString target; // option letter; empty for kinds without a target
    QString label;
    QString caption;
    QString thinkPrefix;
    QString cue;
    int severity = 3; // 1..5, visual kinds
    QJsonObject recipe;
    QList<QRect> rects; // Occlusion, image pixels
    QList<OverlayStroke> strokes; // Occlusion, image pixels
    // The template texts of the kind and target, to tell untouched texts from edited ones.
    QString templateCaption;
    QString templateThinkPrefix;
    QString templateCue;
    // A caption or think prefix written by a model ("Suggest with model"): while the text is still the suggestion,
    // the condition's provenance is this {"source": "generated", "model", "prompt", "seed"} instead of the
    // template's or "manual".
    QString generatedText;
    QJsonObject generatedProvenance;

    friend bool operator==(const PerturbationDraft&, const PerturbationDraft&) = default;

    // The kind's defaults for a sample: texts from the templates pointing at `target` (empty: the template's
    // default target), the severity-3 recipe; Early answering truncates by tokens, or by sentences when the source
    // run has no token list (tokenLogprobs "content"). `sourceRun` gives Edit-and-continue its thinking. Throws
    // ProbeError when the kind cannot be built for the sample (e.g. a misleading text for a one-option sample).
    static PerturbationDraft fromTemplates(
        const Sample& sample, ConditionKind kind, const QString& target, const std::optional<Run>& sourceRun);

    // The same draft pointing at another target: untouched texts follow the new target's template, edited texts
    // stay as they are. Throws ProbeError for a letter the kind cannot point at.
    PerturbationDraft retargeted(const Sample& sample, const QString& newTarget) const;

    // The condition this draft describes (not stored; derivedImageHash left empty). Throws ProbeError.
    Condition toCondition(
        const Sample& sample, std::optional<qint64> parentId, const std::optional<Run>& sourceRun) const;

    bool isRecipeUntouched() const;

    static bool usesTarget(ConditionKind kind);
    static bool targetsGold(ConditionKind kind); // Correct-Caption / Correct-Think point at the gold option
    static bool usesCaption(ConditionKind kind);
    static bool usesThinkPrefix(ConditionKind kind);
    static bool usesCue(ConditionKind kind);
    static bool needsSourceRun(ConditionKind kind);
};

} // namespace vlmprobe
