#include "vlmprobe/engine/chat_prompt.h"

#include "text/utf8.h"
#include "vlmprobe/engine/errors.h"

#include <limits>
#include <utility>

namespace vlmprobe::engine {

namespace {

constexpr std::string_view kDefaultSystemTurn = "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n";
constexpr std::string_view kImageMarkup = "<|vision_start|><|image_pad|><|vision_end|>";
constexpr std::string_view kVideoMarkup = "<|vision_start|><|video_pad|><|vision_end|>";
constexpr std::string_view kGenerationPrompt = "<|im_start|>assistant\n";

std::int64_t countKind(const std::vector<ChatMessage>& messages, ChatContentKind kind)
{
    std::int64_t count = 0;
    for (const ChatMessage& message : messages) {
        for (const ChatContentItem& item : message.content)
            count += item.kind == kind ? 1 : 0;
    }
    return count;
}

} // namespace

std::string_view chatRoleName(ChatRole role)
{
    switch (role) {
    case ChatRole::System:
        return "system";
    case ChatRole::User:
        return "user";
    case ChatRole::Assistant:
        return "assistant";
    }
    return "user";
}

ChatContentItem ChatContentItem::makeText(std::string text)
{
    return ChatContentItem { ChatContentKind::Text, std::move(text), {} };
}

ChatContentItem ChatContentItem::makeImage(std::string source)
{
    return ChatContentItem { ChatContentKind::Image, {}, std::move(source) };
}

ChatContentItem ChatContentItem::makeVideo(std::string source)
{
    return ChatContentItem { ChatContentKind::Video, {}, std::move(source) };
}

ChatMessage ChatMessage::makeText(ChatRole role, std::string text)
{
    return ChatMessage { role, { ChatContentItem::makeText(std::move(text)) } };
}

std::string renderChatPrompt(
    const std::vector<ChatMessage>& messages, const ChatPromptOptions& options, std::string_view prefill)
{
    if (!prefill.empty() && !options.addGenerationPrompt)
        throw InvalidInputError("a prefill continues the generation prompt, which is switched off");
    if (const auto invalid = utf8::findInvalid(prefill))
        throw InvalidInputError("the prefill is not valid UTF-8 (byte " + std::to_string(*invalid) + ")");

    std::string prompt;
    // The image and video counters run across the whole conversation, as the template's namespace counters do.
    std::int64_t imageNumber = 0;
    std::int64_t videoNumber = 0;
    for (size_t m = 0; m < messages.size(); ++m) {
        const ChatMessage& message = messages[m];
        if (m == 0 && message.role != ChatRole::System)
            prompt += kDefaultSystemTurn;
        prompt += "<|im_start|>";
        prompt += chatRoleName(message.role);
        prompt += '\n';
        for (const ChatContentItem& item : message.content) {
            switch (item.kind) {
            case ChatContentKind::Text:
                prompt += item.text;
                break;
            case ChatContentKind::Image:
                ++imageNumber;
                if (options.addVisionId)
                    prompt += "Picture " + std::to_string(imageNumber) + ": ";
                prompt += kImageMarkup;
                break;
            case ChatContentKind::Video:
                ++videoNumber;
                if (options.addVisionId)
                    prompt += "Video " + std::to_string(videoNumber) + ": ";
                prompt += kVideoMarkup;
                break;
            }
        }
        prompt += "<|im_end|>\n";
    }
    if (options.addGenerationPrompt)
        prompt += kGenerationPrompt;
    prompt += prefill;
    return prompt;
}

std::int64_t countImages(const std::vector<ChatMessage>& messages)
{
    return countKind(messages, ChatContentKind::Image);
}

std::int64_t countVideos(const std::vector<ChatMessage>& messages)
{
    return countKind(messages, ChatContentKind::Video);
}

std::vector<std::int32_t> appendPrefillIds(
    std::vector<std::int32_t> promptIds, std::span<const std::int32_t> prefillIds)
{
    promptIds.insert(promptIds.end(), prefillIds.begin(), prefillIds.end());
    return promptIds;
}

std::vector<std::int32_t> expandImagePads(
    std::span<const std::int32_t> ids, std::int32_t padId, std::span<const std::int64_t> tokensPerImage)
{
    size_t padCount = 0;
    for (std::int32_t id : ids)
        padCount += id == padId ? 1 : 0;
    if (padCount != tokensPerImage.size()) {
        throw InvalidInputError("the prompt holds " + std::to_string(padCount) + " pad token(s) (id "
            + std::to_string(padId) + ") but " + std::to_string(tokensPerImage.size())
            + " image token count(s) were given");
    }
    // Bound the result so that a corrupt count cannot ask for an absurd allocation.
    constexpr std::int64_t kMaxLength = std::numeric_limits<std::int32_t>::max();
    std::int64_t total = static_cast<std::int64_t>(ids.size() - padCount);
    for (size_t k = 0; k < tokensPerImage.size(); ++k) {
        if (tokensPerImage[k] <= 0) {
            throw InvalidInputError("image " + std::to_string(k + 1) + " has a non-positive token count ("
                + std::to_string(tokensPerImage[k]) + ")");
        }
        if (tokensPerImage[k] > kMaxLength - total)
            throw InvalidInputError("the expanded prompt would exceed " + std::to_string(kMaxLength) + " tokens");
        total += tokensPerImage[k];
    }

    std::vector<std::int32_t> expanded;
    expanded.reserve(static_cast<size_t>(total));
    size_t image = 0;
    for (std::int32_t id : ids) {
        if (id == padId)
            expanded.insert(expanded.end(), static_cast<size_t>(tokensPerImage[image++]), padId);
        else
            expanded.push_back(id);
    }
    return expanded;
}

} // namespace vlmprobe::engine
