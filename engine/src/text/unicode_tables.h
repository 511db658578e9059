#pragma once
// Unicode data for the tokenizer, generated into unicode_tables.cpp by scripts/generate_unicode_tables.py from
// Python's unicodedata. Every table is sorted by code point; ranges are inclusive and do not overlap.

#include <cstddef>
#include <cstdint>

namespace vlmprobe::engine::unicode_tables {

struct CodePointRange {
    char32_t first;
    char32_t last;
    std::uint8_t value;
};

// The full canonical decomposition of `codePoint` is kDecompositionData[offset, offset + length).
struct Decomposition {
    char32_t codePoint;
    std::uint16_t offset;
    std::uint8_t length;
};

// first + second compose canonically to composite (a primary composite, not excluded).
struct Composition {
    char32_t first;
    char32_t second;
    char32_t composite;
};

// Values of kCharClassRanges.
enum CharClassValue : std::uint8_t { kOther = 0, kLetter = 1, kNumber = 2, kSpace = 3 };
// Values of kNfcQuickCheckRanges (absent means Yes).
enum QuickCheckValue : std::uint8_t { kQuickCheckYes = 0, kQuickCheckNo = 1, kQuickCheckMaybe = 2 };

extern const char* const kUnicodeVersion;

extern const CodePointRange kCharClassRanges[];
extern const std::size_t kCharClassRangesCount;
extern const CodePointRange kCombiningClassRanges[];
extern const std::size_t kCombiningClassRangesCount;
extern const CodePointRange kNfcQuickCheckRanges[];
extern const std::size_t kNfcQuickCheckRangesCount;
extern const Decomposition kDecompositions[];
extern const std::size_t kDecompositionsCount;
extern const char32_t kDecompositionData[];
extern const std::size_t kDecompositionDataCount;
extern const Composition kCompositions[];
extern const std::size_t kCompositionsCount;

} // namespace vlmprobe::engine::unicode_tables
