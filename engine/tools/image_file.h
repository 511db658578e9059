#pragma once
// Decoding image files for the CLI, without Qt: PNG, JPEG, BMP, GIF (first frame) through stb_image.
// Grayscale and palette images become RGB as PIL's convert("RGB") does; images with alpha stay RGBA so the
// engine can apply the caller's alpha policy.

#include "vlmprobe/engine/image.h"

#include <string>

namespace vlmprobe::tools {

// Throws engine::LoadError naming the file when it cannot be read or decoded.
engine::Image readImageFile(const std::string& path);

} // namespace vlmprobe::tools
