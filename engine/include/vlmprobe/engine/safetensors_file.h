#pragma once
// One .safetensors file, memory-mapped read-only. The header is parsed and strictly validated when the file is
// opened; tensor bytes are only paged in when a caller touches TensorView::data.
//
//   auto file = SafetensorsFile::open("model.safetensors");
//   const TensorView& w = file.require("lm_head.weight");
//   std::vector<float> values = toFloat32(w);
//
// Validation (each failure is a LoadError whose message names the file and, where there is one, the tensor):
// header length past the end of the file or above 100 MB, a header that is not a UTF-8 JSON object, duplicate
// keys, an entry that is not {dtype, shape, data_offsets}, an unknown dtype, negative dims, a shape whose byte count
// overflows, data_offsets not [begin, end) with end - begin == numel * itemsize, offsets past the data buffer,
// overlapping tensors, and bytes of the data buffer that no tensor covers (the format requires the tensors to tile
// the buffer exactly). A `__metadata__` object of string values is allowed; trailing spaces in the header too.
//
// Ownership and threads: TensorView::data points into the mapping, which lives as long as this object (moves keep
// it valid). A const SafetensorsFile may be read from any number of threads.

#include "vlmprobe/engine/tensor_view.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vlmprobe::engine {

class SafetensorsFile {
public:
    // Throws LoadError naming the path (missing, unreadable, not a valid safetensors file).
    static SafetensorsFile open(const std::string& path);

    // Parses a safetensors image that already sits in memory (used by the fuzzer and by tests). The bytes are
    // borrowed, not copied: they must outlive the returned object. `label` names the source in error messages.
    static SafetensorsFile fromMemory(const std::uint8_t* bytes, std::size_t size, std::string label);

    SafetensorsFile(SafetensorsFile&&) noexcept;
    SafetensorsFile& operator=(SafetensorsFile&&) noexcept;
    SafetensorsFile(const SafetensorsFile&) = delete;
    SafetensorsFile& operator=(const SafetensorsFile&) = delete;
    ~SafetensorsFile();

    const std::string& path() const; // or the label given to fromMemory
    const std::vector<TensorView>& tensors() const; // stored names, in data-offset order
    const TensorView* find(std::string_view name) const; // nullptr when absent
    const TensorView& require(std::string_view name) const; // throws LoadError naming file and tensor
    const std::map<std::string, std::string>& metadata() const; // the `__metadata__` object, empty when absent
    std::size_t headerSize() const; // N, the JSON length (data starts at 8 + N)

private:
    struct Impl;
    explicit SafetensorsFile(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace vlmprobe::engine
