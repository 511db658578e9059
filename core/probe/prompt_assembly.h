#pragma once
// Prompt assembly: the text a model sees for one sample under one condition (protocol.md, "Conditions" and
// "Prompt assembly").
//
//   AssembledPrompt prompt = assemblePrompt(sample, condition, settings);      // sourceRun for EarlyAnswering
//   QString sent = renderedPrompt(prompt);               // ChatML with the generation prompt (Run::renderedPrompt)
//   // then append prompt.prefill raw: text segments tokenized, segments with ids appended verbatim.
//
// User turn (Base and every kind that only changes the image or the options):
//   [hint "\n"] question "\nOptions:\nA. text\nB. text ..." ["\n" instruction]
// Caption kinds put caption [+ disclaimer] "\n" in front of that; with the caption before the image, the image
// item sits between that first line and the rest (imageFirst = false, imageSplit = its length).
// Prefill (assistant turn, appended raw after the generation prompt, no end-of-turn):
//   Stop-Think "<think>" + thinkPrefix (default "Okay let's see. This should be the final answer.</think>"),
//   Wrong/Correct-Think "<think>" + thinkPrefix [+ cueText for WrongThinkCue], EditContinue "<think>" + edited
//   text, EarlyAnswering "<think>" + the source run's own first k of its thinking + "</think>\n<answer>".
//
// Thread safety: every function is pure; the values are plain data.

#include "workspace/records.h"

#include "vlmprobe/engine/chat_prompt.h"

#include <cstdint>
#include <vector>

namespace vlmprobe {

// "Think about the question step by step inside <think> </think> tags, then give the letter of the correct option
// inside <answer> </answer> tags."
QString defaultAnswerInstruction();

struct PromptSettings {
    QString systemPrompt; // empty = the chat template's default system turn
    QString answerInstruction = defaultAnswerInstruction(); // empty = no instruction line
    // Caption placed after the image (default) or before it; a condition's parameters {"captionAfterImage": bool}
    // override this for that condition.
    bool captionAfterImage = true;

    friend bool operator==(const PromptSettings&, const PromptSettings&) = default;
};

enum class PromptPart { User, Prefill };

// A piece of injected text, for highlighting. role: "caption", "disclaimer", "think-prefix", "cue", "stop-think",
// "abstain-option", "source-cot", "edited-cot", "answer-forcing". Offsets and lengths in UTF-16 code units.
struct InjectedSpan {
    PromptPart part = PromptPart::User;
    int start = 0; // into AssembledPrompt::userText (User) or AssembledPrompt::prefillText() (Prefill)
    int length = 0;
    QString role;

    friend bool operator==(const InjectedSpan&, const InjectedSpan&) = default;
};

// One piece of the assistant prefill. ids non-empty: the model's own earlier token ids, to be appended verbatim
// (text is their decoded form, for display); ids empty: text to tokenize. role empty: format scaffolding such as
// the opening "<think>"; otherwise one of InjectedSpan's roles.
struct PrefillSegment {
    QString text;
    std::vector<std::int32_t> ids;
    QString role;

    friend bool operator==(const PrefillSegment&, const PrefillSegment&) = default;
};

struct AssembledPrompt {
    QString systemPrompt; // as given by the settings (empty = default)
    QString userText; // the whole user-turn text (caption, question, options, instruction)
    bool imageFirst = true; // the image item comes before userText (false: caption text, then image, then rest)
    int imageSplit = 0; // when !imageFirst: userText.left(imageSplit) precedes the image
    QList<PrefillSegment> prefill; // empty = no prefill
    QList<InjectedSpan> spans; // User spans first (in text order), then Prefill spans (in text order)
    QString imageHash; // the image shown: the condition's derived image or the sample's; empty = no image
    QStringList options; // effective options (Abstain/OptionShuffle override)
    QString goldAnswer; // effective gold letter

    QString prefillText() const; // concatenated segment texts
    bool hasPrefill() const;

    friend bool operator==(const AssembledPrompt&, const AssembledPrompt&) = default;
};

// Throws ProbeError (one line) when the condition needs a source run that is missing (EarlyAnswering), or its
// texts or parameters are malformed (a caption kind without a caption, a think kind without a prefix, a fraction
// outside 0..1, option overrides without a valid gold letter ...). sourceRun is read only by EarlyAnswering.
AssembledPrompt assemblePrompt(
    const Sample& sample, const Condition& condition, const PromptSettings& settings, const Run* sourceRun = nullptr);

// The chat messages of the prompt: system (when set), then user (image item and text items in order). The image
// item's source is the image hash (rendering ignores it).
std::vector<engine::ChatMessage> chatMessages(const AssembledPrompt& prompt);

// engine::renderChatPrompt(chatMessages(prompt)) with the generation prompt, prefill excluded (Run::renderedPrompt).
QString renderedPrompt(const AssembledPrompt& prompt);

} // namespace vlmprobe
