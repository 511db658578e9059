// parseChatMessages / loadChatMessages: HF-style messages JSON into ChatMessage values. The item classification
// follows the order of the template's tests (image, then video, then text) so that an item the template would
// render as an image is an image here too.

#include "vlmprobe/engine/chat_prompt.h"

#include "vlmprobe/engine/errors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace vlmprobe::engine {

namespace {

using Json = nlohmann::json;

std::string oneLine(std::string text)
{
    std::replace_if(
        text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    return text;
}

bool hasType(const Json& item, std::string_view type)
{
    auto it = item.find("type");
    return it != item.end() && it->is_string() && it->get_ref<const std::string&>() == type;
}

// The first of `keys` whose value is a string (or, for image_url, an object with a string "url").
std::string mediaSource(const Json& item, std::initializer_list<const char*> keys)
{
    for (const char* key : keys) {
        auto it = item.find(key);
        if (it == item.end())
            continue;
        if (it->is_string())
            return it->get<std::string>();
        if (it->is_object()) {
            auto url = it->find("url");
            if (url != it->end() && url->is_string())
                return url->get<std::string>();
        }
    }
    return {};
}

ChatRole parseRole(const Json& message, const std::string& where)
{
    auto it = message.find("role");
    if (it == message.end() || !it->is_string())
        throw InvalidInputError(where + " has no \"role\" string");
    const auto& role = it->get_ref<const std::string&>();
    if (role == "system")
        return ChatRole::System;
    if (role == "user")
        return ChatRole::User;
    if (role == "assistant")
        return ChatRole::Assistant;
    throw InvalidInputError(
        where + " has the unsupported role '" + oneLine(role) + "' (expected system, user or assistant)");
}

std::vector<ChatContentItem> parseContent(const Json& message, const std::string& where)
{
    auto it = message.find("content");
    if (it == message.end() || it->is_null())
        throw InvalidInputError(where + " has no content (a string or an array of items)");
    if (it->is_string())
        return { ChatContentItem::makeText(it->get<std::string>()) };
    if (!it->is_array())
        throw InvalidInputError(where + ": content must be a string or an array of items");

    std::vector<ChatContentItem> items;
    for (size_t k = 0; k < it->size(); ++k) {
        const Json& item = (*it)[k];
        const std::string itemWhere = where + ", item " + std::to_string(k + 1);
        if (!item.is_object())
            throw InvalidInputError(itemWhere + " is not an object");
        if (hasType(item, "image") || item.contains("image") || item.contains("image_url")) {
            items.push_back(ChatContentItem::makeImage(mediaSource(item, { "image", "image_url", "url", "path" })));
        } else if (hasType(item, "video") || item.contains("video")) {
            items.push_back(ChatContentItem::makeVideo(mediaSource(item, { "video", "url", "path" })));
        } else if (auto text = item.find("text"); text != item.end()) {
            if (!text->is_string())
                throw InvalidInputError(itemWhere + ": \"text\" must be a string");
            items.push_back(ChatContentItem::makeText(text->get<std::string>()));
        }
    }
    return items;
}

} // namespace

std::vector<ChatMessage> parseChatMessages(std::string_view json)
{
    Json document;
    try {
        document = Json::parse(json.begin(), json.end());
    } catch (const Json::exception& error) {
        throw InvalidInputError("messages JSON: " + oneLine(error.what()));
    }
    const Json* list = &document;
    if (document.is_object()) {
        auto it = document.find("messages");
        if (it == document.end())
            throw InvalidInputError("messages JSON: an object must hold a \"messages\" array");
        list = &*it;
    }
    if (!list->is_array())
        throw InvalidInputError("messages JSON: expected an array of messages");

    std::vector<ChatMessage> messages;
    messages.reserve(list->size());
    for (size_t m = 0; m < list->size(); ++m) {
        const Json& message = (*list)[m];
        const std::string where = "message " + std::to_string(m + 1);
        if (!message.is_object())
            throw InvalidInputError(where + " is not an object");
        ChatMessage parsed;
        parsed.role = parseRole(message, where);
        parsed.content = parseContent(message, where);
        messages.push_back(std::move(parsed));
    }
    return messages;
}

std::vector<ChatMessage> loadChatMessages(const std::string& path)
{
    std::error_code status;
    if (!std::filesystem::is_regular_file(path, status))
        throw LoadError("messages file '" + path + "' does not exist or is not a file");
    std::ifstream file(path, std::ios::binary);
    if (!file)
        throw LoadError("cannot read messages file '" + path + "'");
    std::ostringstream bytes;
    bytes << file.rdbuf();
    if (file.bad())
        throw LoadError("cannot read messages file '" + path + "'");
    try {
        return parseChatMessages(bytes.str());
    } catch (const InvalidInputError& error) {
        throw InvalidInputError(path + ": " + error.what());
    }
}

} // namespace vlmprobe::engine
