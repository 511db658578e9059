#pragma once
// "Suggest with model": the prompt that asks a text model for a caption or a chain-of-thought opening pointing at
// one option, and the cleaning of its reply into the text a condition stores.
//
//     const QString prompt = suggestionPrompt(ConditionKind::WrongCaption, sample, QStringLiteral("B"));
//     // ... a CompletionJob with userText = prompt ...
//     draft.caption = cleanSuggestion(reply);
//
// Misleading kinds (Wrong-*) ask for a text that presents the target as the answer; the controls (Correct-*) ask
// for the same kind of text pointing at the target, which is then the gold option. Pure functions; any thread.

#include "workspace/records.h"

#include <QString>

namespace vlmprobe {

// True for the kinds a suggestion can be asked for: the caption kinds (Wrong-Caption, Wrong-Caption + disclaimer,
// Correct-Caption) and the think kinds (Wrong-Think, Wrong-Think + cue, Correct-Think).
bool supportsSuggestion(ConditionKind kind);

// Throws ProbeError (one line) for a kind without suggestions or a letter that names none of the sample's options.
QString suggestionPrompt(ConditionKind kind, const Sample& sample, const QString& targetLetter);

// The suggestion in a model's reply: <think>...</think> blocks (or everything up to a lone "</think>") removed,
// remaining tags such as <answer> or <caption> removed, a leading "Caption:" / "Reasoning:" label dropped, only
// the first paragraph kept, surrounding quotes ("...", “...”, '...') stripped, and the result trimmed.
QString cleanSuggestion(const QString& modelOutput);

} // namespace vlmprobe
