#include "text/unicode_properties.h"

#include "text/unicode_tables.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <memory>
#include <utility>

namespace vlmprobe::engine::unicode {

namespace tables = unicode_tables;

namespace {

constexpr char32_t kBmpSize = 0x10000;

// The value of the range containing `codePoint`, or 0.
std::uint8_t rangeValue(const tables::CodePointRange* ranges, std::size_t count, char32_t codePoint)
{
    const tables::CodePointRange* end = ranges + count;
    const auto* it = std::upper_bound(ranges, end, codePoint,
        [](char32_t value, const tables::CodePointRange& range) { return value < range.first; });
    if (it == ranges)
        return 0;
    --it;
    return codePoint <= it->last ? it->value : 0;
}

void fill(
    std::array<std::uint8_t, kBmpSize>& table, const tables::CodePointRange* ranges, std::size_t count, auto bitsOf)
{
    for (std::size_t i = 0; i < count; ++i) {
        const tables::CodePointRange& range = ranges[i];
        for (char32_t cp = range.first; cp <= range.last && cp < kBmpSize; ++cp)
            table[cp] |= bitsOf(range.value);
    }
}

const std::array<std::uint8_t, kBmpSize>& bmpTable()
{
    static const std::unique_ptr<std::array<std::uint8_t, kBmpSize>> table = [] {
        auto result = std::make_unique<std::array<std::uint8_t, kBmpSize>>();
        result->fill(0);
        fill(*result, tables::kCharClassRanges, tables::kCharClassRangesCount,
            [](std::uint8_t value) { return static_cast<std::uint8_t>(value & kClassMask); });
        fill(*result, tables::kNfcQuickCheckRanges, tables::kNfcQuickCheckRangesCount,
            [](std::uint8_t value) { return static_cast<std::uint8_t>(value << kQuickCheckShift); });
        fill(*result, tables::kCombiningClassRanges, tables::kCombiningClassRangesCount,
            [](std::uint8_t) { return kHasCombiningClass; });
        for (std::size_t i = 0; i < tables::kDecompositionsCount; ++i) {
            if (tables::kDecompositions[i].codePoint < kBmpSize)
                (*result)[tables::kDecompositions[i].codePoint] |= kHasDecomposition;
        }
        return result;
    }();
    return *table;
}

} // namespace

std::uint8_t bmpSummary(char32_t codePoint)
{
    return bmpTable()[codePoint];
}

CharClass charClass(char32_t codePoint)
{
    if (codePoint < kBmpSize)
        return static_cast<CharClass>(bmpTable()[codePoint] & kClassMask);
    return static_cast<CharClass>(rangeValue(tables::kCharClassRanges, tables::kCharClassRangesCount, codePoint));
}

std::uint8_t combiningClass(char32_t codePoint)
{
    if (codePoint < kBmpSize && !(bmpTable()[codePoint] & kHasCombiningClass))
        return 0;
    return rangeValue(tables::kCombiningClassRanges, tables::kCombiningClassRangesCount, codePoint);
}

QuickCheck nfcQuickCheck(char32_t codePoint)
{
    if (codePoint < kBmpSize)
        return static_cast<QuickCheck>((bmpTable()[codePoint] & kQuickCheckMask) >> kQuickCheckShift);
    return static_cast<QuickCheck>(
        rangeValue(tables::kNfcQuickCheckRanges, tables::kNfcQuickCheckRangesCount, codePoint));
}

std::span<const char32_t> canonicalDecomposition(char32_t codePoint)
{
    const tables::Decomposition* begin = tables::kDecompositions;
    const tables::Decomposition* end = begin + tables::kDecompositionsCount;
    const auto* it = std::lower_bound(begin, end, codePoint,
        [](const tables::Decomposition& entry, char32_t value) { return entry.codePoint < value; });
    if (it == end || it->codePoint != codePoint)
        return {};
    return { tables::kDecompositionData + it->offset, it->length };
}

char32_t compose(char32_t first, char32_t second)
{
    // <L, V> -> LV and <LV, T> -> LVT.
    if (first >= kHangulLeadBase && first < kHangulLeadBase + kHangulLeadCount && second >= kHangulVowelBase
        && second < kHangulVowelBase + kHangulVowelCount) {
        const char32_t leadIndex = first - kHangulLeadBase;
        const char32_t vowelIndex = second - kHangulVowelBase;
        return kHangulSyllableBase + (leadIndex * kHangulVowelCount + vowelIndex) * kHangulTrailCount;
    }
    if (first >= kHangulSyllableBase && first < kHangulSyllableBase + kHangulSyllableCount
        && (first - kHangulSyllableBase) % kHangulTrailCount == 0 && second > kHangulTrailBase
        && second < kHangulTrailBase + kHangulTrailCount) {
        return first + (second - kHangulTrailBase);
    }
    const tables::Composition* begin = tables::kCompositions;
    const tables::Composition* end = begin + tables::kCompositionsCount;
    const auto* it = std::lower_bound(begin, end, std::pair { first, second },
        [](const tables::Composition& entry, const std::pair<char32_t, char32_t>& key) {
            return entry.first < key.first || (entry.first == key.first && entry.second < key.second);
        });
    if (it == end || it->first != first || it->second != second)
        return 0;
    return it->composite;
}

const char* unicodeVersion()
{
    return tables::kUnicodeVersion;
}

} // namespace vlmprobe::engine::unicode
