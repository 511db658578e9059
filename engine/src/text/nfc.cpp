#include "text/nfc.h"

#include "text/unicode_properties.h"
#include "text/utf8.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace vlmprobe::engine::unicode {

namespace {

// A code point with its combining class, so that ordering and composition look each class up once.
struct Mark {
    char32_t codePoint;
    std::uint8_t ccc;
};

void decomposeInto(char32_t cp, std::vector<Mark>& out)
{
    if (cp < 0x80) {
        out.push_back({ cp, 0 });
        return;
    }
    if (cp >= kHangulSyllableBase && cp < kHangulSyllableBase + kHangulSyllableCount) {
        const char32_t index = cp - kHangulSyllableBase;
        out.push_back({ kHangulLeadBase + index / (kHangulVowelCount * kHangulTrailCount), 0 });
        out.push_back({ kHangulVowelBase + (index % (kHangulVowelCount * kHangulTrailCount)) / kHangulTrailCount, 0 });
        if (index % kHangulTrailCount != 0)
            out.push_back({ kHangulTrailBase + index % kHangulTrailCount, 0 });
        return;
    }
    const bool mayDecompose = cp >= 0x10000 || (bmpSummary(cp) & kHasDecomposition);
    const auto decomposition = mayDecompose ? canonicalDecomposition(cp) : std::span<const char32_t>();
    if (decomposition.empty()) {
        out.push_back({ cp, combiningClass(cp) });
        return;
    }
    for (char32_t part : decomposition)
        out.push_back({ part, combiningClass(part) });
}

// Canonical ordering: a stable sort of every run of non-starters by combining class.
void reorder(std::vector<Mark>& marks)
{
    std::size_t i = 0;
    while (i < marks.size()) {
        if (marks[i].ccc == 0) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < marks.size() && marks[end].ccc != 0)
            ++end;
        if (end - i > 1) {
            std::stable_sort(marks.begin() + static_cast<std::ptrdiff_t>(i),
                marks.begin() + static_cast<std::ptrdiff_t>(end),
                [](const Mark& a, const Mark& b) { return a.ccc < b.ccc; });
        }
        i = end;
    }
}

// Canonical composition (UAX #15 §1.3): a character combines with the last starter unless blocked, that is
// unless a character between them has a combining class of zero or one not lower than its own. Only characters
// whose NFC_Quick_Check is Maybe occur as the second half of a primary composite.
void composeInPlace(std::vector<Mark>& marks)
{
    if (marks.empty())
        return;
    std::size_t starter = 0;
    bool haveStarter = marks[0].ccc == 0;
    // 256 stands for "blocked": the text starts with a non-starter, which nothing before it can absorb.
    int lastClass = haveStarter ? 0 : 256;
    std::size_t write = 1;
    for (std::size_t read = 1; read < marks.size(); ++read) {
        const Mark mark = marks[read];
        const int markClass = mark.ccc;
        if (haveStarter && (lastClass < markClass || lastClass == 0)
            && nfcQuickCheck(mark.codePoint) == QuickCheck::Maybe) {
            if (const char32_t composite = compose(marks[starter].codePoint, mark.codePoint)) {
                marks[starter].codePoint = composite;
                continue;
            }
        }
        if (markClass == 0) {
            starter = write;
            haveStarter = true;
        }
        lastClass = markClass;
        marks[write++] = mark;
    }
    marks.resize(write);
}

void normalizeChunk(std::string_view text, std::vector<Mark>& marks, std::string& out)
{
    marks.clear();
    std::size_t pos = 0;
    while (pos < text.size())
        decomposeInto(utf8::decodeNext(text, pos), marks);
    reorder(marks);
    composeInPlace(marks);
    for (const Mark& mark : marks)
        utf8::append(out, mark.codePoint);
}

struct CharInfo {
    std::uint8_t ccc;
    QuickCheck quickCheck;
};

CharInfo infoOf(char32_t cp)
{
    if (cp < 0x80)
        return { 0, QuickCheck::Yes };
    if (cp < 0x10000) {
        const std::uint8_t summary = bmpSummary(cp);
        return { (summary & kHasCombiningClass) ? combiningClass(cp) : std::uint8_t { 0 },
            static_cast<QuickCheck>((summary & kQuickCheckMask) >> kQuickCheckShift) };
    }
    return { combiningClass(cp), nfcQuickCheck(cp) };
}

// A character before which NFC never changes anything: a starter that cannot combine with what precedes it.
bool isBoundary(const CharInfo& info)
{
    return info.ccc == 0 && info.quickCheck == QuickCheck::Yes;
}

} // namespace

bool isQuickNfc(std::string_view text)
{
    std::uint8_t lastClass = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (static_cast<unsigned char>(text[pos]) < 0x80) {
            ++pos;
            lastClass = 0;
            continue;
        }
        const CharInfo info = infoOf(utf8::decodeNext(text, pos));
        if (info.quickCheck != QuickCheck::Yes || (info.ccc != 0 && lastClass > info.ccc))
            return false;
        lastClass = info.ccc;
    }
    return true;
}

// Only the stretches around characters that fail the quick check are normalised: each runs from the last
// boundary before such a character to the next boundary after it; the text between them is copied as it is.
std::string toNfc(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    std::vector<Mark> marks;
    std::size_t copied = 0; // text[0, copied) is in `out`
    std::size_t boundary = 0; // the last boundary seen
    std::uint8_t lastClass = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t start = pos;
        const CharInfo info = infoOf(utf8::decodeNext(text, pos));
        if (isBoundary(info))
            boundary = start;
        if (info.quickCheck == QuickCheck::Yes && (info.ccc == 0 || lastClass <= info.ccc)) {
            lastClass = info.ccc;
            continue;
        }
        std::size_t end = pos;
        while (end < text.size()) {
            std::size_t next = end;
            if (isBoundary(infoOf(utf8::decodeNext(text, next))))
                break;
            end = next;
        }
        out.append(text.substr(copied, boundary - copied));
        normalizeChunk(text.substr(boundary, end - boundary), marks, out);
        copied = end;
        boundary = end;
        pos = end;
        lastClass = 0;
    }
    out.append(text.substr(copied));
    return out;
}

} // namespace vlmprobe::engine::unicode
