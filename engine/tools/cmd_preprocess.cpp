// vlmprobe-engine preprocess: one image -> pixel_values (.npy) as the checkpoint's image processor makes them.

#include "image_file.h"
#include "subcommands.h"

#include "vlmprobe/engine/checkpoint_config.h"
#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/image_preprocessor.h"
#include "vlmprobe/engine/npy.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>

namespace vlmprobe::tools {

namespace {

engine::AlphaMode alphaMode(const CommandLine& args)
{
    const std::string mode = args.option("rgba").value_or("drop");
    if (mode == "drop")
        return engine::AlphaMode::Drop;
    if (mode == "white")
        return engine::AlphaMode::CompositeOverWhite;
    throw UsageError("--rgba expects drop or white, got '" + mode + "'");
}

std::optional<std::int64_t> pixelBound(const CommandLine& args, std::string_view name)
{
    const std::optional<long long> value = args.integer(name);
    if (value && *value <= 0)
        throw UsageError("--" + std::string(name) + " must be positive");
    return value;
}

} // namespace

int runPreprocess(const CommandLine& args)
{
    args.allowOnly({ "model", "image", "min-pixels", "max-pixels", "rgba", "out" });
    const std::string model = args.required("model");
    const std::string out = args.required("out");
    if (args.values("image").size() != 1)
        throw UsageError("give exactly one --image");
    const std::string imagePath = args.required("image");

    engine::ImagePreprocessor::Options options;
    options.alpha = alphaMode(args);
    options.minPixels = pixelBound(args, "min-pixels");
    options.maxPixels = pixelBound(args, "max-pixels");

    const engine::ImagePreprocessor preprocessor(engine::loadPreprocessorConfig(model), options);
    const engine::PreprocessedImages result = preprocessor.run({ readImageFile(imagePath) });
    engine::writeNpyFloat32(out, { result.rows, result.cols }, result.pixelValues.data());

    const auto& grid = result.gridThw.front();
    const nlohmann::json summary {
        { "resized_height", result.resizedHw.front().first },
        { "resized_width", result.resizedHw.front().second },
        { "grid_thw", { grid[0], grid[1], grid[2] } },
    };
    std::puts(summary.dump().c_str());
    return 0;
}

} // namespace vlmprobe::tools
