#include "io/memory_map.h"

#include "vlmprobe/engine/errors.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace vlmprobe::engine {

MemoryMap::MemoryMap(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw LoadError(path + ": cannot open (" + std::strerror(errno) + ")");
    struct stat info { };
    if (::fstat(fd, &info) != 0) {
        const std::string reason = std::strerror(errno);
        ::close(fd);
        throw LoadError(path + ": cannot stat (" + reason + ")");
    }
    if (!S_ISREG(info.st_mode)) {
        ::close(fd);
        throw LoadError(path + ": not a regular file");
    }
    m_size = static_cast<std::size_t>(info.st_size);
    if (m_size > 0) {
        void* mapped = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (mapped == MAP_FAILED) {
            const std::string reason = std::strerror(errno);
            ::close(fd);
            throw LoadError(path + ": cannot map (" + reason + ")");
        }
        m_data = static_cast<const std::uint8_t*>(mapped);
    }
    // The mapping keeps the file referenced; the descriptor is no longer needed.
    ::close(fd);
}

MemoryMap::MemoryMap(MemoryMap&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr))
    , m_size(std::exchange(other.m_size, 0))
{
}

MemoryMap& MemoryMap::operator=(MemoryMap&& other) noexcept
{
    if (this != &other) {
        release();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

MemoryMap::~MemoryMap()
{
    release();
}

void MemoryMap::release() noexcept
{
    if (m_data)
        ::munmap(const_cast<std::uint8_t*>(m_data), m_size);
    m_data = nullptr;
    m_size = 0;
}

} // namespace vlmprobe::engine
