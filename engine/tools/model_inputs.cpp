#include "model_inputs.h"

#include "image_file.h"

#include "vlmprobe/engine/chat_prompt.h"
#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/image_preprocessor.h"
#include "vlmprobe/engine/rope_index.h"
#include "vlmprobe/engine/tokenizer.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace vlmprobe::tools {

engine::LoadOptions loadOptions(const CommandLine& args)
{
    engine::LoadOptions options;
    options.device = engine::parseDevice(args.option("device").value_or("cpu"));
    options.precision = engine::parsePrecision(args.option("dtype").value_or("auto"));
    const long long threads = args.integer("threads").value_or(0);
    if (threads < 0 || threads > 1024)
        throw UsageError("--threads must be between 0 (all cores) and 1024");
    options.threads = static_cast<int>(threads);
    return options;
}

std::shared_ptr<const engine::Model> loadModel(const CommandLine& args)
{
    return engine::Model::load(args.required("model"), loadOptions(args));
}

std::vector<std::int32_t> readIdsFile(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
        throw engine::InvalidInputError("cannot read the ids file " + path);
    std::stringstream text;
    text << in.rdbuf();
    const nlohmann::json json = nlohmann::json::parse(text.str(), nullptr, false);
    if (!json.is_array())
        throw engine::InvalidInputError("the ids file " + path + " is not a JSON array");
    std::vector<std::int32_t> ids;
    for (const auto& value : json) {
        if (!value.is_number_integer() || value.get<long long>() < 0 || value.get<long long>() > INT32_MAX)
            throw engine::InvalidInputError("the ids file " + path + " holds a value that is not a token id");
        ids.push_back(value.get<std::int32_t>());
    }
    return ids;
}

std::vector<engine::VisionInput> loadImages(const std::string& modelDir, const std::vector<std::string>& paths)
{
    if (paths.empty())
        return {};
    std::vector<engine::Image> decoded;
    for (const std::string& path : paths)
        decoded.push_back(readImageFile(path));
    const engine::ImagePreprocessor preprocessor(engine::loadPreprocessorConfig(modelDir));
    const engine::PreprocessedImages batch = preprocessor.run(decoded);
    std::vector<engine::VisionInput> out;
    for (std::size_t i = 0; i < decoded.size(); ++i) {
        engine::VisionInput input;
        input.grid = { batch.gridThw[i][0], batch.gridThw[i][1], batch.gridThw[i][2] };
        const auto begin = batch.pixelValues.begin() + batch.firstRow(i) * batch.cols;
        input.pixelValues.assign(begin, begin + batch.patchCount(i) * batch.cols);
        out.push_back(std::move(input));
    }
    return out;
}

std::vector<std::int32_t> expandedIds(
    const engine::Model& model, const std::vector<std::int32_t>& ids, const std::vector<engine::VisionInput>& images)
{
    std::vector<engine::GridThw> grids;
    for (const engine::VisionInput& image : images)
        grids.push_back(image.grid);
    return engine::expandImageTokenIds(
        ids, grids, static_cast<std::int32_t>(model.config().tokens.imagePad), model.config().vision.spatialMergeSize);
}

std::vector<std::int32_t> promptIds(const std::string& modelDir, const engine::Model& model,
    const std::vector<engine::VisionInput>& images, const std::string& prompt, const std::string& system,
    const std::string& prefill)
{
    std::vector<engine::ChatMessage> messages;
    if (!system.empty())
        messages.push_back(engine::ChatMessage::makeText(engine::ChatRole::System, system));
    engine::ChatMessage user;
    user.role = engine::ChatRole::User;
    for (std::size_t i = 0; i < images.size(); ++i)
        user.content.push_back(engine::ChatContentItem::makeImage());
    user.content.push_back(engine::ChatContentItem::makeText(prompt));
    messages.push_back(std::move(user));
    const engine::Tokenizer tokenizer = engine::Tokenizer::load(modelDir);
    const std::vector<std::int32_t> ids = tokenizer.encode(engine::renderChatPrompt(messages, {}, prefill));
    return expandedIds(model, ids, images);
}

} // namespace vlmprobe::tools
