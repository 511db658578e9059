#pragma once
// Parsing and strict validation of a safetensors image (8-byte length, JSON header, data buffer). Internal: the
// public entry points are SafetensorsFile::open and SafetensorsFile::fromMemory.

#include "vlmprobe/engine/tensor_view.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace vlmprobe::engine {

struct SafetensorsLayout {
    std::vector<TensorView> tensors; // stored names, sorted by data offset; views point into `bytes`
    std::map<std::string, std::string> metadata; // `__metadata__`
    std::size_t headerSize = 0; // N; the data buffer starts at 8 + N
};

// The largest header accepted (the limit of the reference implementation): anything bigger is corrupt or hostile.
inline constexpr std::uint64_t kMaxSafetensorsHeaderSize = 100'000'000;

// `bytes` is the whole file image (it may be nullptr when size is 0). Throws LoadError "<source>: ..." naming the
// tensor at fault. Never reads outside [bytes, bytes + size).
SafetensorsLayout parseSafetensorsLayout(const std::uint8_t* bytes, std::size_t size, const std::string& source);

} // namespace vlmprobe::engine
