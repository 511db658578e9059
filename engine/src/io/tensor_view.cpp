#include "vlmprobe/engine/tensor_view.h"

#include "vlmprobe/engine/errors.h"

#include <bit>
#include <cstring>

namespace vlmprobe::engine {

// safetensors data is little-endian; the conversions below reinterpret it in host order.
static_assert(std::endian::native == std::endian::little, "big-endian hosts are not supported");

namespace {

template <typename T> T load(const std::uint8_t* p)
{
    T value;
    std::memcpy(&value, p, sizeof(T));
    return value;
}

template <typename T, typename Convert>
void convertAll(const std::uint8_t* data, std::size_t count, float* out, Convert convert)
{
    for (std::size_t i = 0; i < count; ++i)
        out[i] = convert(load<T>(data + i * sizeof(T)));
}

template <typename T> void castAll(const std::uint8_t* data, std::size_t count, float* out)
{
    convertAll<T>(data, count, out, [](T v) { return static_cast<float>(v); });
}

} // namespace

std::int64_t TensorView::numel() const
{
    std::int64_t count = 1;
    for (std::int64_t dim : shape)
        count *= dim;
    return count;
}

void toFloat32(const TensorView& tensor, float* out)
{
    const auto count = static_cast<std::size_t>(tensor.numel());
    if (count * dtypeSize(tensor.dtype) != tensor.byteSize)
        throw InvalidInputError("tensor '" + tensor.name + "': byte size does not match its shape");
    const std::uint8_t* data = tensor.data;
    switch (tensor.dtype) {
    case DType::F32:
        if (count)
            std::memcpy(out, data, count * sizeof(float));
        return;
    case DType::F64:
        return castAll<double>(data, count, out);
    case DType::F16:
        return convertAll<std::uint16_t>(data, count, out, halfToFloat);
    case DType::BF16:
        return convertAll<std::uint16_t>(data, count, out, bfloat16ToFloat);
    case DType::F8_E4M3:
        return convertAll<std::uint8_t>(data, count, out, float8E4M3ToFloat);
    case DType::F8_E5M2:
        return convertAll<std::uint8_t>(data, count, out, float8E5M2ToFloat);
    case DType::Bool:
        return convertAll<std::uint8_t>(data, count, out, [](std::uint8_t v) { return v ? 1.0f : 0.0f; });
    case DType::U8:
        return castAll<std::uint8_t>(data, count, out);
    case DType::I8:
        return castAll<std::int8_t>(data, count, out);
    case DType::I16:
        return castAll<std::int16_t>(data, count, out);
    case DType::U16:
        return castAll<std::uint16_t>(data, count, out);
    case DType::I32:
        return castAll<std::int32_t>(data, count, out);
    case DType::U32:
        return castAll<std::uint32_t>(data, count, out);
    case DType::I64:
        return castAll<std::int64_t>(data, count, out);
    case DType::U64:
        return castAll<std::uint64_t>(data, count, out);
    }
    throw InvalidInputError("tensor '" + tensor.name + "': unknown dtype");
}

std::vector<float> toFloat32(const TensorView& tensor)
{
    std::vector<float> out(static_cast<std::size_t>(tensor.numel()));
    toFloat32(tensor, out.data());
    return out;
}

} // namespace vlmprobe::engine
