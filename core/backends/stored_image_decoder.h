#pragma once
// Encoded image bytes (PNG, JPEG, ...) -> the engine's packed 8-bit image, decoded with QImage.
// Thread-safe: QImage decoding works on any thread.

#include "vlmprobe/engine/image.h"

#include <QByteArray>

namespace vlmprobe {

// RGB, or RGBA (straight alpha) when the file has an alpha channel: the engine's preprocessor decides what alpha
// means. Throws BackendError for bytes QImage cannot decode.
engine::Image decodeStoredImage(const QByteArray& bytes);

} // namespace vlmprobe
