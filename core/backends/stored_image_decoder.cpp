#include "backends/stored_image_decoder.h"

#include "backends/backend_error.h"

#include <QImage>

#include <cstring>
#include <string>

namespace vlmprobe {

engine::Image decodeStoredImage(const QByteArray& bytes)
{
    QImage decoded;
    if (bytes.isEmpty() || !decoded.loadFromData(bytes) || decoded.isNull())
        throw BackendError("the image could not be decoded (" + std::to_string(bytes.size()) + " bytes)");
    const bool alpha = decoded.hasAlphaChannel();
    const QImage packed = decoded.convertToFormat(alpha ? QImage::Format_RGBA8888 : QImage::Format_RGB888);
    engine::Image image;
    image.width = packed.width();
    image.height = packed.height();
    image.channels = alpha ? 4 : 3;
    const auto rowBytes = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.channels);
    image.pixels.resize(rowBytes * static_cast<std::size_t>(image.height));
    // QImage rows are padded to 32 bits; the engine wants them packed.
    for (int y = 0; y < image.height; ++y)
        std::memcpy(image.pixels.data() + rowBytes * static_cast<std::size_t>(y), packed.constScanLine(y), rowBytes);
    return image;
}

} // namespace vlmprobe
