#include "text/qwen2_pre_tokenizer.h"

#include "text/unicode_properties.h"
#include "text/utf8.h"

#include <array>
#include <cstdint>

namespace vlmprobe::engine {

namespace {

using unicode::CharClass;

struct Char {
    std::uint32_t offset; // byte offset in the text
    char32_t codePoint;
    CharClass cls;
};

constexpr std::array<CharClass, 128> kAsciiClasses = [] {
    std::array<CharClass, 128> classes {};
    for (char32_t c = 0; c < 128; ++c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            classes[c] = CharClass::Letter;
        else if (c >= '0' && c <= '9')
            classes[c] = CharClass::Number;
        else if ((c >= 0x09 && c <= 0x0D) || c == ' ')
            classes[c] = CharClass::Space;
        else
            classes[c] = CharClass::Other;
    }
    return classes;
}();

bool isLineBreak(char32_t cp)
{
    return cp == '\r' || cp == '\n';
}

// Simple case folding of the letters that occur in the contractions; U+017F LATIN SMALL LETTER LONG S folds to s.
char32_t foldContractionLetter(char32_t cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return cp + ('a' - 'A');
    if (cp == 0x017F)
        return 's';
    return cp;
}

// Alternative 1, (?i:'s|'t|'re|'ve|'m|'ll|'d), at the apostrophe chars[i]: the match length in characters or 0.
std::size_t matchContraction(const std::vector<Char>& chars, std::size_t i)
{
    if (i + 1 >= chars.size())
        return 0;
    const char32_t first = foldContractionLetter(chars[i + 1].codePoint);
    if (first == 's' || first == 't' || first == 'm' || first == 'd')
        return 2;
    if (i + 2 >= chars.size())
        return 0;
    const char32_t second = foldContractionLetter(chars[i + 2].codePoint);
    if ((first == 'r' && second == 'e') || (first == 'v' && second == 'e') || (first == 'l' && second == 'l'))
        return 3;
    return 0;
}

// The length in characters of the piece that starts at chars[i].
std::size_t matchAt(const std::vector<Char>& chars, std::size_t i)
{
    const std::size_t n = chars.size();
    const Char& c = chars[i];
    const auto runOf = [&](std::size_t from, CharClass cls) {
        std::size_t end = from;
        while (end < n && chars[end].cls == cls)
            ++end;
        return end;
    };

    if (c.codePoint == '\'') {
        if (const std::size_t length = matchContraction(chars, i))
            return length;
    }
    // [^\r\n\p{L}\p{N}]?\p{L}+
    if (c.cls == CharClass::Letter)
        return runOf(i, CharClass::Letter) - i;
    if (c.cls != CharClass::Number && !isLineBreak(c.codePoint) && i + 1 < n && chars[i + 1].cls == CharClass::Letter)
        return runOf(i + 1, CharClass::Letter) - i;
    // \p{N}
    if (c.cls == CharClass::Number)
        return 1;
    // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
    std::size_t symbolsFrom = n;
    if (c.cls == CharClass::Other)
        symbolsFrom = i;
    else if (c.codePoint == ' ' && i + 1 < n && chars[i + 1].cls == CharClass::Other)
        symbolsFrom = i + 1;
    if (symbolsFrom < n) {
        std::size_t end = runOf(symbolsFrom, CharClass::Other);
        while (end < n && isLineBreak(chars[end].codePoint))
            ++end;
        return end - i;
    }
    // What remains starts with white space.
    const std::size_t spaceEnd = runOf(i, CharClass::Space);
    // \s*[\r\n]+ : up to and including the last line break of the white-space run.
    for (std::size_t j = spaceEnd; j > i; --j) {
        if (isLineBreak(chars[j - 1].codePoint))
            return j - i;
    }
    // \s+(?!\S) : the run, less its last character when something other than white space follows.
    if (spaceEnd == n)
        return n - i;
    if (spaceEnd - i >= 2)
        return spaceEnd - 1 - i;
    // \s+
    return spaceEnd - i;
}

} // namespace

void Qwen2PreTokenizer::split(std::string_view text, std::vector<std::string_view>& pieces)
{
    std::vector<Char> chars;
    chars.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto offset = static_cast<std::uint32_t>(pos);
        const auto byte = static_cast<unsigned char>(text[pos]);
        if (byte < 0x80) {
            chars.push_back({ offset, byte, kAsciiClasses[byte] });
            ++pos;
            continue;
        }
        const char32_t cp = utf8::decodeNext(text, pos);
        chars.push_back({ offset, cp, unicode::charClass(cp) });
    }
    std::size_t i = 0;
    while (i < chars.size()) {
        const std::size_t end = i + matchAt(chars, i);
        const std::size_t from = chars[i].offset;
        const std::size_t to = end < chars.size() ? chars[end].offset : text.size();
        pieces.push_back(text.substr(from, to - from));
        i = end;
    }
}

} // namespace vlmprobe::engine
