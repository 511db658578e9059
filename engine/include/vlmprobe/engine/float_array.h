#pragma once
// A dense float32 array returned by the engine (logits, hidden states, image embeddings): row-major, C order.

#include <cstdint>
#include <vector>

namespace vlmprobe::engine {

struct FloatArray {
    std::vector<std::int64_t> shape;
    std::vector<float> values; // product(shape) elements

    std::int64_t dim(std::size_t axis) const { return axis < shape.size() ? shape[axis] : 0; }
    // Row `row` of a 2-D array (or of the flattened leading dims): pointer to dim(last) values.
    const float* row(std::int64_t row) const { return values.data() + row * shape.back(); }
};

} // namespace vlmprobe::engine
