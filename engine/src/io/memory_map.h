#pragma once
// A read-only, private memory mapping of a whole file (RAII). Pages are loaded on first touch, so mapping a
// multi-gigabyte shard costs nothing until its tensors are read.
// If another process truncates the file while it is mapped, touching the lost pages raises SIGBUS: checkpoints
// are treated as immutable while open.

#include <cstddef>
#include <cstdint>
#include <string>

namespace vlmprobe::engine {

class MemoryMap {
public:
    explicit MemoryMap(const std::string& path); // throws LoadError naming the path
    MemoryMap(MemoryMap&& other) noexcept;
    MemoryMap& operator=(MemoryMap&& other) noexcept;
    MemoryMap(const MemoryMap&) = delete;
    MemoryMap& operator=(const MemoryMap&) = delete;
    ~MemoryMap();

    const std::uint8_t* data() const { return m_data; } // nullptr for an empty file
    std::size_t size() const { return m_size; }

private:
    void release() noexcept;

    const std::uint8_t* m_data = nullptr;
    std::size_t m_size = 0;
};

} // namespace vlmprobe::engine
