#pragma once
// Builds a .safetensors file in memory and writes it atomically (temp + rename): used by `make-tiny` and tests.
//
// Layout: 8-byte little-endian header length N, the header as compact JSON (`__metadata__` first when set, then the
// tensors in data order) padded with spaces so that 8 + N is a multiple of 8, then the data. Tensors are laid out
// by element size, largest first, then by name, so every tensor is aligned to its element size within the file.
// Not thread-safe (a builder); copyable.

#include "vlmprobe/engine/dtype.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace vlmprobe::engine {

class SafetensorsWriter {
public:
    // Throws InvalidInputError for an empty or duplicate name, a negative dim, or bytes.size() != numel * itemsize.
    void add(
        const std::string& name, DType dtype, const std::vector<std::int64_t>& shape, std::vector<std::uint8_t> bytes);
    // Stores float32 values as F32, F16 or BF16 (round-to-nearest-even); `values` holds numel(shape) floats.
    void addFloat32(const std::string& name, const std::vector<std::int64_t>& shape, const float* values,
        DType storeAs = DType::F32);
    void setMetadata(const std::string& key, const std::string& value);

    std::size_t size() const;
    std::string serialize() const; // the complete file image
    void write(const std::string& path) const; // atomic; throws LoadError when the file cannot be written

private:
    struct Entry {
        std::string name;
        DType dtype;
        std::vector<std::int64_t> shape;
        std::vector<std::uint8_t> bytes;
    };
    std::vector<Entry> m_entries;
    std::map<std::string, std::string> m_metadata;
};

} // namespace vlmprobe::engine
