#pragma once
// Does a checkpoint carry the chat template that chat_prompt.h reproduces? The engine renders prompts with
// hard-coded logic, so a fine-tune that ships a different template (another default system prompt, the Qwen2.5 LLM
// tool template in tokenizer_config.json, ...) must be flagged rather than silently rendered the known way.
//
//   ChatTemplateCheck check = checkChatTemplate(checkpointDir);
//   if (!check.matchesKnownTemplate)
//       std::fprintf(stderr, "%s\n", check.warning.c_str());
//
// Thread safety: the functions are reentrant; they only read files.

#include <optional>
#include <string>
#include <string_view>

namespace vlmprobe::engine {

struct ChatTemplateSource {
    std::string fileName; // the file it came from, relative to the checkpoint folder: "chat_template.json" ...
    std::string text; // the Jinja source, exactly as stored
};

struct ChatTemplateCheck {
    bool found = false; // the checkpoint carries a chat template at all
    std::string fileName; // where it was found (empty when not found)
    std::string fingerprint; // chatTemplateFingerprint of the template (empty when not found)
    bool matchesKnownTemplate = false; // it is the Qwen2-VL / Qwen2.5-VL processor template
    std::string warning; // one line for stderr or a status bar; empty when it matches
};

// The template a Hugging Face processor would use, looked up in the order transformers 4.51-4.53 do:
// chat_template.json ("chat_template" key) before chat_template.jinja, then the "chat_template" key of
// processor_config.json, and last the tokenizer's own template in tokenizer_config.json (a string, or the entry
// named "default" of a list of {"name", "template"}). std::nullopt when none of them has one. Throws LoadError when
// the folder is missing or one of those files is unreadable, malformed JSON or holds a non-string template.
std::optional<ChatTemplateSource> loadChatTemplate(const std::string& checkpointDir);

// Lower-case hex SHA-256 of the template text, after dropping one trailing newline ("\n", "\r\n" or "\r") that Jinja
// itself drops (keep_trailing_newline is off), so a .jinja file saved by an editor fingerprints like the original.
std::string chatTemplateFingerprint(std::string_view templateText);

// Compares a template with the known one; std::nullopt reports a missing template.
ChatTemplateCheck checkChatTemplateSource(const std::optional<ChatTemplateSource>& templateSource);

// loadChatTemplate + checkChatTemplateSource. Throws LoadError as loadChatTemplate does.
ChatTemplateCheck checkChatTemplate(const std::string& checkpointDir);

} // namespace vlmprobe::engine
