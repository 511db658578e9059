#include "text_decoder.h"

#include "tensor_ops.h"

#include "vlmprobe/engine/errors.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

namespace vlmprobe::engine {

namespace {

void expectShape(const at::Tensor& t, std::vector<std::int64_t> shape, const std::string& what)
{
    if (t.defined() && t.sizes().vec() == shape)
        return;
    auto join = [](const std::vector<std::int64_t>& dims) {
        std::string s;
        for (const std::int64_t d : dims)
            s += (s.empty() ? "" : ", ") + std::to_string(d);
        return "[" + s + "]";
    };
    throw LoadError("text weight " + what + " has shape " + (t.defined() ? join(t.sizes().vec()) : "(missing)")
        + ", expected " + join(shape));
}

} // namespace

TextDecoder::TextDecoder(const TextConfig& config, Weights weights)
    : m_config(config)
    , m_weights(std::move(weights))
{
    const std::int64_t h = config.hiddenSize;
    const std::int64_t d = config.headDim;
    const std::int64_t nh = config.numAttentionHeads;
    const std::int64_t nkv = config.numKeyValueHeads;
    const std::int64_t inter = config.intermediateSize;
    if (nkv <= 0 || nh % nkv != 0 || d % 2 != 0)
        throw LoadError("text attention heads " + std::to_string(nh) + " are not a multiple of the "
            + std::to_string(nkv) + " key/value heads");
    if (config.mropeSection.size() != 3
        || std::accumulate(config.mropeSection.begin(), config.mropeSection.end(), 0) != d / 2)
        throw LoadError("mrope_section must have 3 entries summing to head_dim / 2 = " + std::to_string(d / 2));
    expectShape(m_weights.embedTokens, { config.vocabSize, h }, "embed_tokens.weight");
    expectShape(m_weights.lmHead, { config.vocabSize, h }, "lm_head.weight");
    expectShape(m_weights.norm, { h }, "norm.weight");
    if (static_cast<std::int64_t>(m_weights.layers.size()) != config.numHiddenLayers)
        throw LoadError("text decoder has " + std::to_string(m_weights.layers.size()) + " layers, config says "
            + std::to_string(config.numHiddenLayers));
    for (std::size_t i = 0; i < m_weights.layers.size(); ++i) {
        const Layer& l = m_weights.layers[i];
        const std::string p = "layers." + std::to_string(i) + ".";
        expectShape(l.inputNorm, { h }, p + "input_layernorm.weight");
        expectShape(l.qWeight, { nh * d, h }, p + "self_attn.q_proj.weight");
        expectShape(l.qBias, { nh * d }, p + "self_attn.q_proj.bias");
        expectShape(l.kWeight, { nkv * d, h }, p + "self_attn.k_proj.weight");
        expectShape(l.kBias, { nkv * d }, p + "self_attn.k_proj.bias");
        expectShape(l.vWeight, { nkv * d, h }, p + "self_attn.v_proj.weight");
        expectShape(l.vBias, { nkv * d }, p + "self_attn.v_proj.bias");
        expectShape(l.oWeight, { h, nh * d }, p + "self_attn.o_proj.weight");
        expectShape(l.postNorm, { h }, p + "post_attention_layernorm.weight");
        expectShape(l.gateWeight, { inter, h }, p + "mlp.gate_proj.weight");
        expectShape(l.upWeight, { inter, h }, p + "mlp.up_proj.weight");
        expectShape(l.downWeight, { h, inter }, p + "mlp.down_proj.weight");
    }

    const auto device = m_weights.embedTokens.device();
    if (device.is_cuda()) {
        for (Layer& l : m_weights.layers) {
            l.qkvWeight = at::cat({ l.qWeight, l.kWeight, l.vWeight });
            l.qkvBias = at::cat({ l.qBias, l.kBias, l.vBias });
            l.gateUpWeight = at::cat({ l.gateWeight, l.upWeight });
            // The separate tensors become views, so the fused copies cost no extra memory.
            l.qWeight = l.qkvWeight.narrow(0, 0, nh * d);
            l.kWeight = l.qkvWeight.narrow(0, nh * d, nkv * d);
            l.vWeight = l.qkvWeight.narrow(0, (nh + nkv) * d, nkv * d);
            l.qBias = l.qkvBias.narrow(0, 0, nh * d);
            l.kBias = l.qkvBias.narrow(0, nh * d, nkv * d);
            l.vBias = l.qkvBias.narrow(0, (nh + nkv) * d, nkv * d);
            l.gateWeight = l.gateUpWeight.narrow(0, 0, inter);
            l.upWeight = l.gateUpWeight.narrow(0, inter, inter);
        }
    }
    // 1 / theta^(arange(0, d, 2) / d), float32 pow then reciprocal as transformers computes it.
    const at::Tensor exponents = at::arange(0, d, 2, at::TensorOptions().dtype(at::kLong)).to(at::kFloat) / double(d);
    m_invFreq = at::reciprocal(at::pow(config.ropeTheta, exponents)).to(device);
    std::vector<std::int64_t> axis;
    for (std::size_t a = 0; a < 3; ++a)
        axis.insert(axis.end(), static_cast<std::size_t>(config.mropeSection[a]), static_cast<std::int64_t>(a));
    m_axisOfFreq = at::tensor(axis, at::TensorOptions().dtype(at::kLong)).to(device);
}

at::Tensor TextDecoder::embed(const std::vector<std::int32_t>& ids) const
{
    for (const std::int32_t id : ids) {
        if (id < 0 || id >= m_config.vocabSize)
            throw InvalidInputError("token id " + std::to_string(id) + " is outside the model's vocabulary of "
                + std::to_string(m_config.vocabSize));
    }
    const at::Tensor index
        = at::tensor(std::vector<std::int64_t>(ids.begin(), ids.end()), at::TensorOptions().dtype(at::kLong));
    return m_weights.embedTokens.index_select(0, index.to(device()));
}

std::pair<at::Tensor, at::Tensor> TextDecoder::ropeTables(const at::Tensor& positions) const
{
    // Angles per axis [3, L, d/2] as an elementwise float32 product (no GEMM: TF32 must not round it), then each
    // frequency takes the row of its mrope_section axis: [L, d/2].
    const at::Tensor angles = positions.to(device(), at::kFloat).unsqueeze(-1) * m_invFreq;
    const at::Tensor picked
        = angles.gather(0, m_axisOfFreq.view({ 1, 1, -1 }).expand({ 1, angles.size(1), -1 })).squeeze(0);
    const at::Tensor emb = at::cat({ picked, picked }, -1).unsqueeze(1); // [L, 1, d]
    return { emb.cos().to(dtype()), emb.sin().to(dtype()) };
}

at::Tensor TextDecoder::attention(const Layer& layer, std::size_t index, const at::Tensor& x, const at::Tensor& cos,
    const at::Tensor& sin, KvCache& cache, AttentionCapture* capture) const
{
    const std::int64_t length = x.size(0);
    const std::int64_t d = m_config.headDim;
    const std::int64_t nh = m_config.numAttentionHeads;
    const std::int64_t nkv = m_config.numKeyValueHeads;
    const std::int64_t rep = nh / nkv;
    const std::int64_t past = cache.length();

    // [L, heads, d], rotated in the compute dtype.
    at::Tensor qProj, kProj, vProj;
    if (layer.qkvWeight.defined()) {
        const at::Tensor qkv = at::linear(x, layer.qkvWeight, layer.qkvBias);
        qProj = qkv.narrow(-1, 0, nh * d);
        kProj = qkv.narrow(-1, nh * d, nkv * d);
        vProj = qkv.narrow(-1, (nh + nkv) * d, nkv * d);
    } else {
        qProj = at::linear(x, layer.qWeight, layer.qBias);
        kProj = at::linear(x, layer.kWeight, layer.kBias);
        vProj = at::linear(x, layer.vWeight, layer.vBias);
    }
    const at::Tensor q = applyRotary(qProj.view({ length, nh, d }), cos, sin);
    const at::Tensor k = applyRotary(kProj.view({ length, nkv, d }), cos, sin);
    const at::Tensor v = vProj.view({ length, nkv, d });
    const auto [keys, values] = cache.write(index, k.transpose(0, 1), v.transpose(0, 1)); // [nkv, T, d]
    const std::int64_t total = past + length;
    const double scale = 1.0 / std::sqrt(double(d));

    if (capture && std::find(capture->layers.begin(), capture->layers.end(), index) != capture->layers.end()) {
        // The last query row sees every key (it is the newest row), so no mask: [nkv, rep, d] x [nkv, d, T].
        const at::Tensor last = q.select(0, length - 1).to(at::kFloat).view({ nkv, rep, d });
        const at::Tensor probs = at::softmax(at::matmul(last, keys.to(at::kFloat).transpose(1, 2)) * scale, -1);
        const at::Tensor mean = probs.mean(at::IntArrayRef { 0, 1 }); // [T]
        capture->sum = capture->sum.defined() ? capture->sum + mean : mean;
    }

    if (fusedAttentionAvailable(q)) {
        // Causal from row 0 needs no mask; a chunk after cached rows (past > 0) sees keys 0 .. past + i.
        at::Tensor mask;
        if (length > 1 && past > 0) {
            const auto longOptions = at::TensorOptions().dtype(at::kLong).device(x.device());
            mask = at::arange(total, longOptions).unsqueeze(0) <= at::arange(past, total, longOptions).unsqueeze(1);
        }
        const at::Tensor out = fusedAttention(q.transpose(0, 1).unsqueeze(0), keys.unsqueeze(0), values.unsqueeze(0),
            mask, length > 1 && past == 0, scale); // [1, nh, L, d]
        return at::linear(out.squeeze(0).transpose(0, 1).reshape({ length, nh * d }), layer.oWeight);
    }

    // Query head h uses KV head h / rep: group the queries per KV head instead of repeating K and V.
    // [nkv, rep * L, d] in float32.
    const at::Tensor qg = q.transpose(0, 1).reshape({ nkv, rep * length, d }).to(at::kFloat);
    at::Tensor scores = at::matmul(qg, keys.to(at::kFloat).transpose(1, 2)) * scale;
    scores = scores.view({ nkv, rep, length, total });
    if (length > 1) {
        // Query i (absolute row past + i) sees keys 0 .. past + i.
        const auto longOptions = at::TensorOptions().dtype(at::kLong).device(x.device());
        const at::Tensor rows = at::arange(past, total, longOptions).unsqueeze(1);
        const at::Tensor columns = at::arange(total, longOptions).unsqueeze(0);
        scores = scores.masked_fill(columns > rows, -std::numeric_limits<float>::infinity());
    }
    const at::Tensor probs = at::softmax(scores, -1).view({ nkv, rep * length, total });
    const at::Tensor out = at::matmul(probs, values.to(at::kFloat)) // [nkv, rep * L, d]
                               .view({ nh, length, d })
                               .transpose(0, 1)
                               .reshape({ length, nh * d })
                               .to(dtype());
    return at::linear(out, layer.oWeight);
}

at::Tensor TextDecoder::forward(const at::Tensor& x, const at::Tensor& positions, KvCache& cache,
    std::vector<at::Tensor>* hiddenStates, at::Tensor* lastPrenorm, AttentionCapture* capture) const
{
    const std::int64_t length = x.size(0);
    if (positions.dim() != 2 || positions.size(0) != 3 || positions.size(1) != length)
        throw InvalidInputError("position ids must be [3, " + std::to_string(length) + "]");
    cache.reserve(cache.length() + length);
    const auto [cos, sin] = ropeTables(positions);
    const double eps = m_config.rmsNormEps;
    at::Tensor h = x;
    for (std::size_t i = 0; i < m_weights.layers.size(); ++i) {
        if (hiddenStates)
            hiddenStates->push_back(h);
        const Layer& layer = m_weights.layers[i];
        h = h + attention(layer, i, rmsNorm(h, layer.inputNorm, eps), cos, sin, cache, capture);
        const at::Tensor normed = rmsNorm(h, layer.postNorm, eps);
        at::Tensor gated;
        if (layer.gateUpWeight.defined()) {
            const at::Tensor gateUp = at::linear(normed, layer.gateUpWeight);
            const std::int64_t inter = m_config.intermediateSize;
            gated = at::silu(gateUp.narrow(-1, 0, inter)) * gateUp.narrow(-1, inter, inter);
        } else {
            gated = at::silu(at::linear(normed, layer.gateWeight)) * at::linear(normed, layer.upWeight);
        }
        h = h + at::linear(gated, layer.downWeight);
    }
    cache.commit(length);
    if (lastPrenorm)
        *lastPrenorm = h;
    at::Tensor out = rmsNorm(h, m_weights.norm, eps);
    if (hiddenStates)
        hiddenStates->push_back(out);
    return out;
}

at::Tensor TextDecoder::logits(const at::Tensor& hidden) const
{
    return at::linear(hidden, m_weights.lmHead).to(at::kFloat);
}

KvCache TextDecoder::makeCache(std::int64_t capacity) const
{
    return KvCache(m_config.numHiddenLayers, m_config.numKeyValueHeads, m_config.headDim, capacity,
        m_weights.embedTokens.options());
}

} // namespace vlmprobe::engine
