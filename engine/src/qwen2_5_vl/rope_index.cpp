#include "vlmprobe/engine/rope_index.h"

#include "vlmprobe/engine/errors.h"

#include <algorithm>
#include <string>

namespace vlmprobe::engine {

std::int64_t mergedTokenCount(const GridThw& grid, std::int64_t mergeSize)
{
    validateGrids({ grid }, mergeSize);
    return grid.t * (grid.h / mergeSize) * (grid.w / mergeSize);
}

RopePositions computeRopePositions(const std::vector<std::int32_t>& ids, const std::vector<GridThw>& imageGrids,
    std::int32_t imageTokenId, std::int64_t mergeSize, std::int64_t startPosition)
{
    validateGrids(imageGrids, mergeSize);
    RopePositions out;
    out.t.reserve(ids.size());
    out.h.reserve(ids.size());
    out.w.reserve(ids.size());
    std::int64_t next = startPosition;
    std::size_t image = 0;
    std::size_t i = 0;
    while (i < ids.size()) {
        if (ids[i] != imageTokenId) {
            out.t.push_back(next);
            out.h.push_back(next);
            out.w.push_back(next);
            ++next;
            ++i;
            continue;
        }
        if (image >= imageGrids.size())
            throw InvalidInputError(
                "the ids hold more image tokens than the " + std::to_string(imageGrids.size()) + " image(s) given");
        const GridThw& g = imageGrids[image];
        const std::int64_t hm = g.h / mergeSize;
        const std::int64_t wm = g.w / mergeSize;
        const std::int64_t count = g.t * hm * wm;
        // Adjacent images may form one run, so consume exactly this grid's count (as transformers does).
        std::size_t runEnd = i;
        while (runEnd < ids.size() && ids[runEnd] == imageTokenId && static_cast<std::int64_t>(runEnd - i) < count)
            ++runEnd;
        if (static_cast<std::int64_t>(runEnd - i) != count)
            throw InvalidInputError("image " + std::to_string(image) + " has " + std::to_string(runEnd - i)
                + " image tokens but its grid needs " + std::to_string(count));
        for (std::int64_t tau = 0; tau < g.t; ++tau) {
            for (std::int64_t y = 0; y < hm; ++y) {
                for (std::int64_t x = 0; x < wm; ++x) {
                    out.t.push_back(next); // time(tau) = 0 for images
                    out.h.push_back(next + y);
                    out.w.push_back(next + x);
                }
            }
        }
        next += std::max(hm, wm);
        i = runEnd;
        ++image;
    }
    if (image != imageGrids.size())
        throw InvalidInputError("the ids hold " + std::to_string(image) + " complete image(s) but "
            + std::to_string(imageGrids.size()) + " image(s) were given");
    out.nextPosition = next;
    return out;
}

std::vector<std::int32_t> expandImageTokenIds(const std::vector<std::int32_t>& ids,
    const std::vector<GridThw>& imageGrids, std::int32_t imageTokenId, std::int64_t mergeSize)
{
    validateGrids(imageGrids, mergeSize);
    std::vector<std::int32_t> out;
    out.reserve(ids.size());
    std::size_t image = 0;
    for (const std::int32_t id : ids) {
        if (id != imageTokenId) {
            out.push_back(id);
            continue;
        }
        if (image >= imageGrids.size())
            throw InvalidInputError(
                "the ids hold more image tokens than the " + std::to_string(imageGrids.size()) + " image(s) given");
        out.insert(out.end(), static_cast<std::size_t>(mergedTokenCount(imageGrids[image], mergeSize)), id);
        ++image;
    }
    if (image != imageGrids.size())
        throw InvalidInputError("the ids hold " + std::to_string(image) + " image token(s) but "
            + std::to_string(imageGrids.size()) + " image(s) were given");
    return out;
}

} // namespace vlmprobe::engine
