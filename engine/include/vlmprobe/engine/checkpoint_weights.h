#pragma once
// The weights of a Hugging Face checkpoint folder: a single `model.safetensors`, or shards listed by
// `model.safetensors.index.json` ({"metadata": {...}, "weight_map": {tensor: shard file}}). As in transformers, the
// single file wins when both are present.
//
//   auto weights = CheckpointWeights::open("/models/Qwen2.5-VL-3B-Instruct");
//   const TensorView& q = weights.require("model.layers.0.self_attn.q_proj.weight");
//
// Names are normalised to ONE canonical layout, whichever layout the checkpoint was saved in:
//   vision tower     "visual.*"   (stored as "visual.*" or "model.visual.*")
//   language model   "model.*"    (stored as "model.*" or "model.language_model.*")
//   output head      "lm_head.weight"
// A tied checkpoint (tie_word_embeddings) usually has no lm_head.weight: callers use model.embed_tokens.weight.
//
// Errors are LoadError naming the folder or file and the tensor: no weights file, a malformed index, an index that
// names a missing shard or a tensor its shard lacks, a shard tensor the index does not list, two stored names that
// canonicalise to the same name, plus every SafetensorsFile validation.
//
// Ownership and threads: all views point into shard mappings owned by this object; a const CheckpointWeights may be
// read from any number of threads.

#include "vlmprobe/engine/tensor_view.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vlmprobe::engine {

// "model.visual.x" -> "visual.x", "model.language_model.x" -> "model.x"; other names are returned unchanged.
std::string canonicalTensorName(std::string_view storedName);

class CheckpointWeights {
public:
    static CheckpointWeights open(const std::string& directory);

    CheckpointWeights(CheckpointWeights&&) noexcept;
    CheckpointWeights& operator=(CheckpointWeights&&) noexcept;
    CheckpointWeights(const CheckpointWeights&) = delete;
    CheckpointWeights& operator=(const CheckpointWeights&) = delete;
    ~CheckpointWeights();

    const std::string& directory() const;
    const TensorView* find(std::string_view canonicalName) const; // nullptr when absent; view name is canonical
    const TensorView& require(std::string_view canonicalName) const; // throws LoadError naming folder and tensor
    bool contains(std::string_view canonicalName) const;
    std::vector<std::string> names() const; // canonical names, sorted
    std::size_t size() const; // number of tensors
    std::string storedName(std::string_view canonicalName) const; // the name in the file; empty when absent
    std::vector<std::string> shardPaths() const; // the files opened, sorted by file name
    std::uint64_t totalBytes() const; // sum of all tensor byte sizes

private:
    struct Impl;
    explicit CheckpointWeights(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace vlmprobe::engine
