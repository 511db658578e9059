#include "vlmprobe/engine/image_preprocessor.h"

#include "vision/large_buffer.h"
#include "vlmprobe/engine/bicubic_resampler.h"
#include "vlmprobe/engine/errors.h"

#include <algorithm>
#include <string>
#include <utility>

namespace vlmprobe::engine {

namespace {

std::string imageName(std::size_t index)
{
    return "image " + std::to_string(index + 1);
}

} // namespace

ImagePreprocessor::ImagePreprocessor(PreprocessorConfig config, Options options)
    : m_config(std::move(config))
    , m_options(options)
    , m_minPixels(options.minPixels.value_or(m_config.minPixels))
    , m_maxPixels(options.maxPixels.value_or(m_config.maxPixels))
    , m_lookup {}
{
    if (m_config.patchSize <= 0 || m_config.mergeSize <= 0 || m_config.temporalPatchSize <= 0)
        throw InvalidInputError("preprocessor: patch_size, merge_size and temporal_patch_size must be positive");
    if (m_minPixels <= 0 || m_maxPixels <= 0 || m_minPixels > m_maxPixels)
        throw InvalidInputError("preprocessor: invalid pixel bounds min " + std::to_string(m_minPixels) + ", max "
            + std::to_string(m_maxPixels));
    for (std::size_t c = 0; c < 3; ++c) {
        if (m_config.doNormalize && m_config.imageStd[c] == 0.0)
            throw InvalidInputError("preprocessor: image_std must not be zero");
        // The slow path's arithmetic (qwen25vl.md §2.4): rescale in double, round to float32, then normalise in
        // float32 with float32 mean/std, as numpy does with float32 arrays. A byte has 256 values, so a table holds
        // every result.
        const float mean = static_cast<float>(m_config.imageMean[c]);
        const float std = static_cast<float>(m_config.imageStd[c]);
        for (int v = 0; v < 256; ++v) {
            float value = m_config.doRescale ? static_cast<float>(v * m_config.rescaleFactor) : static_cast<float>(v);
            if (m_config.doNormalize)
                value = (value - mean) / std;
            m_lookup[c][static_cast<std::size_t>(v)] = value;
        }
    }
}

ImagePreprocessor::ImagePreprocessor(PreprocessorConfig config)
    : ImagePreprocessor(std::move(config), Options {})
{
}

ImageSize ImagePreprocessor::targetSize(int height, int width) const
{
    const int factor = m_config.patchSize * m_config.mergeSize;
    if (m_config.doResize)
        return smartResize(height, width, factor, m_minPixels, m_maxPixels, SmartResizeVariant::HuggingFace);
    if (height <= 0 || width <= 0 || height % factor != 0 || width % factor != 0)
        throw InvalidInputError("image of " + std::to_string(height) + "x" + std::to_string(width)
            + " px (HxW) cannot be used without resizing: both sides must be multiples of " + std::to_string(factor));
    return ImageSize { height, width };
}

Image ImagePreprocessor::resizedRgb(const Image& image) const
{
    Image storage;
    const Image* rgb = prepare(image, storage);
    return rgb == &storage ? std::move(storage) : image;
}

const Image* ImagePreprocessor::prepare(const Image& image, Image& storage) const
{
    validateImage(image, "image");
    if (!m_config.doConvertRgb && image.channels != 3)
        throw InvalidInputError("image has " + std::to_string(image.channels)
            + " channels and the preprocessor config disables do_convert_rgb");
    const ImageSize target = targetSize(image.height, image.width);
    // An RGB input is used in place: copying a large image costs about as much as normalising it.
    const Image* rgb = &image;
    if (image.channels != 3) {
        storage = toRgb(image, m_options.alpha);
        rgb = &storage;
    }
    if (target.height != rgb->height || target.width != rgb->width) {
        Image resized = BicubicResampler(rgb->width, rgb->height, target.width, target.height).resize(*rgb);
        storage = std::move(resized);
        rgb = &storage;
    }
    return rgb;
}

PreprocessedImages ImagePreprocessor::run(const std::vector<Image>& images) const
{
    PreprocessedImages out;
    out.cols = 3LL * m_config.temporalPatchSize * m_config.patchSize * m_config.patchSize;
    out.mergeSize = m_config.mergeSize;
    // Sizes first, so that bad input fails before any work and pixel_values is allocated once.
    std::vector<ImageSize> targets;
    targets.reserve(images.size());
    std::int64_t rows = 0;
    for (std::size_t i = 0; i < images.size(); ++i) {
        try {
            validateImage(images[i], "image");
            targets.push_back(targetSize(images[i].height, images[i].width));
        } catch (const InvalidInputError& error) {
            throw InvalidInputError(imageName(i) + ": " + error.what());
        }
        rows += static_cast<std::int64_t>(targets.back().height / m_config.patchSize)
            * (targets.back().width / m_config.patchSize);
    }
    resizeLargeBuffer(out.pixelValues, static_cast<std::size_t>(rows * out.cols));
    std::size_t filled = 0;
    for (std::size_t i = 0; i < images.size(); ++i) {
        Image storage;
        const Image* rgb = nullptr;
        try {
            rgb = prepare(images[i], storage);
        } catch (const InvalidInputError& error) {
            throw InvalidInputError(imageName(i) + ": " + error.what());
        }
        filled += appendPatches(*rgb, out.pixelValues.data() + filled, out);
    }
    out.rows = rows;
    return out;
}

std::size_t ImagePreprocessor::appendPatches(const Image& rgb, float* row, PreprocessedImages& out) const
{
    const int p = m_config.patchSize;
    const int m = m_config.mergeSize;
    const int temporal = m_config.temporalPatchSize;
    const std::size_t width = static_cast<std::size_t>(rgb.width);
    const std::int64_t gridH = rgb.height / p;
    const std::int64_t gridW = rgb.width / p;

    // One image is one frame repeated temporal_patch_size times, so grid_t = 1. A row holds (c, t, i, j) of the
    // patch at patch row m * bh + mh, patch column m * bw + mw, merge blocks in raster order (§2.5). Values come
    // straight from the interleaved bytes through the lookup table, written to every frame at once.
    const std::size_t frameFloats = static_cast<std::size_t>(p) * p;
    for (std::int64_t bh = 0; bh < gridH / m; ++bh) {
        for (std::int64_t bw = 0; bw < gridW / m; ++bw) {
            for (int mh = 0; mh < m; ++mh) {
                for (int mw = 0; mw < m; ++mw) {
                    const std::size_t y0 = static_cast<std::size_t>((bh * m + mh) * p);
                    const std::size_t x0 = static_cast<std::size_t>((bw * m + mw) * p);
                    for (std::size_t c = 0; c < 3; ++c) {
                        const std::array<float, 256>& lookup = m_lookup[c];
                        float* frames = row + c * temporal * frameFloats;
                        for (int i = 0; i < p; ++i) {
                            const std::uint8_t* src = rgb.pixels.data() + ((y0 + i) * width + x0) * 3 + c;
                            float* dst = frames + static_cast<std::size_t>(i) * p;
                            for (int j = 0; j < p; ++j) {
                                const float value = lookup[src[3 * j]];
                                for (int t = 0; t < temporal; ++t)
                                    dst[t * frameFloats + static_cast<std::size_t>(j)] = value;
                            }
                        }
                    }
                    row += out.cols;
                }
            }
        }
    }
    out.gridThw.push_back({ 1, gridH, gridW });
    out.resizedHw.emplace_back(rgb.height, rgb.width);
    return static_cast<std::size_t>(gridH * gridW * out.cols);
}

} // namespace vlmprobe::engine
