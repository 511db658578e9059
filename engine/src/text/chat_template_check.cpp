#include "vlmprobe/engine/chat_template_check.h"

#include "vlmprobe/engine/errors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace vlmprobe::engine {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// Fingerprints of the templates renderChatPrompt reproduces. Qwen2-VL and Qwen2.5-VL ship the same processor
// template (chat_template.json of both families), so one entry covers both.
constexpr std::array<std::string_view, 1> kKnownFingerprints {
    "a0bc6f6fc7a29a80017a433e8f03a1cc1236e838a944a2d034295a60c4f2fddb",
};

constexpr std::string_view kKnownName = "the Qwen2-VL/Qwen2.5-VL processor template";

std::string oneLine(std::string text)
{
    std::replace_if(
        text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    return text;
}

// The file's bytes, or nullopt when it does not exist. Throws LoadError when it exists but cannot be read.
std::optional<std::string> readIfPresent(const fs::path& path)
{
    std::error_code status;
    if (!fs::exists(path, status))
        return std::nullopt;
    if (!fs::is_regular_file(path, status))
        throw LoadError("'" + path.string() + "' is not a regular file");
    std::ifstream file(path, std::ios::binary);
    std::ostringstream bytes;
    if (file)
        bytes << file.rdbuf();
    if (!file || file.bad())
        throw LoadError("cannot read '" + path.string() + "'");
    return bytes.str();
}

std::optional<Json> readJsonIfPresent(const fs::path& path)
{
    std::optional<std::string> bytes = readIfPresent(path);
    if (!bytes)
        return std::nullopt;
    try {
        return Json::parse(*bytes);
    } catch (const Json::exception& error) {
        throw LoadError("'" + path.string() + "' is not valid JSON: " + oneLine(error.what()));
    }
}

// The "chat_template" value of a JSON object: nullopt when the key is absent or null.
std::optional<std::string> templateString(const Json& document, const fs::path& path)
{
    if (!document.is_object())
        throw LoadError("'" + path.string() + "' does not hold a JSON object");
    auto it = document.find("chat_template");
    if (it == document.end() || it->is_null())
        return std::nullopt;
    if (it->is_string())
        return it->get<std::string>();
    throw LoadError("'" + path.string() + "': \"chat_template\" is not a string");
}

// tokenizer_config.json keeps either one template string or a list of named templates; the tokenizer uses the one
// named "default".
std::optional<std::string> tokenizerTemplate(const Json& document, const fs::path& path)
{
    if (!document.is_object())
        throw LoadError("'" + path.string() + "' does not hold a JSON object");
    auto it = document.find("chat_template");
    if (it == document.end() || !it->is_array())
        return templateString(document, path);
    for (const Json& entry : *it) {
        if (!entry.is_object())
            throw LoadError("'" + path.string() + "': a named chat template is not an object");
        auto name = entry.find("name");
        auto text = entry.find("template");
        if (name != entry.end() && name->is_string() && *name == "default") {
            if (text == entry.end() || !text->is_string())
                throw LoadError("'" + path.string() + "': the \"default\" chat template is not a string");
            return text->get<std::string>();
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<ChatTemplateSource> loadChatTemplate(const std::string& checkpointDir)
{
    const fs::path dir(checkpointDir);
    std::error_code status;
    if (!fs::is_directory(dir, status))
        throw LoadError("checkpoint folder '" + checkpointDir + "' does not exist");

    // transformers reads the legacy chat_template.json first when both it and chat_template.jinja exist.
    const fs::path legacyPath = dir / "chat_template.json";
    if (std::optional<Json> legacy = readJsonIfPresent(legacyPath)) {
        std::optional<std::string> text = templateString(*legacy, legacyPath);
        if (!text)
            throw LoadError("'" + legacyPath.string() + "' has no \"chat_template\" string");
        return ChatTemplateSource { "chat_template.json", std::move(*text) };
    }
    if (std::optional<std::string> raw = readIfPresent(dir / "chat_template.jinja"))
        return ChatTemplateSource { "chat_template.jinja", std::move(*raw) };

    const fs::path processorPath = dir / "processor_config.json";
    if (std::optional<Json> processor = readJsonIfPresent(processorPath)) {
        if (std::optional<std::string> text = templateString(*processor, processorPath))
            return ChatTemplateSource { "processor_config.json", std::move(*text) };
    }
    const fs::path tokenizerPath = dir / "tokenizer_config.json";
    if (std::optional<Json> tokenizer = readJsonIfPresent(tokenizerPath)) {
        if (std::optional<std::string> text = tokenizerTemplate(*tokenizer, tokenizerPath))
            return ChatTemplateSource { "tokenizer_config.json", std::move(*text) };
    }
    return std::nullopt;
}

ChatTemplateCheck checkChatTemplateSource(const std::optional<ChatTemplateSource>& templateSource)
{
    ChatTemplateCheck check;
    if (!templateSource) {
        check.warning = "the checkpoint has no chat template (chat_template.json, chat_template.jinja, "
                        "processor_config.json or tokenizer_config.json); prompts use "
            + std::string(kKnownName);
        return check;
    }
    check.found = true;
    check.fileName = templateSource->fileName;
    check.fingerprint = chatTemplateFingerprint(templateSource->text);
    check.matchesKnownTemplate = std::find(kKnownFingerprints.begin(), kKnownFingerprints.end(), check.fingerprint)
        != kKnownFingerprints.end();
    if (!check.matchesKnownTemplate) {
        check.warning = "the chat template in " + check.fileName + " (sha256 " + check.fingerprint.substr(0, 12)
            + ") differs from " + std::string(kKnownName) + ", which prompts are rendered with";
    }
    return check;
}

ChatTemplateCheck checkChatTemplate(const std::string& checkpointDir)
{
    return checkChatTemplateSource(loadChatTemplate(checkpointDir));
}

} // namespace vlmprobe::engine
