#pragma once
// The output of ImagePreprocessor for a list of images: what transformers' Qwen2VLImageProcessor returns as
// `pixel_values` and `image_grid_thw`, plus the size each image was resized to.

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

namespace vlmprobe::engine {

struct PreprocessedImages {
    // [rows, cols] float32, row-major: rows = sum over images of t * h * w, cols = channels * temporal_patch_size *
    // patch_size^2 (1176 for the real models). Rows are image after image in the order of qwen25vl.md §2.5.
    std::vector<float> pixelValues;
    std::int64_t rows = 0;
    std::int64_t cols = 0;
    std::vector<std::array<std::int64_t, 3>> gridThw; // per image: temporal groups, patch rows, patch columns
    std::vector<std::pair<int, int>> resizedHw; // per image: height, width in pixels after smart_resize
    int mergeSize = 2; // spatial merge of the vision tower (2 x 2 patches per token)

    // Number of <|image_pad|> tokens image `image` takes in the prompt: t * h * w / mergeSize^2.
    std::int64_t tokenCount(std::size_t image) const;
    // Rows of pixelValues that belong to image `image`: t * h * w.
    std::int64_t patchCount(std::size_t image) const;
    // Index of the first row of image `image` in pixelValues.
    std::int64_t firstRow(std::size_t image) const;
};

} // namespace vlmprobe::engine
