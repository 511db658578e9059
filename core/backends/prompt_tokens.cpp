#include "backends/prompt_tokens.h"

#include "backends/backend_error.h"

#include "vlmprobe/engine/chat_prompt.h"

#include <algorithm>

namespace vlmprobe {

PromptTokens tokenizePrompt(const AssembledPrompt& prompt, const engine::Tokenizer& tokenizer, std::int32_t imagePadId,
    std::int64_t imageTokens)
{
    const std::vector<engine::ChatMessage> messages = chatMessages(prompt);
    const std::int64_t images = engine::countImages(messages);
    const std::int64_t expected = imageTokens > 0 ? 1 : 0;
    if (images != expected)
        throw BackendError(
            "the prompt shows " + std::to_string(images) + " images but the job carries " + std::to_string(expected));
    PromptTokens out;
    out.ids = tokenizer.encode(engine::renderChatPrompt(messages));
    if (imageTokens > 0) {
        const std::int64_t counts[] = { imageTokens };
        out.ids = engine::expandImagePads(out.ids, imagePadId, counts);
        const auto last = std::find(out.ids.rbegin(), out.ids.rend(), imagePadId);
        out.imageEnd = static_cast<std::int64_t>(out.ids.rend() - last);
    }
    out.promptLength = static_cast<std::int64_t>(out.ids.size());
    for (const PrefillSegment& segment : prompt.prefill) {
        if (!segment.ids.empty()) {
            out.ids.insert(out.ids.end(), segment.ids.begin(), segment.ids.end());
        } else if (!segment.text.isEmpty()) {
            const std::vector<std::int32_t> ids = tokenizer.encode(segment.text.toStdString());
            out.ids.insert(out.ids.end(), ids.begin(), ids.end());
        }
    }
    return out;
}

} // namespace vlmprobe
