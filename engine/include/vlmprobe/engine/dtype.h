#pragma once
// Element types of safetensors files, with the scalar conversions the engine needs without torch.
// Thread-safe: pure functions.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace vlmprobe::engine {

// The dtype strings of the safetensors format, in the same spelling (dtypeName(DType::BF16) == "BF16").
enum class DType : std::uint8_t { Bool, U8, I8, I16, U16, I32, U32, I64, U64, F16, BF16, F32, F64, F8_E4M3, F8_E5M2 };

std::size_t dtypeSize(DType dtype); // bytes per element
const char* dtypeName(DType dtype); // "BOOL", "U8", ..., "F8_E4M3"
std::optional<DType> dtypeFromName(std::string_view name); // exact, case-sensitive; nullopt for unknown strings
bool isFloatingPoint(DType dtype);

// IEEE binary16 / bfloat16 / float8 bit patterns to float32 (exact: every value is representable).
float halfToFloat(std::uint16_t bits);
float bfloat16ToFloat(std::uint16_t bits);
float float8E4M3ToFloat(std::uint8_t bits); // OCP E4M3FN: no infinities, S.1111.111 is NaN
float float8E5M2ToFloat(std::uint8_t bits);

// float32 to binary16 / bfloat16 with round-to-nearest-even (what torch's .to(bfloat16) does); NaN stays NaN.
std::uint16_t floatToHalf(float value);
std::uint16_t floatToBfloat16(float value);

} // namespace vlmprobe::engine
