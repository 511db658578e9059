#pragma once
// Bicubic resize bit-identical to Pillow's Image.resize((w, h), Image.BICUBIC) on 8-bit images.
//
//   BicubicResampler resampler(image.width, image.height, 644, 476); // weights computed once
//   Image small = resampler.resize(image);                            // reusable for any image of that size
//
// Pillow's algorithm, reproduced exactly: a separable cubic-convolution filter (a = -0.5) widened by the scale
// factor when shrinking (antialiasing), weights normalised per output pixel and quantised to 22-bit fixed point,
// the horizontal pass first into an 8-bit intermediate, then the vertical pass; a pass whose dimension does not
// change is skipped, and a same-size resize is an exact copy. RGBA is resized premultiplied and un-premultiplied
// afterwards, as Pillow does (RGBA -> RGBa -> RGBA). Inputs are 1 (gray), 3 (RGB) or 4 (RGBA) channels.
//
// Thread-safety: a constructed resampler is immutable; resize() may run concurrently from several threads.

#include "vlmprobe/engine/image.h"

#include <cstdint>
#include <vector>

namespace vlmprobe::engine {

class BicubicResampler {
public:
    // Throws InvalidInputError when a size is not positive.
    BicubicResampler(int inWidth, int inHeight, int outWidth, int outHeight);

    // Throws InvalidInputError when the image's size differs from the constructor's input size, its channel count
    // is not 1, 3 or 4, or its pixel buffer has the wrong length.
    Image resize(const Image& image) const;

    int inWidth() const { return m_inWidth; }
    int inHeight() const { return m_inHeight; }
    int outWidth() const { return m_outWidth; }
    int outHeight() const { return m_outHeight; }

private:
    // The quantised filter of one axis: output index o reads count[o] input samples starting at first[o], weighted
    // by weights[o * taps, o * taps + count[o]) (fixed point, 22 fractional bits).
    struct Axis {
        int taps = 0;
        std::vector<int> first;
        std::vector<int> count;
        std::vector<std::int32_t> weights;
    };

    static Axis makeAxis(int inSize, int outSize);

    int m_inWidth;
    int m_inHeight;
    int m_outWidth;
    int m_outHeight;
    Axis m_horizontal;
    Axis m_vertical;
};

// Convenience for a one-off resize: Pillow's `image.resize((width, height), Image.BICUBIC)`.
Image resizeBicubic(const Image& image, int width, int height);

} // namespace vlmprobe::engine
