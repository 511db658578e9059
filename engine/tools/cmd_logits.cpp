// vlmprobe-engine logits: one uncached pass over an id list (images given as single image-pad ids) -> the
// teacher-forced logits [L, V] as float32 .npy.

#include "model_inputs.h"
#include "subcommands.h"

#include "vlmprobe/engine/npy.h"
#include "vlmprobe/engine/session.h"

#include <cstdio>

namespace vlmprobe::tools {

int runLogits(const CommandLine& args)
{
    args.allowOnly({ "model", "ids-file", "image", "out", "device", "dtype", "threads" });
    const std::string modelDir = args.required("model");
    const std::string out = args.required("out");
    const std::vector<std::int32_t> specIds = readIdsFile(args.required("ids-file"));
    const auto model = loadModel(args);
    const std::vector<engine::VisionInput> images = loadImages(modelDir, args.values("image"));
    const std::vector<std::int32_t> ids = expandedIds(*model, specIds, images);

    engine::SessionOptions sessionOptions;
    sessionOptions.capacity = static_cast<std::int64_t>(ids.size());
    engine::Session session(model, sessionOptions);
    engine::AppendOptions options;
    options.allLogits = true;
    const engine::AppendResult result = session.append(ids, images, options);
    engine::writeNpyFloat32(out, result.logits.shape, result.logits.values.data());
    std::printf("{\"tokens\": %zu, \"vocab\": %lld, \"seconds\": %.6f}\n", ids.size(),
        static_cast<long long>(result.logits.dim(1)), result.seconds);
    return 0;
}

} // namespace vlmprobe::tools
