#include "vlmprobe/engine/preprocessed_images.h"

#include "vlmprobe/engine/errors.h"

#include <string>

namespace vlmprobe::engine {

namespace {

const std::array<std::int64_t, 3>& gridOf(const PreprocessedImages& images, std::size_t image)
{
    if (image >= images.gridThw.size())
        throw InvalidInputError("image index " + std::to_string(image) + " out of range ("
            + std::to_string(images.gridThw.size()) + " images)");
    return images.gridThw[image];
}

} // namespace

std::int64_t PreprocessedImages::patchCount(std::size_t image) const
{
    const auto& grid = gridOf(*this, image);
    return grid[0] * grid[1] * grid[2];
}

std::int64_t PreprocessedImages::tokenCount(std::size_t image) const
{
    return patchCount(image) / (static_cast<std::int64_t>(mergeSize) * mergeSize);
}

std::int64_t PreprocessedImages::firstRow(std::size_t image) const
{
    gridOf(*this, image);
    std::int64_t row = 0;
    for (std::size_t i = 0; i < image; ++i)
        row += patchCount(i);
    return row;
}

} // namespace vlmprobe::engine
