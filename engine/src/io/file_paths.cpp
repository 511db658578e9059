#include "io/file_paths.h"

#include "vlmprobe/engine/errors.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <sys/stat.h>

namespace vlmprobe::engine {

std::string joinPath(const std::string& directory, std::string_view name)
{
    if (directory.empty() || directory.back() == '/')
        return directory + std::string(name);
    return directory + "/" + std::string(name);
}

bool isRegularFile(const std::string& path)
{
    struct stat info { };
    return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

bool isDirectory(const std::string& path)
{
    struct stat info { };
    return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

std::string readWholeFile(const std::string& path)
{
    if (!isRegularFile(path))
        throw LoadError(path + ": file not found");
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file)
        throw LoadError(path + ": cannot open (" + std::strerror(errno) + ")");
    std::string text;
    char buffer[65536];
    std::size_t count = 0;
    while ((count = std::fread(buffer, 1, sizeof(buffer), file)) > 0)
        text.append(buffer, count);
    const bool failed = std::ferror(file) != 0;
    std::fclose(file);
    if (failed)
        throw LoadError(path + ": read error");
    return text;
}

} // namespace vlmprobe::engine
