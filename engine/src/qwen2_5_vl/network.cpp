#include "network.h"

#include "vlmprobe/engine/checkpoint_weights.h"
#include "vlmprobe/engine/errors.h"

#include <ATen/Context.h>

#include <cstring>
#include <map>

namespace vlmprobe::engine {

namespace {

using Shape = std::vector<std::int64_t>;

std::string shapeText(const Shape& shape)
{
    std::string s;
    for (const std::int64_t d : shape)
        s += (s.empty() ? "" : ", ") + std::to_string(d);
    return "[" + s + "]";
}

// The stored tensor as a CPU tensor of its own float type (one copy out of the mapping: the data may be unaligned).
at::Tensor fromView(const TensorView& view)
{
    at::ScalarType type;
    switch (view.dtype) {
    case DType::F32:
        type = at::kFloat;
        break;
    case DType::BF16:
        type = at::kBFloat16;
        break;
    case DType::F16:
        type = at::kHalf;
        break;
    default: {
        at::Tensor t = at::empty(view.shape, at::TensorOptions().dtype(at::kFloat));
        toFloat32(view, t.data_ptr<float>());
        return t;
    }
    }
    at::Tensor t = at::empty(view.shape, at::TensorOptions().dtype(type));
    if (view.byteSize > 0)
        std::memcpy(t.data_ptr(), view.data, view.byteSize);
    return t;
}

} // namespace

Network::Network(ModelConfig config, std::unique_ptr<VisionTower> vision, std::unique_ptr<TextDecoder> text)
    : m_config(std::move(config))
    , m_vision(std::move(vision))
    , m_text(std::move(text))
{
}

std::vector<std::pair<std::string, Shape>> Network::tensorShapes(const ModelConfig& config)
{
    const VisionConfig& vc = config.vision;
    const TextConfig& tc = config.text;
    const std::int64_t v = vc.hiddenSize;
    const std::int64_t vi = vc.intermediateSize;
    const std::int64_t merged = v * vc.spatialMergeSize * vc.spatialMergeSize;
    std::vector<std::pair<std::string, Shape>> out;
    out.push_back(
        { "visual.patch_embed.proj.weight", { v, vc.inChannels, vc.temporalPatchSize, vc.patchSize, vc.patchSize } });
    for (int i = 0; i < vc.depth; ++i) {
        const std::string p = "visual.blocks." + std::to_string(i) + ".";
        out.push_back({ p + "norm1.weight", { v } });
        out.push_back({ p + "norm2.weight", { v } });
        out.push_back({ p + "attn.qkv.weight", { 3 * v, v } });
        out.push_back({ p + "attn.qkv.bias", { 3 * v } });
        out.push_back({ p + "attn.proj.weight", { v, v } });
        out.push_back({ p + "attn.proj.bias", { v } });
        out.push_back({ p + "mlp.gate_proj.weight", { vi, v } });
        out.push_back({ p + "mlp.gate_proj.bias", { vi } });
        out.push_back({ p + "mlp.up_proj.weight", { vi, v } });
        out.push_back({ p + "mlp.up_proj.bias", { vi } });
        out.push_back({ p + "mlp.down_proj.weight", { v, vi } });
        out.push_back({ p + "mlp.down_proj.bias", { v } });
    }
    out.push_back({ "visual.merger.ln_q.weight", { v } });
    out.push_back({ "visual.merger.mlp.0.weight", { merged, merged } });
    out.push_back({ "visual.merger.mlp.0.bias", { merged } });
    out.push_back({ "visual.merger.mlp.2.weight", { vc.outHiddenSize, merged } });
    out.push_back({ "visual.merger.mlp.2.bias", { vc.outHiddenSize } });

    const std::int64_t h = tc.hiddenSize;
    const std::int64_t q = std::int64_t(tc.numAttentionHeads) * tc.headDim;
    const std::int64_t kv = std::int64_t(tc.numKeyValueHeads) * tc.headDim;
    out.push_back({ "model.embed_tokens.weight", { tc.vocabSize, h } });
    for (int i = 0; i < tc.numHiddenLayers; ++i) {
        const std::string p = "model.layers." + std::to_string(i) + ".";
        out.push_back({ p + "input_layernorm.weight", { h } });
        out.push_back({ p + "self_attn.q_proj.weight", { q, h } });
        out.push_back({ p + "self_attn.q_proj.bias", { q } });
        out.push_back({ p + "self_attn.k_proj.weight", { kv, h } });
        out.push_back({ p + "self_attn.k_proj.bias", { kv } });
        out.push_back({ p + "self_attn.v_proj.weight", { kv, h } });
        out.push_back({ p + "self_attn.v_proj.bias", { kv } });
        out.push_back({ p + "self_attn.o_proj.weight", { h, q } });
        out.push_back({ p + "post_attention_layernorm.weight", { h } });
        out.push_back({ p + "mlp.gate_proj.weight", { tc.intermediateSize, h } });
        out.push_back({ p + "mlp.up_proj.weight", { tc.intermediateSize, h } });
        out.push_back({ p + "mlp.down_proj.weight", { h, tc.intermediateSize } });
    }
    out.push_back({ "model.norm.weight", { h } });
    if (!config.tieWordEmbeddings)
        out.push_back({ "lm_head.weight", { tc.vocabSize, h } });
    return out;
}

std::shared_ptr<const Network> Network::build(const ModelConfig& config, const TensorSource& source)
{
    if (config.modelType != "qwen2_5_vl")
        throw LoadError("model_type '" + config.modelType + "' is not supported (this engine runs qwen2_5_vl)");
    const VisionConfig& vc = config.vision;
    const TextConfig& tc = config.text;
    if (vc.outHiddenSize != tc.hiddenSize)
        throw LoadError("vision out_hidden_size " + std::to_string(vc.outHiddenSize)
            + " differs from the text hidden_size " + std::to_string(tc.hiddenSize));
    std::map<std::string, Shape> shapes;
    for (auto& [name, shape] : tensorShapes(config))
        shapes.emplace(name, shape);
    auto get = [&](const std::string& name) { return source(name, shapes.at(name)); };

    VisionTower::Weights vw;
    vw.patchEmbed = get("visual.patch_embed.proj.weight").reshape({ vc.hiddenSize, -1 });
    for (int i = 0; i < vc.depth; ++i) {
        const std::string p = "visual.blocks." + std::to_string(i) + ".";
        VisionTower::Block b;
        b.norm1 = get(p + "norm1.weight");
        b.norm2 = get(p + "norm2.weight");
        b.qkvWeight = get(p + "attn.qkv.weight");
        b.qkvBias = get(p + "attn.qkv.bias");
        b.projWeight = get(p + "attn.proj.weight");
        b.projBias = get(p + "attn.proj.bias");
        b.gateWeight = get(p + "mlp.gate_proj.weight");
        b.gateBias = get(p + "mlp.gate_proj.bias");
        b.upWeight = get(p + "mlp.up_proj.weight");
        b.upBias = get(p + "mlp.up_proj.bias");
        b.downWeight = get(p + "mlp.down_proj.weight");
        b.downBias = get(p + "mlp.down_proj.bias");
        vw.blocks.push_back(std::move(b));
    }
    vw.mergerNorm = get("visual.merger.ln_q.weight");
    vw.mergerFc1Weight = get("visual.merger.mlp.0.weight");
    vw.mergerFc1Bias = get("visual.merger.mlp.0.bias");
    vw.mergerFc2Weight = get("visual.merger.mlp.2.weight");
    vw.mergerFc2Bias = get("visual.merger.mlp.2.bias");

    TextDecoder::Weights tw;
    tw.embedTokens = get("model.embed_tokens.weight");
    for (int i = 0; i < tc.numHiddenLayers; ++i) {
        const std::string p = "model.layers." + std::to_string(i) + ".";
        TextDecoder::Layer l;
        l.inputNorm = get(p + "input_layernorm.weight");
        l.qWeight = get(p + "self_attn.q_proj.weight");
        l.qBias = get(p + "self_attn.q_proj.bias");
        l.kWeight = get(p + "self_attn.k_proj.weight");
        l.kBias = get(p + "self_attn.k_proj.bias");
        l.vWeight = get(p + "self_attn.v_proj.weight");
        l.vBias = get(p + "self_attn.v_proj.bias");
        l.oWeight = get(p + "self_attn.o_proj.weight");
        l.postNorm = get(p + "post_attention_layernorm.weight");
        l.gateWeight = get(p + "mlp.gate_proj.weight");
        l.upWeight = get(p + "mlp.up_proj.weight");
        l.downWeight = get(p + "mlp.down_proj.weight");
        tw.layers.push_back(std::move(l));
    }
    tw.norm = get("model.norm.weight");
    tw.lmHead = config.tieWordEmbeddings ? tw.embedTokens : get("lm_head.weight");

    auto vision = std::make_unique<VisionTower>(vc, std::move(vw));
    auto text = std::make_unique<TextDecoder>(tc, std::move(tw));
    return std::shared_ptr<const Network>(new Network(config, std::move(vision), std::move(text)));
}

std::shared_ptr<const Network> Network::load(
    const std::string& directory, const ModelConfig& config, at::Device device, at::ScalarType dtype)
{
    const CheckpointWeights weights = CheckpointWeights::open(directory);
    return build(config, [&](const std::string& name, const Shape& shape) {
        const TensorView& view = weights.require(name);
        if (view.shape != shape)
            throw LoadError("tensor " + name + " in " + directory + " has shape " + shapeText(view.shape)
                + ", the config needs " + shapeText(shape));
        return fromView(view).to(device, dtype);
    });
}

std::shared_ptr<const Network> Network::random(
    const ModelConfig& config, at::Device device, at::ScalarType dtype, std::uint64_t seed)
{
    at::manual_seed(seed);
    return build(config, [&](const std::string& name, const Shape& shape) {
        const auto options = at::TensorOptions().dtype(at::kFloat).device(device);
        const bool isNorm = name.find("norm") != std::string::npos || name.find("ln_q") != std::string::npos;
        if (isNorm)
            return at::ones(shape, options).to(dtype);
        // Weights ~ N(0, 0.02) as transformers initialises them; biases small.
        const double scale = name.size() > 5 && name.compare(name.size() - 5, 5, ".bias") == 0 ? 0.01 : 0.02;
        return (at::randn(shape, options) * scale).to(dtype);
    });
}

} // namespace vlmprobe::engine
