#pragma once
// Turning a decoded image into the 8-bit RGB that the vision preprocessing expects, with a choice of what alpha
// means. The two conventions in use differ visibly on transparent pixels:
//   Drop               transformers' convert_to_rgb (PIL's convert("RGB")): the colour channels are kept as
//                      stored, alpha is discarded (a fully transparent pixel shows its hidden colour).
//   CompositeOverWhite qwen-vl-utils' fetch_image: the image is pasted on white with alpha as the mask, with the
//                      exact integer arithmetic of Pillow's paste: (255 * (255 - a) + c * a) / 255 rounded.
// Pure functions, thread-safe.

#include "vlmprobe/engine/image.h"

namespace vlmprobe::engine {

enum class AlphaMode {
    Drop,
    CompositeOverWhite,
};

// 1-channel (gray) input is replicated to RGB as PIL's convert("RGB") does; 3-channel input is returned as is.
// Throws InvalidInputError for another channel count, a non-positive size or a pixel buffer of the wrong length.
Image toRgb(const Image& image, AlphaMode mode);

// Throws InvalidInputError naming what is wrong when the image's size, channel count (1, 3 or 4) or buffer length
// is inconsistent. `what` prefixes the message (e.g. "image 2").
void validateImage(const Image& image, const char* what);

} // namespace vlmprobe::engine
