#pragma once
// NumPy .npy files (format 1.0/2.0, little-endian, C order): the exchange format of the CLI and the tests.
// Writes are atomic (temp file + rename).

#include <cstdint>
#include <string>
#include <vector>

namespace vlmprobe::engine {

struct NpyArray {
    std::string dtype; // numpy descr without byte order: "f4", "f8", "i8", "i4", "u1" ...
    std::vector<std::int64_t> shape;
    std::vector<std::uint8_t> bytes; // raw little-endian element data, C order

    std::int64_t elementCount() const;
    std::vector<float> toFloat32() const; // converts f4/f8/f2/i*/u*; throws LoadError otherwise
    std::vector<std::int64_t> toInt64() const; // converts integer dtypes; throws LoadError otherwise
};

NpyArray readNpy(const std::string& path); // throws LoadError naming the file
void writeNpyFloat32(const std::string& path, const std::vector<std::int64_t>& shape, const float* data);

} // namespace vlmprobe::engine
