#pragma once
// Small numerical building blocks shared by the vision tower and the text decoder, each following the operation
// order of transformers' Qwen2.5-VL code so that float32 results match it to rounding.
// Thread-safe: pure functions on tensors.

#include <ATen/ATen.h>

#include <atomic>
#include <cstdint>
#include <vector>

namespace vlmprobe::engine {

// Qwen2RMSNorm: statistics in float32, the normalised value cast back to x's dtype BEFORE the weight multiply.
at::Tensor rmsNorm(const at::Tensor& x, const at::Tensor& weight, double eps);

// Rotates pairs (d, d + D/2) of the last dim: x * cos + rotateHalf(x) * sin, in the dtype of the arguments.
// x [..., D]; cos and sin broadcast against it.
at::Tensor applyRotary(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin);

// True when attention on q's tensors runs through libtorch's fused scaled_dot_product_attention (flash or
// memory-efficient kernels, float32 accumulation inside): a libtorch with grouped-query support (2.5+) and
// half-precision tensors on a GPU. Elsewhere (the CPU, float32, Debian's libtorch 1.13) the explicit float32
// softmax path runs, which is the one that reproduces transformers' eager attention to rounding.
bool fusedAttentionAvailable(const at::Tensor& q);

// Fused attention: q [B, heads, L, d], k and v [B, kvHeads, T, d] (heads a multiple of kvHeads); `mask` is an
// optional bool [L, T] (true = attend). Only when fusedAttentionAvailable(q). Returns [B, heads, L, d] in q's dtype.
at::Tensor fusedAttention(
    const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& mask, bool causal, double scale);

// Non-causal attention inside each segment [offsets[i], offsets[i+1]) of the rows, with no attention across
// segments. q, k, v [N, heads, d]; returns [N, heads, d], in float32 (computed in float32), or in q's dtype when
// fusedAttentionAvailable(q).
// Segments of equal length are batched into one call, so no mask over all N rows is ever built; long segments are
// processed in query blocks to bound the score buffer.
at::Tensor segmentAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
    const std::vector<std::int64_t>& offsets, double scale);

// Throws Cancelled when the caller's stop flag is set (a null flag never stops).
void pollStop(const std::atomic<bool>* stop);

} // namespace vlmprobe::engine
