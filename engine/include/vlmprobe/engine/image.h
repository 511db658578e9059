#pragma once
// A decoded image as the engine takes it. Decoding PNG/JPEG is the caller's job (core uses Qt/OpenCV, the CLI
// uses stb); the engine only ever sees packed 8-bit pixels.

#include <cstdint>
#include <vector>

namespace vlmprobe::engine {

struct Image {
    int width = 0;
    int height = 0;
    int channels = 3; // 3 = RGB, 4 = RGBA (straight alpha)
    std::vector<std::uint8_t> pixels; // row-major, width * height * channels bytes, no row padding

    bool hasAlpha() const { return channels == 4; }
};

} // namespace vlmprobe::engine
