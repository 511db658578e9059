// vlmprobe-engine render: the chat prompt exactly as the model sees it (before the image pads are expanded).
// stdout carries the prompt bytes and nothing else (no trailing newline), so it can be compared with
// apply_chat_template(tokenize=False) byte for byte; a template mismatch is reported on stderr.

#include "subcommands.h"

#include "vlmprobe/engine/chat_prompt.h"
#include "vlmprobe/engine/chat_template_check.h"
#include "vlmprobe/engine/errors.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace vlmprobe::tools {

namespace {

std::string readPrefillFile(const std::string& path)
{
    std::error_code status;
    if (!std::filesystem::is_regular_file(path, status))
        throw engine::LoadError("prefill file '" + path + "' does not exist or is not a file");
    std::ifstream file(path, std::ios::binary);
    std::ostringstream bytes;
    if (file)
        bytes << file.rdbuf();
    if (!file || file.bad())
        throw engine::LoadError("cannot read prefill file '" + path + "'");
    return bytes.str();
}

void writeAll(const std::string& bytes)
{
    if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size() || std::fflush(stdout) != 0)
        throw engine::EngineError("cannot write to stdout");
}

} // namespace

int runRender(const CommandLine& args)
{
    args.allowOnly({ "model", "messages", "no-generation-prompt", "add-vision-id", "prefill", "prefill-file", "json" });
    const std::string modelDir = args.required("model");
    const std::string messagesPath = args.required("messages");
    if (args.values("prefill").size() > 1)
        throw UsageError("--prefill takes one value (quote it)");
    if (args.has("prefill") && args.has("prefill-file"))
        throw UsageError("give --prefill or --prefill-file, not both");

    engine::ChatPromptOptions options;
    options.addGenerationPrompt = !args.has("no-generation-prompt");
    options.addVisionId = args.has("add-vision-id");
    std::string prefill;
    if (auto file = args.option("prefill-file"))
        prefill = readPrefillFile(*file);
    else if (auto text = args.option("prefill"))
        prefill = *text;
    if (!prefill.empty() && !options.addGenerationPrompt)
        throw UsageError("--prefill continues the generation prompt; drop --no-generation-prompt");

    const engine::ChatTemplateCheck check = engine::checkChatTemplate(modelDir);
    const std::vector<engine::ChatMessage> messages = engine::loadChatMessages(messagesPath);
    const std::string prompt = engine::renderChatPrompt(messages, options, prefill);

    if (!check.matchesKnownTemplate)
        std::fprintf(stderr, "vlmprobe-engine render: warning: %s\n", check.warning.c_str());
    if (!args.has("json")) {
        writeAll(prompt);
        return 0;
    }
    nlohmann::json out {
        { "prompt", prompt },
        { "prefill", prefill },
        { "images", engine::countImages(messages) },
        { "videos", engine::countVideos(messages) },
        { "template",
            {
                { "found", check.found },
                { "file", check.fileName },
                { "sha256", check.fingerprint },
                { "matches_known_template", check.matchesKnownTemplate },
            } },
    };
    writeAll(out.dump(2) + "\n");
    return 0;
}

} // namespace vlmprobe::tools
