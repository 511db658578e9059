#pragma once
// Index arithmetic of the Qwen2.5-VL vision tower (window partition, 2-D rotary ids), in plain C++.
//
//   std::vector<GridThw> grids { { 1, 22, 30 } };
//   WindowPartition p = partitionWindows(grids, 2, 4); // merge 2, windows of 4x4 merged units
//
// Units: a "patch" is one pixel_values row; a "merged unit" is mergeSize x mergeSize consecutive patches (4 rows for
// merge 2). Thread-safe: pure functions. Invalid grids throw InvalidInputError.

#include <array>
#include <cstdint>
#include <vector>

namespace vlmprobe::engine {

// image_grid_thw of one image or video: temporal groups, patch rows, patch columns.
struct GridThw {
    std::int64_t t = 1;
    std::int64_t h = 0;
    std::int64_t w = 0;

    std::int64_t patchCount() const { return t * h * w; }
    bool operator==(const GridThw&) const = default;
};

struct WindowPartition {
    // Permutation of all merged units (image by image, then temporal group, then window in raster order, then unit
    // row-major inside the window): window_index[i] = natural id of the unit at permuted position i.
    std::vector<std::int64_t> windowIndex;
    // Patch offsets of the window boundaries, [0, ...], as transformers builds them: one entry per window including
    // the empty windows its padding creates (so values may repeat).
    std::vector<std::int64_t> cuWindowSeqlensRaw;
    // cuWindowSeqlensRaw with consecutive duplicates removed: what the window-attention blocks use.
    std::vector<std::int64_t> cuWindowSeqlens;
    // Patch offsets of each (image, temporal group): what the full-attention blocks use.
    std::vector<std::int64_t> cuSeqlens;
};

// windowUnits = window_size / spatial_merge_size / patch_size (4 for every Qwen2.5-VL checkpoint).
WindowPartition partitionWindows(const std::vector<GridThw>& grids, std::int64_t mergeSize, std::int64_t windowUnits);

// The (row, column) patch coordinates of every pixel_values row, in pixel_values order (merge blocks row-major,
// temporal groups repeated): the ids the 2-D rotary embedding looks up.
std::vector<std::array<std::int64_t, 2>> rotaryPatchIds(const std::vector<GridThw>& grids, std::int64_t mergeSize);

// Throws InvalidInputError unless every grid is positive and h, w are multiples of mergeSize.
void validateGrids(const std::vector<GridThw>& grids, std::int64_t mergeSize);

} // namespace vlmprobe::engine
