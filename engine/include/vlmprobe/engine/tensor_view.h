#pragma once
// A non-owning view of one stored tensor: row-major (C order), little-endian, dense.

#include "vlmprobe/engine/dtype.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace vlmprobe::engine {

struct TensorView {
    std::string name; // as the owner exposes it (CheckpointWeights: the canonical name)
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape; // empty = scalar; zero-size dims are legal
    const std::uint8_t* data = nullptr; // borrowed from the owning mapping; MAY BE UNALIGNED for the element type
    std::size_t byteSize = 0; // == numel() * dtypeSize(dtype), checked at open

    std::int64_t numel() const; // product of shape (1 for a scalar)
};

// Converts every element to float32 (floating, integer and bool dtypes). Reads through memcpy, so unaligned data
// is fine. The output has numel() elements; `out` must have room for them.
std::vector<float> toFloat32(const TensorView& tensor);
void toFloat32(const TensorView& tensor, float* out);

} // namespace vlmprobe::engine
