#include "image_file.h"

#include "vlmprobe/engine/errors.h"

#include <stb_image.h>

#include <memory>

namespace vlmprobe::tools {

engine::Image readImageFile(const std::string& path)
{
    int width = 0;
    int height = 0;
    int fileChannels = 0;
    if (!stbi_info(path.c_str(), &width, &height, &fileChannels))
        throw engine::LoadError(path + ": cannot decode image (" + stbi_failure_reason() + ")");
    const int channels = (fileChannels == 2 || fileChannels == 4) ? 4 : 3;
    std::unique_ptr<stbi_uc, void (*)(void*)> pixels(
        stbi_load(path.c_str(), &width, &height, &fileChannels, channels), stbi_image_free);
    if (!pixels)
        throw engine::LoadError(path + ": cannot decode image (" + stbi_failure_reason() + ")");
    engine::Image image;
    image.width = width;
    image.height = height;
    image.channels = channels;
    image.pixels.assign(pixels.get(), pixels.get() + static_cast<size_t>(width) * height * channels);
    return image;
}

} // namespace vlmprobe::tools
