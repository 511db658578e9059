#pragma once
// UTF-8 helpers for the tokenizer. Decoding replaces each maximal ill-formed subsequence with one U+FFFD, as
// Unicode §3.9 recommends and as Rust's String::from_utf8_lossy (hence Hugging Face tokenizers) does.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace vlmprobe::engine::utf8 {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

// The byte offset of the first ill-formed sequence, or nullopt when `text` is well-formed UTF-8.
std::optional<std::size_t> findInvalid(std::string_view text);

// Decodes the character at `pos` of well-formed UTF-8 and advances `pos` past it.
inline char32_t decodeNext(std::string_view text, std::size_t& pos)
{
    const auto lead = static_cast<unsigned char>(text[pos]);
    if (lead < 0x80) {
        ++pos;
        return lead;
    }
    const auto next
        = [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(text[pos + i]) & 0x3F); };
    char32_t cp = 0;
    if (lead < 0xE0) {
        cp = (static_cast<char32_t>(lead & 0x1F) << 6) | next(1);
        pos += 2;
    } else if (lead < 0xF0) {
        cp = (static_cast<char32_t>(lead & 0x0F) << 12) | (next(1) << 6) | next(2);
        pos += 3;
    } else {
        cp = (static_cast<char32_t>(lead & 0x07) << 18) | (next(1) << 12) | (next(2) << 6) | next(3);
        pos += 4;
    }
    return cp;
}

// Appends the UTF-8 encoding of a scalar value.
void append(std::string& out, char32_t codePoint);

// Appends `bytes` decoded with replacement. With `final` false, a trailing sequence that is a valid but incomplete
// prefix of a character is not consumed; the return value is the number of bytes consumed.
std::size_t appendLossy(std::string& out, std::string_view bytes, bool final);

} // namespace vlmprobe::engine::utf8
