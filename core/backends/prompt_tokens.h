#pragma once
// The token ids of an assembled prompt, the way the local backend feeds them to the engine (protocol.md, "Prompt
// assembly"): chatMessages(prompt) rendered with the generation prompt and no prefill, tokenized, the image pad
// expanded to the image's merged-unit count, then the prefill segments (text segments tokenized one by one, the
// model's own earlier ids appended verbatim).
// Thread-safe: pure function (the tokenizer is immutable).

#include "probe/prompt_assembly.h"

#include "vlmprobe/engine/tokenizer.h"

#include <cstdint>
#include <vector>

namespace vlmprobe {

struct PromptTokens {
    std::vector<std::int32_t> ids; // everything the model sees before it generates, image pads expanded
    std::int64_t promptLength = 0; // ids before the prefill
    std::int64_t imageEnd = 0; // index just past the last image-pad id; 0 without an image
};

// imageTokens: merged units of the one image (0 for a text-only prompt). Throws BackendError when the rendered
// prompt holds a different number of images than given, and engine::InvalidInputError for text that is not UTF-8.
PromptTokens tokenizePrompt(const AssembledPrompt& prompt, const engine::Tokenizer& tokenizer, std::int32_t imagePadId,
    std::int64_t imageTokens);

} // namespace vlmprobe
