#include "vlmprobe/engine/bicubic_resampler.h"

#include "vision/large_buffer.h"
#include "vlmprobe/engine/errors.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace vlmprobe::engine {

namespace {

// Fixed point of the weights: 8 bits of pixel and 2 bits of headroom for the filter's overshoot leave 22.
constexpr int kPrecisionBits = 22;
constexpr std::int32_t kHalf = std::int32_t { 1 } << (kPrecisionBits - 1);
constexpr double kSupport = 2.0; // the cubic kernel is non-zero on (-2, 2)

// Cubic convolution kernel with a = -0.5 (Keys). The expression order is Pillow's: the weights are rounded to
// fixed point later, and a different order could move a weight across a rounding boundary.
double cubic(double x)
{
    constexpr double a = -0.5;
    if (x < 0.0)
        x = -x;
    if (x < 1.0)
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    if (x < 2.0)
        return (((x - 5) * x + 8) * x - 4) * a;
    return 0.0;
}

std::uint8_t clip8(std::int32_t accumulator)
{
    const std::int32_t value = accumulator >> kPrecisionBits; // arithmetic shift (C++20)
    return static_cast<std::uint8_t>(std::clamp(value, 0, 255));
}

struct AxisView {
    int taps;
    const int* first;
    const int* count;
    const std::int32_t* weights;
};

// rows x inWidth x C -> rows x outWidth x C; `in` starts at the first row to filter.
template <int C>
void horizontalPass(const std::uint8_t* in, int inWidth, int rows, std::uint8_t* out, int outWidth, AxisView axis)
{
    const std::size_t inStride = static_cast<std::size_t>(inWidth) * C;
    const std::size_t outStride = static_cast<std::size_t>(outWidth) * C;
    for (int y = 0; y < rows; ++y) {
        const std::uint8_t* src = in + y * inStride;
        std::uint8_t* dst = out + y * outStride;
        for (int x = 0; x < outWidth; ++x) {
            const std::int32_t* w = axis.weights + static_cast<std::size_t>(x) * axis.taps;
            const std::uint8_t* p = src + static_cast<std::size_t>(axis.first[x]) * C;
            const int n = axis.count[x];
            std::int32_t acc[C];
            for (int c = 0; c < C; ++c)
                acc[c] = kHalf;
            for (int i = 0; i < n; ++i) {
                for (int c = 0; c < C; ++c)
                    acc[c] += static_cast<std::int32_t>(p[i * C + c]) * w[i];
            }
            for (int c = 0; c < C; ++c)
                dst[x * C + c] = clip8(acc[c]);
        }
    }
}

// inRows x rowBytes -> outRows x rowBytes; axis.first indexes rows of `in`. Row-wise accumulation keeps the inner
// loop contiguous; integer sums are exact, so the order differs from Pillow's column loop without changing results.
void verticalPass(const std::uint8_t* in, std::size_t rowBytes, std::uint8_t* out, int outRows, AxisView axis)
{
    std::vector<std::int32_t> acc(rowBytes);
    for (int y = 0; y < outRows; ++y) {
        std::fill(acc.begin(), acc.end(), kHalf);
        const std::int32_t* w = axis.weights + static_cast<std::size_t>(y) * axis.taps;
        for (int i = 0; i < axis.count[y]; ++i) {
            const std::uint8_t* src = in + static_cast<std::size_t>(axis.first[y] + i) * rowBytes;
            const std::int32_t weight = w[i];
            std::int32_t* a = acc.data();
            for (std::size_t e = 0; e < rowBytes; ++e)
                a[e] += static_cast<std::int32_t>(src[e]) * weight;
        }
        std::uint8_t* dst = out + static_cast<std::size_t>(y) * rowBytes;
        for (std::size_t e = 0; e < rowBytes; ++e)
            dst[e] = clip8(acc[e]);
    }
}

// Pillow's RGBA -> RGBa: c * alpha / 255, rounded, with the exact integer arithmetic of its MULDIV255.
void premultiply(std::vector<std::uint8_t>& pixels)
{
    for (std::size_t i = 0; i + 3 < pixels.size(); i += 4) {
        const unsigned alpha = pixels[i + 3];
        for (std::size_t c = 0; c < 3; ++c) {
            const unsigned t = pixels[i + c] * alpha + 128;
            pixels[i + c] = static_cast<std::uint8_t>(((t >> 8) + t) >> 8);
        }
    }
}

// Pillow's RGBa -> RGBA: 255 * c / alpha truncated and clipped; alpha 0 and 255 leave the colour as it is.
void unpremultiply(std::vector<std::uint8_t>& pixels)
{
    for (std::size_t i = 0; i + 3 < pixels.size(); i += 4) {
        const unsigned alpha = pixels[i + 3];
        if (alpha == 0 || alpha == 255)
            continue;
        for (std::size_t c = 0; c < 3; ++c)
            pixels[i + c] = static_cast<std::uint8_t>(std::min(255u, 255u * pixels[i + c] / alpha));
    }
}

template <int C>
void resampleChannels(const std::uint8_t* in, int inWidth, int inHeight, std::uint8_t* out, int outWidth, int outHeight,
    AxisView horizontal, AxisView vertical)
{
    const bool needHorizontal = inWidth != outWidth;
    const bool needVertical = inHeight != outHeight;
    const std::size_t outRowBytes = static_cast<std::size_t>(outWidth) * C;
    if (needHorizontal && needVertical) {
        // Only the input rows that the vertical filter reads go through the horizontal pass.
        const int firstRow = vertical.first[0];
        const int endRow = vertical.first[outHeight - 1] + vertical.count[outHeight - 1];
        std::vector<std::uint8_t> intermediate;
        resizeLargeBuffer(intermediate, static_cast<std::size_t>(endRow - firstRow) * outRowBytes);
        horizontalPass<C>(in + static_cast<std::size_t>(firstRow) * inWidth * C, inWidth, endRow - firstRow,
            intermediate.data(), outWidth, horizontal);
        std::vector<int> shiftedFirst(vertical.first, vertical.first + outHeight);
        for (int& row : shiftedFirst)
            row -= firstRow;
        vertical.first = shiftedFirst.data();
        verticalPass(intermediate.data(), outRowBytes, out, outHeight, vertical);
    } else if (needHorizontal) {
        horizontalPass<C>(in, inWidth, inHeight, out, outWidth, horizontal);
    } else {
        verticalPass(in, outRowBytes, out, outHeight, vertical);
    }
}

} // namespace

BicubicResampler::Axis BicubicResampler::makeAxis(int inSize, int outSize)
{
    // Pillow's arithmetic, step by step (precompute_coeffs + normalize_coeffs_8bpc): the filter is stretched by
    // the scale when shrinking, so every input pixel contributes (antialiasing).
    const double scale = static_cast<double>(inSize) / outSize;
    const double filterScale = std::max(scale, 1.0);
    const double support = kSupport * filterScale;
    const double inverseFilterScale = 1.0 / filterScale;

    Axis axis;
    axis.taps = static_cast<int>(std::ceil(support)) * 2 + 1;
    axis.first.resize(outSize);
    axis.count.resize(outSize);
    axis.weights.assign(static_cast<std::size_t>(outSize) * axis.taps, 0);
    std::vector<double> w(axis.taps);
    for (int o = 0; o < outSize; ++o) {
        const double center = (o + 0.5) * scale;
        const int first = std::max(0, static_cast<int>(center - support + 0.5));
        const int end = std::min(inSize, static_cast<int>(center + support + 0.5));
        const int count = end - first;
        double sum = 0.0;
        for (int i = 0; i < count; ++i) {
            w[i] = cubic((i + first - center + 0.5) * inverseFilterScale);
            sum += w[i];
        }
        std::int32_t* fixed = axis.weights.data() + static_cast<std::size_t>(o) * axis.taps;
        for (int i = 0; i < count; ++i) {
            const double normalised = sum != 0.0 ? w[i] / sum : w[i];
            const double scaled = normalised * (1 << kPrecisionBits);
            fixed[i] = static_cast<std::int32_t>(normalised < 0 ? -0.5 + scaled : 0.5 + scaled);
        }
        axis.first[o] = first;
        axis.count[o] = count;
    }
    return axis;
}

BicubicResampler::BicubicResampler(int inWidth, int inHeight, int outWidth, int outHeight)
    : m_inWidth(inWidth)
    , m_inHeight(inHeight)
    , m_outWidth(outWidth)
    , m_outHeight(outHeight)
{
    if (inWidth <= 0 || inHeight <= 0 || outWidth <= 0 || outHeight <= 0)
        throw InvalidInputError("bicubic resize: sizes must be positive, got " + std::to_string(inWidth) + "x"
            + std::to_string(inHeight) + " -> " + std::to_string(outWidth) + "x" + std::to_string(outHeight));
    if (inWidth != outWidth)
        m_horizontal = makeAxis(inWidth, outWidth);
    if (inHeight != outHeight)
        m_vertical = makeAxis(inHeight, outHeight);
}

Image BicubicResampler::resize(const Image& image) const
{
    if (image.width != m_inWidth || image.height != m_inHeight)
        throw InvalidInputError("bicubic resize: image is " + std::to_string(image.width) + "x"
            + std::to_string(image.height) + " (WxH), the resampler expects " + std::to_string(m_inWidth) + "x"
            + std::to_string(m_inHeight));
    if (image.channels != 1 && image.channels != 3 && image.channels != 4)
        throw InvalidInputError("bicubic resize: unsupported channel count " + std::to_string(image.channels));
    const std::size_t inBytes = static_cast<std::size_t>(image.width) * image.height * image.channels;
    if (image.pixels.size() != inBytes)
        throw InvalidInputError("bicubic resize: pixel buffer holds " + std::to_string(image.pixels.size())
            + " bytes, expected " + std::to_string(inBytes));

    if (m_inWidth == m_outWidth && m_inHeight == m_outHeight)
        return image;

    Image result;
    result.width = m_outWidth;
    result.height = m_outHeight;
    result.channels = image.channels;
    resizeLargeBuffer(result.pixels, static_cast<std::size_t>(m_outWidth) * m_outHeight * image.channels);

    const auto view = [](const Axis& axis) {
        return AxisView { axis.taps, axis.first.data(), axis.count.data(), axis.weights.data() };
    };
    const AxisView horizontal = view(m_horizontal);
    const AxisView vertical = view(m_vertical);
    switch (image.channels) {
    case 1:
        resampleChannels<1>(image.pixels.data(), m_inWidth, m_inHeight, result.pixels.data(), m_outWidth, m_outHeight,
            horizontal, vertical);
        break;
    case 3:
        resampleChannels<3>(image.pixels.data(), m_inWidth, m_inHeight, result.pixels.data(), m_outWidth, m_outHeight,
            horizontal, vertical);
        break;
    default: {
        std::vector<std::uint8_t> premultiplied = image.pixels;
        premultiply(premultiplied);
        resampleChannels<4>(premultiplied.data(), m_inWidth, m_inHeight, result.pixels.data(), m_outWidth, m_outHeight,
            horizontal, vertical);
        unpremultiply(result.pixels);
        break;
    }
    }
    return result;
}

Image resizeBicubic(const Image& image, int width, int height)
{
    return BicubicResampler(image.width, image.height, width, height).resize(image);
}

} // namespace vlmprobe::engine
