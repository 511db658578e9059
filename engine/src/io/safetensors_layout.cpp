#include "io/safetensors_layout.h"

#include "io/json_parsing.h"
#include "vlmprobe/engine/errors.h"

#include <algorithm>
#include <limits>

namespace vlmprobe::engine {

namespace {

// Names in messages are truncated and stripped of control characters: a hostile header may hold megabyte-long or
// multi-line keys.
std::string quoted(const std::string& name)
{
    return "'" + json::printable(name) + "'";
}

class EntryChecker {
public:
    EntryChecker(const std::string& source, const std::string& name)
        : m_prefix(source + ": tensor " + quoted(name) + ": ")
    {
    }

    [[noreturn]] void fail(const std::string& problem) const { throw LoadError(m_prefix + problem); }

    std::uint64_t nonNegative(const nlohmann::json& value, const char* what) const
    {
        if (value.is_number_unsigned()) {
            const auto v = value.get<std::uint64_t>();
            if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                fail(std::string(what) + " is out of range");
            return v;
        }
        if (value.is_number_integer())
            fail(std::string(what) + " is negative");
        fail(std::string(what) + " is not an integer");
    }

private:
    std::string m_prefix;
};

std::map<std::string, std::string> readMetadata(const nlohmann::json& value, const std::string& source)
{
    std::map<std::string, std::string> metadata;
    if (value.is_null())
        return metadata;
    if (!value.is_object())
        throw LoadError(source + ": __metadata__ is not an object");
    for (const auto& [key, item] : value.items()) {
        if (!item.is_string())
            throw LoadError(source + ": __metadata__ value " + quoted(key) + " is not a string");
        metadata.emplace(key, item.get<std::string>());
    }
    return metadata;
}

struct Placed {
    TensorView view;
    std::uint64_t begin;
    std::uint64_t end;
};

Placed readEntry(const std::string& name, const nlohmann::json& entry, const std::uint8_t* dataStart,
    std::uint64_t dataSize, const std::string& source)
{
    const EntryChecker check(source, name);
    if (!entry.is_object())
        check.fail("entry is not an object");
    if (!entry.contains("dtype") || !entry.contains("shape") || !entry.contains("data_offsets"))
        check.fail("entry lacks dtype, shape or data_offsets");
    const nlohmann::json& dtypeValue = entry.at("dtype");
    const nlohmann::json& shapeValue = entry.at("shape");
    const nlohmann::json& offsetsValue = entry.at("data_offsets");
    if (!dtypeValue.is_string())
        check.fail("dtype is not a string");
    const std::optional<DType> dtype = dtypeFromName(dtypeValue.get_ref<const std::string&>());
    if (!dtype)
        check.fail("unknown dtype " + quoted(dtypeValue.get<std::string>()));
    if (!shapeValue.is_array())
        check.fail("shape is not a list");
    if (!offsetsValue.is_array() || offsetsValue.size() != 2)
        check.fail("data_offsets is not a [begin, end] pair");

    Placed placed { {}, 0, 0 };
    std::uint64_t numel = 1;
    bool overflow = false;
    for (const nlohmann::json& dim : shapeValue) {
        const std::uint64_t extent = check.nonNegative(dim, "a shape dimension");
        overflow = overflow || __builtin_mul_overflow(numel, extent, &numel);
        placed.view.shape.push_back(static_cast<std::int64_t>(extent));
    }
    std::uint64_t byteCount = 0;
    if (overflow || __builtin_mul_overflow(numel, dtypeSize(*dtype), &byteCount)
        || numel > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        check.fail("shape overflows");
    placed.begin = check.nonNegative(offsetsValue[0], "data_offsets begin");
    placed.end = check.nonNegative(offsetsValue[1], "data_offsets end");
    if (placed.end < placed.begin)
        check.fail("data_offsets end precedes begin");
    if (placed.end - placed.begin != byteCount)
        check.fail("data_offsets span " + std::to_string(placed.end - placed.begin) + " bytes but " + dtypeName(*dtype)
            + " shape needs " + std::to_string(byteCount));
    if (placed.end > dataSize)
        check.fail("data_offsets [" + std::to_string(placed.begin) + ", " + std::to_string(placed.end)
            + ") run past the data buffer (" + std::to_string(dataSize) + " bytes)");

    placed.view.name = name;
    placed.view.dtype = *dtype;
    placed.view.data = dataStart + placed.begin;
    placed.view.byteSize = static_cast<std::size_t>(byteCount);
    return placed;
}

} // namespace

SafetensorsLayout parseSafetensorsLayout(const std::uint8_t* bytes, std::size_t size, const std::string& source)
{
    if (size < 8)
        throw LoadError(source + ": too small to be a safetensors file (" + std::to_string(size) + " bytes)");
    std::uint64_t headerSize = 0;
    for (int i = 7; i >= 0; --i)
        headerSize = (headerSize << 8) | bytes[i];
    if (headerSize > kMaxSafetensorsHeaderSize)
        throw LoadError(source + ": header length " + std::to_string(headerSize) + " is implausibly large");
    if (headerSize > size - 8)
        throw LoadError(source + ": header length " + std::to_string(headerSize) + " runs past the end of the file ("
            + std::to_string(size) + " bytes)");
    const std::string_view text(reinterpret_cast<const char*>(bytes + 8), static_cast<std::size_t>(headerSize));
    if (text.empty() || text.front() != '{')
        throw LoadError(source + ": header is not a JSON object");

    // Root object at depth 0, entries at 1, their shape/data_offsets lists at 2: nothing deeper is legal.
    const nlohmann::json header = json::parse(text, source, { .rejectDuplicateKeys = true, .maxDepth = 2 });
    if (!header.is_object())
        throw LoadError(source + ": header is not a JSON object");

    SafetensorsLayout layout;
    layout.headerSize = static_cast<std::size_t>(headerSize);
    const std::uint8_t* dataStart = bytes + 8 + headerSize;
    const std::uint64_t dataSize = size - 8 - headerSize;

    std::vector<Placed> placed;
    placed.reserve(header.size());
    for (const auto& [name, entry] : header.items()) {
        if (name == "__metadata__")
            layout.metadata = readMetadata(entry, source);
        else
            placed.push_back(readEntry(name, entry, dataStart, dataSize, source));
    }

    // The tensors must tile the data buffer exactly: no overlap, no hole, no trailing bytes.
    std::stable_sort(placed.begin(), placed.end(),
        [](const Placed& a, const Placed& b) { return a.begin != b.begin ? a.begin < b.begin : a.end < b.end; });
    std::uint64_t cursor = 0;
    const Placed* previous = nullptr;
    for (const Placed& tensor : placed) {
        if (tensor.begin < cursor)
            throw LoadError(source + ": tensor " + quoted(tensor.view.name) + ": data overlaps tensor "
                + quoted(previous->view.name));
        if (tensor.begin > cursor)
            throw LoadError(source + ": tensor " + quoted(tensor.view.name) + ": data buffer bytes ["
                + std::to_string(cursor) + ", " + std::to_string(tensor.begin) + ") before it belong to no tensor");
        cursor = tensor.end;
        previous = &tensor;
    }
    if (cursor != dataSize)
        throw LoadError(source + ": data buffer has " + std::to_string(dataSize - cursor)
            + " trailing bytes that belong to no tensor");

    layout.tensors.reserve(placed.size());
    for (Placed& tensor : placed)
        layout.tensors.push_back(std::move(tensor.view));
    return layout;
}

} // namespace vlmprobe::engine
