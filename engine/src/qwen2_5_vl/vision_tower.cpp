#include "vision_tower.h"

#include "tensor_ops.h"

#include "vlmprobe/engine/errors.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace vlmprobe::engine {

namespace {

void expectShape(const at::Tensor& t, std::vector<std::int64_t> shape, const std::string& what)
{
    if (!t.defined() || t.sizes().vec() != shape) {
        std::string want;
        for (const std::int64_t d : shape)
            want += (want.empty() ? "" : ", ") + std::to_string(d);
        std::string got;
        if (t.defined()) {
            for (const std::int64_t d : t.sizes())
                got += (got.empty() ? "" : ", ") + std::to_string(d);
        }
        throw LoadError("vision weight " + what + " has shape [" + got + "], expected [" + want + "]");
    }
}

at::Tensor linear(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b)
{
    return at::linear(x, w, b);
}

} // namespace

VisionTower::VisionTower(const VisionConfig& config, Weights weights)
    : m_config(config)
    , m_weights(std::move(weights))
{
    const std::int64_t v = config.hiddenSize;
    const std::int64_t inter = config.intermediateSize;
    const std::int64_t merged = v * config.spatialMergeSize * config.spatialMergeSize;
    if (config.numHeads <= 0 || v % config.numHeads != 0 || (v / config.numHeads) % 4 != 0)
        throw LoadError("vision hidden_size " + std::to_string(v) + " does not split into "
            + std::to_string(config.numHeads) + " heads with a width divisible by 4");
    expectShape(m_weights.patchEmbed,
        { v, std::int64_t(config.inChannels) * config.temporalPatchSize * config.patchSize * config.patchSize },
        "patch_embed.proj.weight");
    if (static_cast<std::int64_t>(m_weights.blocks.size()) != config.depth)
        throw LoadError("vision tower has " + std::to_string(m_weights.blocks.size()) + " blocks, config says "
            + std::to_string(config.depth));
    for (std::size_t i = 0; i < m_weights.blocks.size(); ++i) {
        const Block& b = m_weights.blocks[i];
        const std::string p = "blocks." + std::to_string(i) + ".";
        expectShape(b.norm1, { v }, p + "norm1.weight");
        expectShape(b.norm2, { v }, p + "norm2.weight");
        expectShape(b.qkvWeight, { 3 * v, v }, p + "attn.qkv.weight");
        expectShape(b.qkvBias, { 3 * v }, p + "attn.qkv.bias");
        expectShape(b.projWeight, { v, v }, p + "attn.proj.weight");
        expectShape(b.projBias, { v }, p + "attn.proj.bias");
        expectShape(b.gateWeight, { inter, v }, p + "mlp.gate_proj.weight");
        expectShape(b.gateBias, { inter }, p + "mlp.gate_proj.bias");
        expectShape(b.upWeight, { inter, v }, p + "mlp.up_proj.weight");
        expectShape(b.upBias, { inter }, p + "mlp.up_proj.bias");
        expectShape(b.downWeight, { v, inter }, p + "mlp.down_proj.weight");
        expectShape(b.downBias, { v }, p + "mlp.down_proj.bias");
    }
    expectShape(m_weights.mergerNorm, { v }, "merger.ln_q.weight");
    expectShape(m_weights.mergerFc1Weight, { merged, merged }, "merger.mlp.0.weight");
    expectShape(m_weights.mergerFc1Bias, { merged }, "merger.mlp.0.bias");
    expectShape(m_weights.mergerFc2Weight, { config.outHiddenSize, merged }, "merger.mlp.2.weight");
    expectShape(m_weights.mergerFc2Bias, { config.outHiddenSize }, "merger.mlp.2.bias");

    // transformers' VisionRotaryEmbedding(dim = head_dim / 2, theta = 1e4): 1 / theta^(arange(0, dim, 2) / dim).
    const std::int64_t rotaryDim = v / config.numHeads / 2;
    const at::Tensor exponents = at::arange(0, rotaryDim, 2, at::TensorOptions().dtype(at::kFloat)) / double(rotaryDim);
    m_invFreq = at::reciprocal(at::pow(10000.0, exponents)).to(m_weights.patchEmbed.device());
}

std::int64_t VisionTower::windowUnits() const
{
    if (m_config.windowSize <= 0)
        return 0;
    return m_config.windowSize / m_config.spatialMergeSize / m_config.patchSize;
}

at::Tensor VisionTower::rotaryAngles(const std::vector<GridThw>& grids) const
{
    const auto ids = rotaryPatchIds(grids, m_config.spatialMergeSize);
    std::vector<std::int64_t> flat;
    flat.reserve(ids.size() * 2);
    std::int64_t largest = 0;
    for (const auto& [row, column] : ids) {
        flat.push_back(row);
        flat.push_back(column);
        largest = std::max({ largest, row + 1, column + 1 });
    }
    const auto device = m_invFreq.device();
    // outer(arange(max side), inv_freq) once, then gathered per row: [N, 2, dim/4] -> [N, dim/2] as (h freqs, w freqs).
    const at::Tensor table
        = at::outer(at::arange(largest, at::TensorOptions().dtype(at::kFloat)).to(device), m_invFreq);
    const at::Tensor index = at::tensor(flat, at::TensorOptions().dtype(at::kLong)).to(device);
    return table.index_select(0, index).view({ static_cast<std::int64_t>(ids.size()), -1 });
}

at::Tensor VisionTower::block(const Block& b, const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin,
    const std::vector<std::int64_t>& segments) const
{
    const std::int64_t n = x.size(0);
    const std::int64_t heads = m_config.numHeads;
    const std::int64_t headDim = m_config.hiddenSize / heads;
    // [N, 3, heads, d]
    const at::Tensor qkv = linear(rmsNorm(x, b.norm1, 1e-6), b.qkvWeight, b.qkvBias).view({ n, 3, heads, headDim });
    // Rotation in float32 (apply_rotary_pos_emb_vision), then back to the compute dtype. cos/sin [N, 1, d].
    const at::Tensor q = applyRotary(qkv.select(1, 0).to(at::kFloat), cos, sin).to(x.scalar_type());
    const at::Tensor k = applyRotary(qkv.select(1, 1).to(at::kFloat), cos, sin).to(x.scalar_type());
    const at::Tensor v = qkv.select(1, 2);
    const at::Tensor attended
        = segmentAttention(q, k, v, segments, 1.0 / std::sqrt(double(headDim))).to(x.scalar_type()).reshape({ n, -1 });
    const at::Tensor h = x + linear(attended, b.projWeight, b.projBias);
    const at::Tensor normed = rmsNorm(h, b.norm2, 1e-6);
    const at::Tensor gated = at::silu(linear(normed, b.gateWeight, b.gateBias)) * linear(normed, b.upWeight, b.upBias);
    return h + linear(gated, b.downWeight, b.downBias);
}

at::Tensor VisionTower::forward(
    const at::Tensor& pixelValues, const std::vector<GridThw>& grids, const std::atomic<bool>* stop) const
{
    validateGrids(grids, m_config.spatialMergeSize);
    std::int64_t patches = 0;
    for (const GridThw& g : grids)
        patches += g.patchCount();
    const std::int64_t columns = m_weights.patchEmbed.size(1);
    if (pixelValues.dim() != 2 || pixelValues.size(0) != patches || pixelValues.size(1) != columns)
        throw InvalidInputError("pixel_values must be [" + std::to_string(patches) + ", " + std::to_string(columns)
            + "] for the given grids");
    const std::int64_t unit = std::int64_t(m_config.spatialMergeSize) * m_config.spatialMergeSize;
    const std::int64_t hidden = m_config.hiddenSize;
    const auto dtype = m_weights.patchEmbed.scalar_type();
    const auto device = m_weights.patchEmbed.device();

    // Patch embedding: the stride = kernel Conv3d is a GEMM over the flattened (c, t, i, j) patch. [N, V]
    at::Tensor x = at::matmul(pixelValues.to(device, dtype), m_weights.patchEmbed.t());

    // Window partition and the permutation of merged units (every later step runs in permuted order).
    const std::int64_t units = windowUnits();
    WindowPartition partition;
    at::Tensor angles = rotaryAngles(grids); // [N, d/2]
    if (units > 0) {
        partition = partitionWindows(grids, m_config.spatialMergeSize, units);
        const at::Tensor windowIndex
            = at::tensor(partition.windowIndex, at::TensorOptions().dtype(at::kLong)).to(device);
        x = x.view({ patches / unit, unit, hidden }).index_select(0, windowIndex).view({ patches, hidden });
        angles = angles.view({ patches / unit, unit, -1 }).index_select(0, windowIndex).view({ patches, -1 });
    } else {
        partition.cuSeqlens.push_back(0);
        for (const GridThw& g : grids) {
            for (std::int64_t tau = 0; tau < g.t; ++tau)
                partition.cuSeqlens.push_back(partition.cuSeqlens.back() + g.h * g.w);
        }
    }
    const at::Tensor emb = at::cat({ angles, angles }, -1).unsqueeze(1); // [N, 1, d] float32
    const at::Tensor cos = emb.cos();
    const at::Tensor sin = emb.sin();

    const auto& full = m_config.fullattBlockIndexes;
    for (std::size_t i = 0; i < m_weights.blocks.size(); ++i) {
        pollStop(stop);
        const bool fullAttention = units == 0 || std::find(full.begin(), full.end(), int(i)) != full.end();
        x = block(m_weights.blocks[i], x, cos, sin, fullAttention ? partition.cuSeqlens : partition.cuWindowSeqlens);
    }
    pollStop(stop);

    // Merger: RMSNorm, 2x2 units concatenated channel-wise, Linear, exact GELU, Linear. [N/4, O]
    const at::Tensor merged = rmsNorm(x, m_weights.mergerNorm, 1e-6).view({ patches / unit, unit * hidden });
    at::Tensor y = linear(at::gelu(linear(merged, m_weights.mergerFc1Weight, m_weights.mergerFc1Bias)),
        m_weights.mergerFc2Weight, m_weights.mergerFc2Bias);
    if (units > 0) {
        // out[window_index[i]] = y[i]
        const at::Tensor windowIndex
            = at::tensor(partition.windowIndex, at::TensorOptions().dtype(at::kLong)).to(device);
        y = at::empty_like(y).index_copy_(0, windowIndex, y);
    }
    return y;
}

} // namespace vlmprobe::engine
