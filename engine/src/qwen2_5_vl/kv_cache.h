#pragma once
// The static key/value cache of one sequence: per decoder layer, K and V preallocated as [kv_heads, capacity,
// head_dim] in the compute dtype, keys stored after the rotary embedding. Rows [0, length) are valid.
//
// Ownership and threads: owned by one Session; not thread-safe. clone() copies the valid rows, so a fork shares
// nothing with its parent.

#include <ATen/ATen.h>

#include <cstdint>
#include <vector>

namespace vlmprobe::engine {

class KvCache {
public:
    KvCache() = default;
    KvCache(std::int64_t layers, std::int64_t kvHeads, std::int64_t headDim, std::int64_t capacity,
        at::TensorOptions options);

    bool isAllocated() const { return !m_keys.empty(); }
    std::int64_t length() const { return m_length; }
    std::int64_t capacity() const { return m_capacity; }

    // Grows the buffers (doubling, copying the valid rows) so that `rows` rows fit.
    void reserve(std::int64_t rows);
    // Writes rows [length, length + k.size(1)) of one layer and returns the valid keys and values including them
    // ([kv_heads, length + new, head_dim] views). Call commit() once every layer has been written.
    std::pair<at::Tensor, at::Tensor> write(std::size_t layer, const at::Tensor& k, const at::Tensor& v);
    void commit(std::int64_t rows) { m_length += rows; }
    void truncate(std::int64_t rows);

    KvCache clone(std::int64_t extraCapacity = 0) const;

private:
    std::vector<at::Tensor> m_keys; // per layer [kv_heads, capacity, head_dim]
    std::vector<at::Tensor> m_values;
    std::int64_t m_length = 0;
    std::int64_t m_capacity = 0;
};

} // namespace vlmprobe::engine
