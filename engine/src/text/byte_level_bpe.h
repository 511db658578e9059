#pragma once
// Byte-level BPE (GPT-2 style) as Hugging Face tokenizers runs it for Qwen2: a piece's UTF-8 bytes become symbols
// of the byte-level alphabet, then the adjacent pair with the lowest merge rank (leftmost on ties) is merged
// until no ranked pair remains. Works on token ids throughout; no strings are built per merge.
// Immutable after construction, safe for concurrent use.

#include "text/merge_table.h"
#include "text/string_hash.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace vlmprobe::engine {

class ByteLevelBpe {
public:
    using Vocabulary = std::unordered_map<std::string, std::int32_t, StringHash, std::equal_to<>>;

    // vocabulary: byte-level spelling -> id. merges: pairs of spellings, in rank order. With ignoreMerges a piece
    // whose whole spelling is a vocabulary token maps to it directly (Llama-3 style; false for Qwen2).
    // Throws LoadError when a merge names a token, or produces one, that is not in the vocabulary.
    ByteLevelBpe(
        Vocabulary vocabulary, const std::vector<std::pair<std::string, std::string>>& merges, bool ignoreMerges);

    // Appends the ids of one pre-tokenized piece (raw UTF-8 bytes). Bytes whose symbol is missing from the
    // vocabulary are dropped, as Hugging Face does without an unknown token.
    void encode(std::string_view piece, std::vector<std::int32_t>& out) const;

    // The id of a single byte's symbol, or -1.
    std::int32_t byteId(unsigned char byte) const { return m_byteIds[byte]; }
    std::optional<std::int32_t> id(std::string_view spelling) const;
    const Vocabulary& vocabulary() const { return m_vocabulary; }

    // The GPT-2 byte-to-unicode alphabet: byte b is spelled as the character byteToChar()[b].
    static const std::array<char32_t, 256>& byteToChar();
    // The byte-level spelling of raw bytes (" hello" -> "Ġhello").
    static std::string spell(std::string_view bytes);
    // The raw bytes of a spelling, or nullopt when a character is outside the alphabet.
    static std::optional<std::string> unspell(std::string_view spelling);

private:
    // Merges symbols[0, count) in place; returns the new count.
    std::size_t mergeShort(std::int32_t* symbols, std::size_t count) const;
    void mergeLong(std::vector<std::int32_t>& symbols) const;

    Vocabulary m_vocabulary;
    MergeTable m_merges;
    std::array<std::int32_t, 256> m_byteIds {};
    bool m_ignoreMerges = false;
};

} // namespace vlmprobe::engine
