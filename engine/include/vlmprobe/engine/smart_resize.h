#pragma once
// The resize target of Qwen2-VL / Qwen2.5-VL image preprocessing ("smart_resize"): the size closest to the input
// whose sides are multiples of `factor` (patch size × merge size, 28 for the real models) and whose area lies in
// [minPixels, maxPixels], keeping the aspect ratio. Arithmetic follows Python's float semantics exactly, rounding
// included (Python's round() is round-half-to-even: 70 px / 28 = 2.5 -> 2 -> 56 px).
//
// Two variants exist in the wild and differ at the edges:
//   HuggingFace  transformers' Qwen2VLImageProcessor: rejects images with a side below `factor`.
//   QwenVlUtils  qwen-vl-utils' fetch_image (most RL repos): no minimum side; clamps each side to >= factor.
// Both reject aspect ratios above 200. Pure function, thread-safe.

#include <cstdint>

namespace vlmprobe::engine {

enum class SmartResizeVariant {
    HuggingFace,
    QwenVlUtils,
};

struct ImageSize {
    int height = 0;
    int width = 0;

    bool operator==(const ImageSize&) const = default;
};

// Throws InvalidInputError for a non-positive input side or factor, an aspect ratio above 200, a side below
// `factor` (HuggingFace variant only), min/max pixel bounds that are not positive or not ordered, or a result
// that would have an empty side.
ImageSize smartResize(std::int64_t height, std::int64_t width, int factor, std::int64_t minPixels,
    std::int64_t maxPixels, SmartResizeVariant variant = SmartResizeVariant::HuggingFace);

} // namespace vlmprobe::engine
