#pragma once
// One preprocessed image as the network takes it: the output of ImagePreprocessor (or of transformers' image
// processor), pixel_values [grid.t * grid.h * grid.w, channels * temporal_patch * patch * patch] float32, row-major,
// rows in the patch order of qwen25vl.md §2.5.

#include "vlmprobe/engine/vision_windows.h"

#include <vector>

namespace vlmprobe::engine {

struct VisionInput {
    GridThw grid;
    std::vector<float> pixelValues;
};

} // namespace vlmprobe::engine
