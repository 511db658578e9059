#pragma once
// The Qwen2 decoder of Qwen2.5-VL (qwen25vl.md §4): token embedding, L layers of (RMSNorm, GQA attention with q/k/v
// bias and M-RoPE, RMSNorm, SwiGLU MLP), final RMSNorm, lm_head (tied or separate).
//
// Numerics: cos/sin in float32 cast to the compute dtype, the rotation in the compute dtype, attention scores and
// softmax in float32 with only the output rounded (qwen25vl.md §8).
// Ownership and threads: immutable after construction; const methods may run concurrently on different caches.

#include "kv_cache.h"

#include "vlmprobe/engine/checkpoint_config.h"

#include <ATen/ATen.h>

#include <vector>

namespace vlmprobe::engine {

class TextDecoder {
public:
    struct Layer {
        at::Tensor inputNorm; // [H]
        at::Tensor qWeight, qBias; // [nh*d, H], [nh*d]
        at::Tensor kWeight, kBias; // [nkv*d, H], [nkv*d]
        at::Tensor vWeight, vBias; // [nkv*d, H], [nkv*d]
        at::Tensor oWeight; // [H, nh*d]
        at::Tensor postNorm; // [H]
        at::Tensor gateWeight, upWeight; // [I, H]
        at::Tensor downWeight; // [H, I]
        // On a GPU the projections that read the same input are fused into one GEMM each (fewer kernel launches
        // per decode step, which is host-bound); q/k/v and gate/up then become views into these. Undefined on the CPU.
        at::Tensor qkvWeight, qkvBias; // [(nh + 2 nkv) d, H], [(nh + 2 nkv) d]
        at::Tensor gateUpWeight; // [2 I, H]
    };
    struct Weights {
        at::Tensor embedTokens; // [V, H]
        std::vector<Layer> layers;
        at::Tensor norm; // [H]
        at::Tensor lmHead; // [V, H]; the same tensor as embedTokens when tied
    };

    // The attention read-out: for the LAST query row of a forward pass, its attention probabilities over every key
    // [T] (float32), averaged over all heads, summed over the chosen layers. Computed explicitly in float32 (also
    // when the fused kernels run, which do not expose probabilities), only for the chosen layers.
    struct AttentionCapture {
        std::vector<std::size_t> layers;
        at::Tensor sum; // [T] float32, undefined until a chosen layer ran
    };

    // Throws LoadError when a weight's shape does not fit the config.
    TextDecoder(const TextConfig& config, Weights weights);

    // ids -> [L, H] in the compute dtype. Throws InvalidInputError for an id outside the vocabulary.
    at::Tensor embed(const std::vector<std::int32_t>& ids) const;

    // Runs x [L, H] at positions [3, L] (t, h, w; long) after the cache's rows, appending L rows to `cache`.
    // Returns the final-normed hidden states [L, H]. When `hiddenStates` is given it receives transformers'
    // output_hidden_states (the input, each layer's output but the last, then the normed output).
    at::Tensor forward(const at::Tensor& x, const at::Tensor& positions, KvCache& cache,
        std::vector<at::Tensor>* hiddenStates = nullptr, at::Tensor* lastPrenorm = nullptr,
        AttentionCapture* capture = nullptr) const;

    at::Tensor logits(const at::Tensor& hidden) const; // [L, H] -> [L, V] float32

    KvCache makeCache(std::int64_t capacity) const;
    const TextConfig& config() const { return m_config; }
    at::ScalarType dtype() const { return m_weights.embedTokens.scalar_type(); }
    at::Device device() const { return m_weights.embedTokens.device(); }

private:
    std::pair<at::Tensor, at::Tensor> ropeTables(const at::Tensor& positions) const; // [L, 1, d] each
    at::Tensor attention(const Layer& layer, std::size_t index, const at::Tensor& x, const at::Tensor& cos,
        const at::Tensor& sin, KvCache& cache, AttentionCapture* capture) const;

    TextConfig m_config;
    Weights m_weights;
    at::Tensor m_invFreq; // [d/2] float32
    at::Tensor m_axisOfFreq; // [d/2] long: 0 = t, 1 = h, 2 = w (mrope_section)
};

} // namespace vlmprobe::engine
