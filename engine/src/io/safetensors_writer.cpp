#include "vlmprobe/engine/safetensors_writer.h"

#include "io/atomic_file.h"
#include "vlmprobe/engine/errors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>

namespace vlmprobe::engine {

namespace {

std::uint64_t checkedByteCount(const std::string& name, DType dtype, const std::vector<std::int64_t>& shape)
{
    std::uint64_t count = 1;
    for (std::int64_t dim : shape) {
        if (dim < 0)
            throw InvalidInputError("safetensors writer: tensor '" + name + "' has a negative dimension");
        if (__builtin_mul_overflow(count, static_cast<std::uint64_t>(dim), &count))
            throw InvalidInputError("safetensors writer: tensor '" + name + "' shape overflows");
    }
    if (__builtin_mul_overflow(count, dtypeSize(dtype), &count))
        throw InvalidInputError("safetensors writer: tensor '" + name + "' shape overflows");
    return count;
}

template <typename T> void appendLittleEndian(std::vector<std::uint8_t>& out, T value)
{
    for (std::size_t i = 0; i < sizeof(T); ++i)
        out.push_back(static_cast<std::uint8_t>((value >> (8 * i)) & 0xffu));
}

} // namespace

void SafetensorsWriter::add(
    const std::string& name, DType dtype, const std::vector<std::int64_t>& shape, std::vector<std::uint8_t> bytes)
{
    if (name.empty() || name == "__metadata__")
        throw InvalidInputError("safetensors writer: invalid tensor name '" + name + "'");
    const std::uint64_t expected = checkedByteCount(name, dtype, shape);
    if (bytes.size() != expected)
        throw InvalidInputError("safetensors writer: tensor '" + name + "' has " + std::to_string(bytes.size())
            + " bytes, its shape needs " + std::to_string(expected));
    for (const Entry& entry : m_entries) {
        if (entry.name == name)
            throw InvalidInputError("safetensors writer: duplicate tensor '" + name + "'");
    }
    m_entries.push_back(Entry { name, dtype, shape, std::move(bytes) });
}

void SafetensorsWriter::addFloat32(
    const std::string& name, const std::vector<std::int64_t>& shape, const float* values, DType storeAs)
{
    const std::uint64_t count = checkedByteCount(name, DType::F32, shape) / sizeof(float);
    std::vector<std::uint8_t> bytes;
    switch (storeAs) {
    case DType::F32:
        bytes.resize(count * sizeof(float));
        if (count)
            std::memcpy(bytes.data(), values, bytes.size());
        break;
    case DType::F16:
    case DType::BF16:
        bytes.reserve(count * 2);
        for (std::uint64_t i = 0; i < count; ++i)
            appendLittleEndian(bytes, storeAs == DType::F16 ? floatToHalf(values[i]) : floatToBfloat16(values[i]));
        break;
    default:
        throw InvalidInputError(
            "safetensors writer: tensor '" + name + "' cannot be stored as " + dtypeName(storeAs) + " from float32");
    }
    add(name, storeAs, shape, std::move(bytes));
}

void SafetensorsWriter::setMetadata(const std::string& key, const std::string& value)
{
    m_metadata[key] = value;
}

std::size_t SafetensorsWriter::size() const
{
    return m_entries.size();
}

std::string SafetensorsWriter::serialize() const
{
    std::vector<const Entry*> order;
    for (const Entry& entry : m_entries)
        order.push_back(&entry);
    std::sort(order.begin(), order.end(), [](const Entry* a, const Entry* b) {
        const std::size_t sizeA = dtypeSize(a->dtype);
        const std::size_t sizeB = dtypeSize(b->dtype);
        return sizeA != sizeB ? sizeA > sizeB : a->name < b->name;
    });

    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!m_metadata.empty())
        header["__metadata__"] = m_metadata;
    std::uint64_t offset = 0;
    for (const Entry* entry : order) {
        const std::uint64_t end = offset + entry->bytes.size();
        header[entry->name]
            = { { "dtype", dtypeName(entry->dtype) }, { "shape", entry->shape }, { "data_offsets", { offset, end } } };
        offset = end;
    }
    std::string headerText = header.dump();
    headerText.append((8 - headerText.size() % 8) % 8, ' ');

    std::vector<std::uint8_t> prefix;
    appendLittleEndian(prefix, static_cast<std::uint64_t>(headerText.size()));
    std::string out(prefix.begin(), prefix.end());
    out.reserve(8 + headerText.size() + offset);
    out += headerText;
    for (const Entry* entry : order)
        out.append(reinterpret_cast<const char*>(entry->bytes.data()), entry->bytes.size());
    return out;
}

void SafetensorsWriter::write(const std::string& path) const
{
    writeFileAtomically(path, serialize());
}

} // namespace vlmprobe::engine
