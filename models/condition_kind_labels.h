#pragma once
// How condition kinds are named and grouped in the UI. The stored kebab-case names (records.h) are for files and
// scripts; these are for people. Stateless, any thread.

#include "workspace/records.h"

#include <QString>

namespace vlmprobe {

// Groups shown with one badge colour each.
enum class ConditionFamily {
    Base, // the unperturbed presentation
    Text, // captions, think prefixes, cues, option edits
    Visual, // image perturbations
    Reuse, // conditions built from a previous run's own chain-of-thought
};

// "Wrong-Think + cue", "Gaussian blur" ...
QString conditionKindTitle(ConditionKind kind);
// A short badge text: "WT+cue", "blur" ...
QString conditionKindBadge(ConditionKind kind);
ConditionFamily conditionFamily(ConditionKind kind);
// The label a condition shows: its own label when set, else the kind's title.
QString conditionDisplayName(const Condition& condition);

} // namespace vlmprobe
