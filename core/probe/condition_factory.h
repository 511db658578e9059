#pragma once
// Builds a Condition value (not stored) of any kind for a sample, filling its texts from the templates
// (condition_templates.h) or from texts given in the parameters, and recording the target option and provenance.
//
//   Condition wrong = makeCondition(sample, ConditionKind::WrongCaption, {{"target", "B"}}, baseId);
//   workspace.conditions().insert(wrong);
//
// Parameters read (all optional unless said otherwise); everything given is kept in Condition::parameters, with the
// defaults the prompt depends on written in as well, so a stored condition says exactly how it was presented:
//   target        Wrong*: the option letter pointed at (default: the first option that is not gold; gold is an
//                 error). Correct*: must be the gold letter when given (the default).
//   template      caption / think-prefix template id (default: the first); provenance {"source": "template", ...}
//   text          the caption / think prefix / Stop-Think prefix verbatim instead of a template;
//                 provenance {"source": "manual"}
//   disclaimer    WrongCaptionDisclaimer (default ", but I could be wrong.")
//   cue           WrongThinkCue (default " But I think")
//   abstainText   Abstain (default "I'm not sure")
//   order | rotate OptionShuffle: new option i is old option order[i], or old option (i + rotate) mod n
//                 (default rotate 1, circular evaluation)
//   sourceRun     EarlyAnswering (required) / EditContinue: the run whose own chain of thought is reused
//   fraction, unit EarlyAnswering: 0..1 (required), "tokens" (default) or "sentences"
//   editedThink   EditContinue (required)
//   severity      visual kinds: 1..5, expanded by recipeForSeverity; explicit recipe keys override it;
//                 TypographicOverlay's "text" defaults to the target option's text (chosen like Wrong*'s)
// Visual conditions get no derived image here: apply applyVisualPerturbation to the sample's image and set
// derivedImageHash. Throws ProbeError (one line) on a bad letter, an unknown template or a malformed parameter.
// Thread safety: pure.

#include "workspace/records.h"

namespace vlmprobe {

Condition makeCondition(
    const Sample& sample, ConditionKind kind, const QJsonObject& parameters, std::optional<qint64> parentId);

} // namespace vlmprobe
