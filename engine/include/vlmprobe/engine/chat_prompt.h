#pragma once
// The Qwen-VL chat prompt: the ChatML processor template shared by Qwen2-VL and Qwen2.5-VL, reproduced by
// hand-written logic (no Jinja engine) byte for byte as Hugging Face's apply_chat_template(tokenize=False) renders
// it, with one <|image_pad|> per image and one <|video_pad|> per video. chat_template_check.h tells whether a
// checkpoint actually carries that template.
//
//   using namespace vlmprobe::engine;
//   std::vector<ChatMessage> messages = parseChatMessages(jsonText);  // HF-style messages JSON
//   std::string prompt = renderChatPrompt(messages, {}, "<think>");   // generation prompt + raw prefill
//   std::vector<std::int32_t> ids = tokenizer.encode(prompt);         // the image pads stay single tokens
//   ids = expandImagePads(ids, imagePadId, tokensPerImage);           // one entry per image, in prompt order
//
// A prefill the model generated earlier must be appended as token ids, not as text (re-tokenizing can merge tokens
// across the boundary): render with an empty prefill, tokenize, then appendPrefillIds(ids, prefillIds).
//
// Thread safety: every function here is pure; the value types are plain data.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vlmprobe::engine {

enum class ChatRole { System, User, Assistant };

// The role as the template prints it: "system", "user", "assistant".
std::string_view chatRoleName(ChatRole role);

enum class ChatContentKind { Text, Image, Video };

struct ChatContentItem {
    ChatContentKind kind = ChatContentKind::Text;
    std::string text; // UTF-8; Text items only
    // Image/Video items: where the media comes from as the JSON named it (a path, URL or data URI taken from the
    // "image", "image_url" (string or {"url": ...}), "video", "url" or "path" key); empty when none was a string.
    // Rendering ignores it.
    std::string source;

    static ChatContentItem makeText(std::string text);
    static ChatContentItem makeImage(std::string source = {});
    static ChatContentItem makeVideo(std::string source = {});
};

struct ChatMessage {
    ChatRole role = ChatRole::User;
    // String content is one Text item: the template renders a string and a list of items the same way.
    std::vector<ChatContentItem> content;

    static ChatMessage makeText(ChatRole role, std::string text);
};

struct ChatPromptOptions {
    bool addGenerationPrompt = true; // end with "<|im_start|>assistant\n"
    bool addVisionId = false; // prefix each image with "Picture k: " and each video with "Video k: " (k from 1)
};

// Parses HF-style messages: a JSON array of {"role": ..., "content": ...} (or an object whose "messages" key holds
// that array). content is a string or an array of items; an item is an image when its "type" is "image" or it has
// an "image" or "image_url" key, else a video when its "type" is "video" or it has a "video" key, else text when it
// has a "text" key (a string); the template prints nothing for any other item, so those are dropped. Extra keys are
// ignored. Throws InvalidInputError (one line naming the message and item at fault) on malformed JSON, a role other
// than system/user/assistant, missing or null content, a non-object item or a non-string text.
std::vector<ChatMessage> parseChatMessages(std::string_view json);

// parseChatMessages on a file's content. Throws LoadError when the file cannot be read.
std::vector<ChatMessage> loadChatMessages(const std::string& path);

// The prompt text. When the first message is not a system message, the default system turn
// "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n" comes first. A non-empty prefill is appended raw
// after the generation prompt, without <|im_end|> (equal to HF's continue_final_message for this template);
// throws InvalidInputError when a non-empty prefill is given without the generation prompt, or when it is not
// valid UTF-8.
std::string renderChatPrompt(
    const std::vector<ChatMessage>& messages, const ChatPromptOptions& options = {}, std::string_view prefill = {});

// Number of image (video) items, i.e. of <|image_pad|> (<|video_pad|>) tokens the rendered prompt holds.
std::int64_t countImages(const std::vector<ChatMessage>& messages);
std::int64_t countVideos(const std::vector<ChatMessage>& messages);

// promptIds followed by prefillIds: the way to continue from text the model produced earlier (its own ids).
std::vector<std::int32_t> appendPrefillIds(
    std::vector<std::int32_t> promptIds, std::span<const std::int32_t> prefillIds);

// Replaces the k-th occurrence of padId with tokensPerImage[k] copies of it, as the processor does before the
// network sees the prompt. For an image, tokensPerImage[k] = t·h·w / merge² from its grid_thw (t=1, merge=2), i.e.
// (resized height / 28)·(resized width / 28). The same works for <|video_pad|> with the video pad id. Throws
// InvalidInputError when the number of pad ids differs from tokensPerImage.size() or a count is not positive.
std::vector<std::int32_t> expandImagePads(
    std::span<const std::int32_t> ids, std::int32_t padId, std::span<const std::int64_t> tokensPerImage);

} // namespace vlmprobe::engine
