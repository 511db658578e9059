#pragma once
// Shared plumbing of the network subcommands (logits, generate, score, bench): load options from the command
// line, id files, images preprocessed with the checkpoint's processor, and prompts rendered with its tokenizer.

#include "command_line.h"

#include "vlmprobe/engine/model.h"
#include "vlmprobe/engine/vision_input.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace vlmprobe::tools {

// --device cpu|cuda, --dtype f32|bf16|f16 (default auto) and --threads N (default: every core).
engine::LoadOptions loadOptions(const CommandLine& args);
std::shared_ptr<const engine::Model> loadModel(const CommandLine& args);

// A JSON array of integer ids. Throws InvalidInputError naming the file.
std::vector<std::int32_t> readIdsFile(const std::string& path);

// Decodes and preprocesses the images with the checkpoint's preprocessor_config.json.
std::vector<engine::VisionInput> loadImages(const std::string& modelDir, const std::vector<std::string>& paths);

// The chat prompt (optional system turn, one user turn with the images then the text, generation prompt and raw
// prefill) tokenized with the checkpoint's tokenizer.json, image pads expanded for `images`.
std::vector<std::int32_t> promptIds(const std::string& modelDir, const engine::Model& model,
    const std::vector<engine::VisionInput>& images, const std::string& prompt, const std::string& system,
    const std::string& prefill);

// The ids of a JSON ids file with its single image pads expanded for `images`.
std::vector<std::int32_t> expandedIds(
    const engine::Model& model, const std::vector<std::int32_t>& ids, const std::vector<engine::VisionInput>& images);

} // namespace vlmprobe::tools
