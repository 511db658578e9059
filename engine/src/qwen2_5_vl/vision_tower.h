#pragma once
// The Qwen2.5-VL vision tower (qwen25vl.md §3): patch embedding as a GEMM, 2-D rotary in float32, window / full
// attention blocks, RMSNorm, SwiGLU MLP, 2x2 merger with exact GELU, and the un-permute back to natural order.
//
// Ownership and threads: immutable after construction; forward() is const and may run on several threads at once
// (torch's intra-op pool is shared). Weights live on the tower's device in its compute dtype.

#include "vlmprobe/engine/checkpoint_config.h"
#include "vlmprobe/engine/vision_windows.h"

#include <ATen/ATen.h>

#include <atomic>
#include <vector>

namespace vlmprobe::engine {

class VisionTower {
public:
    struct Block {
        at::Tensor norm1, norm2; // [V]
        at::Tensor qkvWeight, qkvBias; // [3V, V], [3V]; rows [q ; k ; v]
        at::Tensor projWeight, projBias; // [V, V], [V]
        at::Tensor gateWeight, gateBias; // [I, V], [I]
        at::Tensor upWeight, upBias; // [I, V], [I]
        at::Tensor downWeight, downBias; // [V, I], [V]
    };
    struct Weights {
        at::Tensor patchEmbed; // [V, C*T*P*P]: the Conv3d kernel flattened in (c, t, i, j) order
        std::vector<Block> blocks;
        at::Tensor mergerNorm; // [V]
        at::Tensor mergerFc1Weight, mergerFc1Bias; // [4V, 4V], [4V]
        at::Tensor mergerFc2Weight, mergerFc2Bias; // [O, 4V], [O]
    };

    // Throws LoadError when a weight's shape does not fit the config.
    VisionTower(const VisionConfig& config, Weights weights);

    // pixelValues [N, C*T*P*P] (any float dtype/device; converted); grids give N = sum of t*h*w.
    // Returns image embeddings [N / merge^2, O] in natural order (image by image, row-major merged units), in the
    // compute dtype. Polls `stop` between blocks (throws Cancelled).
    at::Tensor forward(const at::Tensor& pixelValues, const std::vector<GridThw>& grids,
        const std::atomic<bool>* stop = nullptr) const;

    const VisionConfig& config() const { return m_config; }
    std::int64_t windowUnits() const; // window side in merged units (0 when every block is full attention)

private:
    at::Tensor rotaryAngles(const std::vector<GridThw>& grids) const; // [N, head_dim / 2] float32, natural order
    at::Tensor block(const Block& b, const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin,
        const std::vector<std::int64_t>& segments) const;

    VisionConfig m_config;
    Weights m_weights;
    at::Tensor m_invFreq; // [head_dim / 4] float32
};

} // namespace vlmprobe::engine
