#include "kv_cache.h"

#include "vlmprobe/engine/errors.h"

#include <string>

namespace vlmprobe::engine {

KvCache::KvCache(
    std::int64_t layers, std::int64_t kvHeads, std::int64_t headDim, std::int64_t capacity, at::TensorOptions options)
    : m_capacity(capacity)
{
    for (std::int64_t i = 0; i < layers; ++i) {
        m_keys.push_back(at::empty({ kvHeads, capacity, headDim }, options));
        m_values.push_back(at::empty({ kvHeads, capacity, headDim }, options));
    }
}

void KvCache::reserve(std::int64_t rows)
{
    if (rows <= m_capacity)
        return;
    std::int64_t capacity = std::max<std::int64_t>(m_capacity, 64);
    while (capacity < rows)
        capacity *= 2;
    for (std::size_t i = 0; i < m_keys.size(); ++i) {
        for (auto* buffers : { &m_keys, &m_values }) {
            const at::Tensor& old = (*buffers)[i];
            at::Tensor grown = at::empty({ old.size(0), capacity, old.size(2) }, old.options());
            grown.narrow(1, 0, m_length).copy_(old.narrow(1, 0, m_length));
            (*buffers)[i] = grown;
        }
    }
    m_capacity = capacity;
}

std::pair<at::Tensor, at::Tensor> KvCache::write(std::size_t layer, const at::Tensor& k, const at::Tensor& v)
{
    const std::int64_t rows = k.size(1);
    if (m_length + rows > m_capacity)
        throw EngineError("KV cache overflow: reserve() was not called");
    m_keys[layer].narrow(1, m_length, rows).copy_(k);
    m_values[layer].narrow(1, m_length, rows).copy_(v);
    return { m_keys[layer].narrow(1, 0, m_length + rows), m_values[layer].narrow(1, 0, m_length + rows) };
}

void KvCache::truncate(std::int64_t rows)
{
    if (rows < 0 || rows > m_length)
        throw InvalidInputError(
            "cannot truncate a sequence of " + std::to_string(m_length) + " tokens to " + std::to_string(rows));
    m_length = rows;
}

KvCache KvCache::clone(std::int64_t extraCapacity) const
{
    KvCache copy;
    copy.m_length = m_length;
    copy.m_capacity = std::max<std::int64_t>(m_length + extraCapacity, 1);
    for (std::size_t i = 0; i < m_keys.size(); ++i) {
        for (auto [from, to] : { std::pair { &m_keys, &copy.m_keys }, std::pair { &m_values, &copy.m_values } }) {
            const at::Tensor& old = (*from)[i];
            at::Tensor fresh = at::empty({ old.size(0), copy.m_capacity, old.size(2) }, old.options());
            fresh.narrow(1, 0, m_length).copy_(old.narrow(1, 0, m_length));
            to->push_back(fresh);
        }
    }
    return copy;
}

} // namespace vlmprobe::engine
