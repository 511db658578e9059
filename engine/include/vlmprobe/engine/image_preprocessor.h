#pragma once
// Image -> pixel_values, the way transformers' slow (PIL) Qwen2VLImageProcessor does it, bit for bit:
// convert to RGB, smart_resize (qwen25vl.md §2.2), Pillow-exact bicubic resize, rescale by 1/255 and normalise with
// the CLIP mean/std in float32 exactly as numpy does, repeat the frame temporal_patch_size times and flatten the
// patches in the model's order (§2.5).
//
//   ImagePreprocessor preprocessor(loadPreprocessorConfig(checkpointDir), { .alpha = AlphaMode::CompositeOverWhite });
//   PreprocessedImages batch = preprocessor.run({ imageA, imageB });
//   // batch.pixelValues: [batch.rows, batch.cols]; batch.tokenCount(0): <|image_pad|> tokens of imageA
//
// No torch, no Qt. Thread-safety: a constructed preprocessor is immutable; run() may be called concurrently.

#include "vlmprobe/engine/checkpoint_config.h"
#include "vlmprobe/engine/image.h"
#include "vlmprobe/engine/preprocessed_images.h"
#include "vlmprobe/engine/rgb_conversion.h"
#include "vlmprobe/engine/smart_resize.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace vlmprobe::engine {

class ImagePreprocessor {
public:
    struct Options {
        AlphaMode alpha = AlphaMode::Drop; // Drop = transformers, CompositeOverWhite = qwen-vl-utils
        std::optional<std::int64_t> minPixels; // overrides the config's min_pixels (a processor call kwarg in HF)
        std::optional<std::int64_t> maxPixels; // overrides the config's max_pixels
    };

    // Throws InvalidInputError for an unusable configuration (non-positive patch/merge/temporal size, zero std,
    // min/max pixels not positive or not ordered).
    ImagePreprocessor(PreprocessorConfig config, Options options);
    explicit ImagePreprocessor(PreprocessorConfig config); // default Options

    // Preprocesses every image and concatenates the rows in image order. Images are 1 (gray), 3 (RGB) or 4 (RGBA)
    // channels. Throws InvalidInputError naming the image for an inconsistent image, a size smart_resize rejects,
    // or (with do_resize off) a side that is not a multiple of patch_size * merge_size.
    PreprocessedImages run(const std::vector<Image>& images) const;

    // The first steps alone: the RGB image resized as the model will see it (uint8, what PIL's resize returns).
    Image resizedRgb(const Image& image) const;

    // The size an image of height x width is resized to under this configuration.
    ImageSize targetSize(int height, int width) const;

    const PreprocessorConfig& config() const { return m_config; }
    std::int64_t minPixels() const { return m_minPixels; }
    std::int64_t maxPixels() const { return m_maxPixels; }

private:
    // Validates `image` and returns it as RGB at its target size: `image` itself when it already is, else `storage`.
    const Image* prepare(const Image& image, Image& storage) const;
    // Writes the rows of one image from `row` on; records its grid and size in `out`. Returns the floats written.
    std::size_t appendPatches(const Image& rgb, float* row, PreprocessedImages& out) const;

    PreprocessorConfig m_config;
    Options m_options;
    std::int64_t m_minPixels;
    std::int64_t m_maxPixels;
    std::array<std::array<float, 256>, 3> m_lookup; // per channel: the normalised float32 value of each byte
};

} // namespace vlmprobe::engine
