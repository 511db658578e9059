#pragma once
// A loaded Qwen2.5-VL checkpoint: immutable weights on one device, shared by every Session that runs it.
//
//   auto model = Model::load("/models/Qwen2.5-VL-3B-Instruct", { Device::Cpu, Precision::Float32 });
//   Session session(model);
//   session.append(ids, images);
//   GenerationResult r = session.generate(GenerationOptions::fromConfig(model->generationConfig()));
//
// Threads: a const Model may be used by any number of sessions on any threads; torch's intra-op thread pool is
// process-wide (set from LoadOptions::threads at load). Errors: LoadError for a missing, unsupported or
// inconsistent checkpoint; EngineError when the device is unavailable or out of memory.

#include "vlmprobe/engine/checkpoint_config.h"
#include "vlmprobe/engine/float_array.h"
#include "vlmprobe/engine/vision_input.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace vlmprobe::engine {

enum class Device { Cpu, Cuda };
// Compute dtype of weights, activations and KV cache. Auto: Float32 on the CPU, BFloat16 on CUDA.
enum class Precision { Auto, Float32, BFloat16, Float16 };

struct LoadOptions {
    Device device = Device::Cpu;
    Precision precision = Precision::Auto;
    int threads = 0; // torch intra-op threads; 0 = every hardware thread
};

// Parses "cpu" / "cuda" and "f32" / "bf16" / "f16" / "auto"; throws InvalidInputError otherwise.
Device parseDevice(const std::string& text);
Precision parsePrecision(const std::string& text);
bool cudaAvailable();

// Every tensor a Qwen2.5-VL checkpoint of `config` holds, canonical name (visual.*, model.*, lm_head.weight) ->
// shape, in a stable order; lm_head.weight is omitted when the embeddings are tied.
std::vector<std::pair<std::string, std::vector<std::int64_t>>> checkpointTensorShapes(const ModelConfig& config);

class Model {
public:
    // Reads config.json, generation_config.json and the safetensors weights of `directory`.
    static std::shared_ptr<const Model> load(const std::string& directory, const LoadOptions& options = {});
    // Random weights (N(0, 0.02), unit norms) for `config`, seeded: benchmarks without a download.
    static std::shared_ptr<const Model> createRandom(
        const ModelConfig& config, const LoadOptions& options, std::uint64_t seed = 0);

    ~Model();
    Model(const Model&) = delete;
    Model& operator=(const Model&) = delete;

    const std::string& directory() const; // empty for random models
    const ModelConfig& config() const;
    const GenerationConfig& generationConfig() const;
    Device device() const;
    Precision precision() const; // resolved, never Auto

    // The vision tower alone: image embeddings [sum of merged units, hidden] in natural order (float32).
    // Polls `stop` between vision blocks (throws Cancelled).
    FloatArray encodeImages(const std::vector<VisionInput>& images, const std::atomic<bool>* stop = nullptr) const;

    struct Impl;
    const Impl& impl() const { return *m_impl; }

private:
    explicit Model(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace vlmprobe::engine
