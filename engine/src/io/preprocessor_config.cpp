#include "vlmprobe/engine/checkpoint_config.h"

#include "io/file_paths.h"
#include "io/json_parsing.h"
#include "vlmprobe/engine/errors.h"

namespace vlmprobe::engine {

namespace {

using json::FieldReader;

// image_mean / image_std: three numbers, or one number that transformers broadcasts to every channel.
std::optional<std::array<double, 3>> readTriple(const FieldReader& root, std::string_view key)
{
    const nlohmann::json* value = root.find(key);
    if (!value)
        return std::nullopt;
    if (value->is_number()) {
        const double v = value->get<double>();
        return std::array<double, 3> { v, v, v };
    }
    const std::optional<std::vector<double>> list = root.numberList(key);
    if (list->size() != 3)
        root.fail(key, "must hold three numbers (one per RGB channel)");
    return std::array<double, 3> { (*list)[0], (*list)[1], (*list)[2] };
}

// Precedence (qwen25vl.md §2.2): top-level key, then size.<edgeKey>, then size.<pixelsKey>, then the default.
std::int64_t readPixels(const FieldReader& root, const std::optional<FieldReader>& size, std::string_view topKey,
    std::string_view edgeKey, std::int64_t fallback)
{
    if (const std::optional<std::int64_t> value = root.integer(topKey))
        return *value;
    if (size) {
        if (const std::optional<std::int64_t> value = size->integer(edgeKey))
            return *value;
        if (const std::optional<std::int64_t> value = size->integer(topKey))
            return *value;
    }
    return fallback;
}

} // namespace

PreprocessorConfig parsePreprocessorConfig(std::string_view text, const std::string& source)
{
    const nlohmann::json document = json::parse(text, source);
    const FieldReader root(document, source);
    PreprocessorConfig config;
    config.patchSize = root.smallInteger("patch_size").value_or(config.patchSize);
    config.temporalPatchSize = root.smallInteger("temporal_patch_size").value_or(config.temporalPatchSize);
    config.mergeSize = root.smallInteger("merge_size").value_or(config.mergeSize);

    const std::optional<FieldReader> size = root.object("size");
    config.minPixels = readPixels(root, size, "min_pixels", "shortest_edge", config.minPixels);
    config.maxPixels = readPixels(root, size, "max_pixels", "longest_edge", config.maxPixels);

    config.imageMean = readTriple(root, "image_mean").value_or(config.imageMean);
    config.imageStd = readTriple(root, "image_std").value_or(config.imageStd);
    config.rescaleFactor = root.number("rescale_factor").value_or(config.rescaleFactor);
    config.doResize = root.boolean("do_resize").value_or(config.doResize);
    config.doRescale = root.boolean("do_rescale").value_or(config.doRescale);
    config.doNormalize = root.boolean("do_normalize").value_or(config.doNormalize);
    config.doConvertRgb = root.boolean("do_convert_rgb").value_or(config.doConvertRgb);

    if (config.patchSize <= 0)
        root.fail("patch_size", "must be positive");
    if (config.temporalPatchSize <= 0)
        root.fail("temporal_patch_size", "must be positive");
    if (config.mergeSize <= 0)
        root.fail("merge_size", "must be positive");
    if (config.minPixels <= 0)
        root.fail("min_pixels", "must be positive");
    if (config.maxPixels < config.minPixels)
        root.fail("max_pixels", "is smaller than min_pixels");
    for (double deviation : config.imageStd) {
        if (!(deviation != 0))
            root.fail("image_std", "must not contain zero");
    }
    return config;
}

PreprocessorConfig loadPreprocessorConfig(const std::string& directory)
{
    const std::string path = joinPath(directory, "preprocessor_config.json");
    return parsePreprocessorConfig(readWholeFile(path), path);
}

} // namespace vlmprobe::engine
