#include "vlmprobe/engine/rgb_conversion.h"

#include "vlmprobe/engine/errors.h"

#include <string>

namespace vlmprobe::engine {

void validateImage(const Image& image, const char* what)
{
    if (image.width <= 0 || image.height <= 0)
        throw InvalidInputError(
            std::string(what) + ": invalid size " + std::to_string(image.width) + "x" + std::to_string(image.height));
    if (image.channels != 1 && image.channels != 3 && image.channels != 4)
        throw InvalidInputError(std::string(what) + ": unsupported channel count " + std::to_string(image.channels)
            + " (expected 1, 3 or 4)");
    const std::size_t expected = static_cast<std::size_t>(image.width) * image.height * image.channels;
    if (image.pixels.size() != expected)
        throw InvalidInputError(std::string(what) + ": pixel buffer holds " + std::to_string(image.pixels.size())
            + " bytes, expected " + std::to_string(expected));
}

Image toRgb(const Image& image, AlphaMode mode)
{
    validateImage(image, "image");
    if (image.channels == 3)
        return image;

    Image rgb;
    rgb.width = image.width;
    rgb.height = image.height;
    rgb.channels = 3;
    const std::size_t count = static_cast<std::size_t>(image.width) * image.height;
    rgb.pixels.resize(count * 3);
    const std::uint8_t* in = image.pixels.data();
    std::uint8_t* out = rgb.pixels.data();
    if (image.channels == 1) {
        for (std::size_t i = 0; i < count; ++i)
            out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = in[i];
        return rgb;
    }
    for (std::size_t i = 0; i < count; ++i) {
        const unsigned alpha = in[4 * i + 3];
        for (std::size_t c = 0; c < 3; ++c) {
            const unsigned colour = in[4 * i + c];
            if (mode == AlphaMode::Drop) {
                out[3 * i + c] = static_cast<std::uint8_t>(colour);
            } else {
                // Pillow's BLEND(mask, background, foreground) with a white background and its DIV255 rounding.
                const unsigned t = 255u * (255u - alpha) + colour * alpha + 128u;
                out[3 * i + c] = static_cast<std::uint8_t>(((t >> 8) + t) >> 8);
            }
        }
    }
    return rgb;
}

} // namespace vlmprobe::engine
