#pragma once
// M-RoPE position ids of Qwen2.5-VL (transformers' get_rope_index for one unpadded sequence), in plain C++.
//
//   RopePositions p = computeRopePositions(ids, { { 1, 4, 6 } }, imagePadId, 2);
//   // p.t/h/w: the [3, L] position ids; p.nextPosition - L: the rope delta used while decoding.
//
// A text token gets (n, n, n) and advances n by one. An image whose grid is (T, H, W) occupies T*(H/m)*(W/m)
// consecutive image-pad tokens that get (n + 0, n + y, n + x) for merged unit (tau, y, x); n then advances by
// max(H/m, W/m) (time is 0 for images). Sequences may be processed in chunks: pass the previous chunk's
// nextPosition as startPosition (a prefix's positions never depend on later tokens).
// Thread-safe: pure functions. Errors are InvalidInputError naming the mismatch.

#include "vlmprobe/engine/vision_windows.h"

#include <cstdint>
#include <vector>

namespace vlmprobe::engine {

struct RopePositions {
    std::vector<std::int64_t> t; // one entry per token
    std::vector<std::int64_t> h;
    std::vector<std::int64_t> w;
    std::int64_t nextPosition = 0; // the position the next token gets on all three axes
};

// imageGrids are consumed in order, one per run of image-pad tokens. Throws when a run's length differs from its
// grid's merged-unit count, or when the number of runs differs from the number of grids.
RopePositions computeRopePositions(const std::vector<std::int32_t>& ids, const std::vector<GridThw>& imageGrids,
    std::int32_t imageTokenId, std::int64_t mergeSize, std::int64_t startPosition = 0);

// Replaces each single image-pad id by T*(H/m)*(W/m) of them (grids in order). Throws when the counts differ.
std::vector<std::int32_t> expandImageTokenIds(const std::vector<std::int32_t>& ids,
    const std::vector<GridThw>& imageGrids, std::int32_t imageTokenId, std::int64_t mergeSize);

// Merged-unit count of one grid: the number of image-pad tokens it fills.
std::int64_t mergedTokenCount(const GridThw& grid, std::int64_t mergeSize);

} // namespace vlmprobe::engine
