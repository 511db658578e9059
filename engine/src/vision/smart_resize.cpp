#include "vlmprobe/engine/smart_resize.h"

#include "vlmprobe/engine/errors.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace vlmprobe::engine {

namespace {

constexpr double kMaxAspectRatio = 200.0;

std::string sizeText(std::int64_t height, std::int64_t width)
{
    return std::to_string(height) + "x" + std::to_string(width);
}

} // namespace

ImageSize smartResize(std::int64_t height, std::int64_t width, int factor, std::int64_t minPixels,
    std::int64_t maxPixels, SmartResizeVariant variant)
{
    constexpr std::int64_t kMaxSide = std::numeric_limits<int>::max();
    if (factor <= 0)
        throw InvalidInputError("smart resize: factor must be positive, got " + std::to_string(factor));
    if (height <= 0 || width <= 0 || height > kMaxSide || width > kMaxSide)
        throw InvalidInputError("smart resize: invalid image size " + sizeText(height, width));
    if (minPixels <= 0 || maxPixels <= 0 || minPixels > maxPixels)
        throw InvalidInputError("smart resize: invalid pixel bounds min " + std::to_string(minPixels) + ", max "
            + std::to_string(maxPixels));
    if (variant == SmartResizeVariant::HuggingFace && (height < factor || width < factor))
        throw InvalidInputError("image of " + sizeText(height, width)
            + " px (HxW) is too small: both sides must be at least " + std::to_string(factor) + " px");
    const double aspect = static_cast<double>(std::max(height, width)) / static_cast<double>(std::min(height, width));
    if (aspect > kMaxAspectRatio)
        throw InvalidInputError("image of " + sizeText(height, width) + " px (HxW) has an aspect ratio of "
            + std::to_string(aspect) + ", above the limit of 200");

    // Every quantity below is what Python computes: ints are exact, `/` is a correctly rounded double division
    // (height * width stays far below 2^53), round() is half-to-even (nearbyint under the default rounding mode).
    const double f = factor;
    const bool clampToFactor = variant == SmartResizeVariant::QwenVlUtils;
    const auto atLeastFactor
        = [&](std::int64_t side) { return clampToFactor ? std::max<std::int64_t>(factor, side) : side; };

    std::int64_t h = atLeastFactor(static_cast<std::int64_t>(std::nearbyint(static_cast<double>(height) / f)) * factor);
    std::int64_t w = atLeastFactor(static_cast<std::int64_t>(std::nearbyint(static_cast<double>(width) / f)) * factor);
    const double area = static_cast<double>(height * width);
    if (h * w > maxPixels) {
        const double beta = std::sqrt(area / static_cast<double>(maxPixels));
        h = atLeastFactor(static_cast<std::int64_t>(std::floor(static_cast<double>(height) / beta / f)) * factor);
        w = atLeastFactor(static_cast<std::int64_t>(std::floor(static_cast<double>(width) / beta / f)) * factor);
    } else if (h * w < minPixels) {
        const double beta = std::sqrt(static_cast<double>(minPixels) / area);
        h = static_cast<std::int64_t>(std::ceil(static_cast<double>(height) * beta / f)) * factor;
        w = static_cast<std::int64_t>(std::ceil(static_cast<double>(width) * beta / f)) * factor;
    }
    if (h <= 0 || w <= 0)
        throw InvalidInputError("image of " + sizeText(height, width) + " px (HxW) cannot fit in "
            + std::to_string(maxPixels) + " pixels with sides that are multiples of " + std::to_string(factor));
    if (h > kMaxSide || w > kMaxSide)
        throw InvalidInputError("image of " + sizeText(height, width) + " px (HxW) would be resized to "
            + sizeText(h, w) + ", which is too large");
    return ImageSize { static_cast<int>(h), static_cast<int>(w) };
}

} // namespace vlmprobe::engine
