#include "vlmprobe/engine/dtype.h"

#include <array>
#include <cmath>
#include <cstring>

namespace vlmprobe::engine {

namespace {

struct DTypeInfo {
    DType dtype;
    const char* name;
    std::size_t size;
};

constexpr std::array<DTypeInfo, 15> kDTypes { {
    { DType::Bool, "BOOL", 1 },
    { DType::U8, "U8", 1 },
    { DType::I8, "I8", 1 },
    { DType::I16, "I16", 2 },
    { DType::U16, "U16", 2 },
    { DType::I32, "I32", 4 },
    { DType::U32, "U32", 4 },
    { DType::I64, "I64", 8 },
    { DType::U64, "U64", 8 },
    { DType::F16, "F16", 2 },
    { DType::BF16, "BF16", 2 },
    { DType::F32, "F32", 4 },
    { DType::F64, "F64", 8 },
    { DType::F8_E4M3, "F8_E4M3", 1 },
    { DType::F8_E5M2, "F8_E5M2", 1 },
} };

const DTypeInfo& info(DType dtype)
{
    const auto index = static_cast<std::size_t>(dtype);
    return kDTypes[index < kDTypes.size() ? index : 0];
}

float fromBits(std::uint32_t bits)
{
    float value;
    std::memcpy(&value, &bits, sizeof(value));
    return value;
}

std::uint32_t toBits(float value)
{
    std::uint32_t bits;
    std::memcpy(&bits, &value, sizeof(bits));
    return bits;
}

} // namespace

std::size_t dtypeSize(DType dtype)
{
    return info(dtype).size;
}

const char* dtypeName(DType dtype)
{
    return info(dtype).name;
}

std::optional<DType> dtypeFromName(std::string_view name)
{
    for (const DTypeInfo& entry : kDTypes) {
        if (name == entry.name)
            return entry.dtype;
    }
    return std::nullopt;
}

bool isFloatingPoint(DType dtype)
{
    switch (dtype) {
    case DType::F16:
    case DType::BF16:
    case DType::F32:
    case DType::F64:
    case DType::F8_E4M3:
    case DType::F8_E5M2:
        return true;
    default:
        return false;
    }
}

float halfToFloat(std::uint16_t bits)
{
    const std::uint32_t sign = static_cast<std::uint32_t>(bits & 0x8000u) << 16;
    const std::uint32_t exponent = (bits >> 10) & 0x1fu;
    const std::uint32_t mantissa = bits & 0x3ffu;
    if (exponent == 0x1f)
        return fromBits(sign | 0x7f800000u | (mantissa << 13));
    if (exponent == 0) {
        // Zero or subnormal: mantissa * 2^-24 is exact in float32.
        const float magnitude = std::ldexp(static_cast<float>(mantissa), -24);
        return sign ? -magnitude : magnitude;
    }
    return fromBits(sign | ((exponent + 112u) << 23) | (mantissa << 13));
}

float bfloat16ToFloat(std::uint16_t bits)
{
    return fromBits(static_cast<std::uint32_t>(bits) << 16);
}

float float8E4M3ToFloat(std::uint8_t bits)
{
    const bool negative = (bits & 0x80u) != 0;
    const int exponent = (bits >> 3) & 0xf;
    const int mantissa = bits & 0x7;
    float magnitude;
    if (exponent == 0xf && mantissa == 0x7)
        magnitude = std::nanf("");
    else if (exponent == 0)
        magnitude = std::ldexp(static_cast<float>(mantissa), -9); // subnormal: m/8 * 2^-6
    else
        magnitude = std::ldexp(static_cast<float>(8 + mantissa), exponent - 10); // (1 + m/8) * 2^(e-7)
    return negative ? -magnitude : magnitude;
}

float float8E5M2ToFloat(std::uint8_t bits)
{
    // E5M2 is the upper byte of an IEEE binary16.
    return halfToFloat(static_cast<std::uint16_t>(bits << 8));
}

std::uint16_t floatToHalf(float value)
{
    const std::uint32_t bits = toBits(value);
    const auto sign = static_cast<std::uint16_t>((bits >> 16) & 0x8000u);
    const std::uint32_t magnitude = bits & 0x7fffffffu;
    if (magnitude > 0x7f800000u)
        return static_cast<std::uint16_t>(sign | 0x7e00u);
    if (magnitude >= 0x47800000u) // >= 2^16 (and infinity): beyond the largest finite half after rounding
        return static_cast<std::uint16_t>(sign | 0x7c00u);
    if (magnitude < 0x38800000u) {
        // Below 2^-14: a half subnormal, in units of 2^-24. Scaling by 2^24 is exact; nearbyint rounds half to even
        // under the default rounding mode. A result of 1024 is the smallest normal, whose encoding is also 1024.
        const float scaled = fromBits(magnitude) * 16777216.0f;
        return static_cast<std::uint16_t>(sign | static_cast<std::uint16_t>(std::nearbyint(scaled)));
    }
    const std::uint32_t exponent = (magnitude >> 23) - 112u;
    const std::uint32_t mantissa = magnitude & 0x7fffffu;
    std::uint32_t half = (exponent << 10) | (mantissa >> 13);
    const std::uint32_t rest = mantissa & 0x1fffu;
    if (rest > 0x1000u || (rest == 0x1000u && (half & 1u)))
        ++half; // a carry into the exponent is the correct rounding (up to infinity at 65520)
    return static_cast<std::uint16_t>(sign | half);
}

std::uint16_t floatToBfloat16(float value)
{
    const std::uint32_t bits = toBits(value);
    if ((bits & 0x7fffffffu) > 0x7f800000u)
        return static_cast<std::uint16_t>(((bits >> 16) & 0x8000u) | 0x7fc0u);
    const std::uint32_t roundingBias = 0x7fffu + ((bits >> 16) & 1u);
    return static_cast<std::uint16_t>((bits + roundingBias) >> 16);
}

} // namespace vlmprobe::engine
