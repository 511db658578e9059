#pragma once
// Reads a Hugging Face tokenizer.json into the tokenizer's loaded state, checking that it describes what the
// engine implements: a byte-level BPE model, an NFC normalizer (or none), the Qwen2 pre-tokenizer and the
// ByteLevel decoder. Post-processor, truncation and padding blocks are ignored (encode adds no template tokens).

#include "vlmprobe/engine/tokenizer.h"

#include <memory>
#include <string>

namespace vlmprobe::engine {

// path: the tokenizer.json, or a folder holding one. Throws LoadError naming the file and the problem.
std::shared_ptr<const Tokenizer::Impl> loadTokenizerJson(const std::string& path);

} // namespace vlmprobe::engine
