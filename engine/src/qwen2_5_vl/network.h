#pragma once
// A loaded Qwen2.5-VL network: the resolved config, the vision tower and the text decoder, with weights on one
// device in one compute dtype. Built from a checkpoint folder or from random weights (benchmarks, make-tiny).
//
// Ownership and threads: immutable once built; shared read-only by every session (std::shared_ptr<const Network>).

#include "text_decoder.h"
#include "vision_tower.h"

#include "vlmprobe/engine/checkpoint_config.h"

#include <ATen/ATen.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace vlmprobe::engine {

class Network {
public:
    // Returns the tensor stored under a canonical name (visual.*, model.*, lm_head.weight), already checked to have
    // `shape`, on the target device and dtype.
    using TensorSource = std::function<at::Tensor(const std::string& name, const std::vector<std::int64_t>& shape)>;

    // Throws LoadError for an unsupported model_type, a missing or wrong-shaped tensor.
    static std::shared_ptr<const Network> load(
        const std::string& directory, const ModelConfig& config, at::Device device, at::ScalarType dtype);
    // Deterministic random weights of the right scales (for benchmarks and tiny test checkpoints).
    static std::shared_ptr<const Network> random(
        const ModelConfig& config, at::Device device, at::ScalarType dtype, std::uint64_t seed);
    static std::shared_ptr<const Network> build(const ModelConfig& config, const TensorSource& source);

    // Every tensor of a checkpoint of this config, canonical name -> shape, in a stable order. Omits lm_head.weight
    // when the embeddings are tied.
    static std::vector<std::pair<std::string, std::vector<std::int64_t>>> tensorShapes(const ModelConfig& config);

    const ModelConfig& config() const { return m_config; }
    const VisionTower& vision() const { return *m_vision; }
    const TextDecoder& text() const { return *m_text; }

private:
    Network(ModelConfig config, std::unique_ptr<VisionTower> vision, std::unique_ptr<TextDecoder> text);

    ModelConfig m_config;
    std::unique_ptr<VisionTower> m_vision;
    std::unique_ptr<TextDecoder> m_text;
};

} // namespace vlmprobe::engine
