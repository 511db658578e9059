#include "vlmprobe/engine/vision_windows.h"

#include "vlmprobe/engine/errors.h"

#include <algorithm>
#include <string>

namespace vlmprobe::engine {

void validateGrids(const std::vector<GridThw>& grids, std::int64_t mergeSize)
{
    if (mergeSize <= 0)
        throw InvalidInputError("spatial merge size must be positive, got " + std::to_string(mergeSize));
    for (std::size_t i = 0; i < grids.size(); ++i) {
        const GridThw& g = grids[i];
        if (g.t <= 0 || g.h <= 0 || g.w <= 0 || g.h % mergeSize != 0 || g.w % mergeSize != 0)
            throw InvalidInputError("image grid " + std::to_string(i) + " (" + std::to_string(g.t) + ", "
                + std::to_string(g.h) + ", " + std::to_string(g.w) + ") is not positive with h and w multiples of "
                + std::to_string(mergeSize));
    }
}

WindowPartition partitionWindows(const std::vector<GridThw>& grids, std::int64_t mergeSize, std::int64_t windowUnits)
{
    validateGrids(grids, mergeSize);
    if (windowUnits <= 0)
        throw InvalidInputError("vision window must span at least one merged unit");
    const std::int64_t unitPatches = mergeSize * mergeSize;
    WindowPartition out;
    out.cuWindowSeqlensRaw.push_back(0);
    out.cuSeqlens.push_back(0);
    std::int64_t unitOffset = 0;
    for (const GridThw& g : grids) {
        const std::int64_t hm = g.h / mergeSize;
        const std::int64_t wm = g.w / mergeSize;
        // transformers pads each side by windowUnits - (dim % windowUnits), i.e. a whole empty window row/column
        // when dim is an exact multiple; those windows are enumerated with length 0.
        const std::int64_t windowsY = (hm + windowUnits - hm % windowUnits) / windowUnits;
        const std::int64_t windowsX = (wm + windowUnits - wm % windowUnits) / windowUnits;
        for (std::int64_t tau = 0; tau < g.t; ++tau) {
            for (std::int64_t wy = 0; wy < windowsY; ++wy) {
                for (std::int64_t wx = 0; wx < windowsX; ++wx) {
                    std::int64_t units = 0;
                    for (std::int64_t y = wy * windowUnits; y < std::min((wy + 1) * windowUnits, hm); ++y) {
                        for (std::int64_t x = wx * windowUnits; x < std::min((wx + 1) * windowUnits, wm); ++x) {
                            out.windowIndex.push_back(unitOffset + tau * hm * wm + y * wm + x);
                            ++units;
                        }
                    }
                    out.cuWindowSeqlensRaw.push_back(out.cuWindowSeqlensRaw.back() + units * unitPatches);
                }
            }
            out.cuSeqlens.push_back(out.cuSeqlens.back() + g.h * g.w);
        }
        unitOffset += g.t * hm * wm;
    }
    out.cuWindowSeqlens = out.cuWindowSeqlensRaw;
    out.cuWindowSeqlens.erase(
        std::unique(out.cuWindowSeqlens.begin(), out.cuWindowSeqlens.end()), out.cuWindowSeqlens.end());
    return out;
}

std::vector<std::array<std::int64_t, 2>> rotaryPatchIds(const std::vector<GridThw>& grids, std::int64_t mergeSize)
{
    validateGrids(grids, mergeSize);
    std::vector<std::array<std::int64_t, 2>> ids;
    for (const GridThw& g : grids) {
        for (std::int64_t tau = 0; tau < g.t; ++tau) {
            for (std::int64_t by = 0; by < g.h / mergeSize; ++by) {
                for (std::int64_t bx = 0; bx < g.w / mergeSize; ++bx) {
                    for (std::int64_t dy = 0; dy < mergeSize; ++dy) {
                        for (std::int64_t dx = 0; dx < mergeSize; ++dx)
                            ids.push_back({ by * mergeSize + dy, bx * mergeSize + dx });
                    }
                }
            }
        }
    }
    return ids;
}

} // namespace vlmprobe::engine
