#pragma once
// Lookups into the generated Unicode tables (unicode_tables.cpp). Characters of the Basic Multilingual Plane are
// answered from a flat 64 KiB table built on first use (thread-safe static initialisation); the others by binary
// search over the generated ranges.

#include <cstdint>
#include <span>

namespace vlmprobe::engine::unicode {

// The classes the Qwen2 pre-tokenizer regex distinguishes: \p{L}, \p{N}, \s (White_Space) and the rest.
enum class CharClass : std::uint8_t { Other = 0, Letter = 1, Number = 2, Space = 3 };
enum class QuickCheck : std::uint8_t { Yes = 0, No = 1, Maybe = 2 };

// Hangul syllables and conjoining jamo (Unicode §3.12): composed and decomposed arithmetically.
inline constexpr char32_t kHangulSyllableBase = 0xAC00;
inline constexpr char32_t kHangulLeadBase = 0x1100;
inline constexpr char32_t kHangulVowelBase = 0x1161;
inline constexpr char32_t kHangulTrailBase = 0x11A7;
inline constexpr char32_t kHangulLeadCount = 19;
inline constexpr char32_t kHangulVowelCount = 21;
inline constexpr char32_t kHangulTrailCount = 28;
inline constexpr char32_t kHangulSyllableCount = kHangulLeadCount * kHangulVowelCount * kHangulTrailCount;

// Bit layout of the BMP summary byte.
inline constexpr std::uint8_t kClassMask = 0x03;
inline constexpr std::uint8_t kQuickCheckShift = 2;
inline constexpr std::uint8_t kQuickCheckMask = 0x0C;
inline constexpr std::uint8_t kHasCombiningClass = 0x10;
inline constexpr std::uint8_t kHasDecomposition = 0x20;

// The summary byte of a BMP code point (class, quick check, non-zero combining class, canonical decomposition;
// Hangul syllables are not marked as decomposable).
std::uint8_t bmpSummary(char32_t codePoint);

CharClass charClass(char32_t codePoint);
std::uint8_t combiningClass(char32_t codePoint);
// NFC_Quick_Check; Hangul syllables are Yes, conjoining vowel and trailing jamo Maybe.
QuickCheck nfcQuickCheck(char32_t codePoint);
// The full canonical decomposition (already canonically ordered); empty for none. Hangul syllables are not
// covered: decompose them with the arithmetic above.
std::span<const char32_t> canonicalDecomposition(char32_t codePoint);
// The primary composite of a pair (Hangul included), or 0 when the pair does not compose.
char32_t compose(char32_t first, char32_t second);

// The Unicode version of the tables, e.g. "14.0.0".
const char* unicodeVersion();

} // namespace vlmprobe::engine::unicode
