#pragma once
// Finds added tokens (<|im_start|>, <tool_call> ...) in text the way Hugging Face tokenizers does: one
// non-overlapping left-to-right pass, leftmost match first and the longest token at that position, then the
// lstrip/rstrip options widen a match over neighbouring white space. Immutable after construction.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vlmprobe::engine {

class AddedTokenMatcher {
public:
    struct Token {
        std::string content;
        std::int32_t id = 0;
        bool lstrip = false;
        bool rstrip = false;
    };

    // A piece of the text: an added token (id >= 0) or a stretch of ordinary text (id -1). Offsets in bytes.
    struct Segment {
        std::size_t begin;
        std::size_t end;
        std::int32_t id;
    };

    explicit AddedTokenMatcher(std::vector<Token> tokens);

    bool empty() const { return m_tokens.empty(); }
    // Splits well-formed UTF-8 `text` into segments that cover it in order. A segment of ordinary text is never
    // empty; with rstrip, token segments may overlap the next token, as in Hugging Face.
    void split(std::string_view text, std::vector<Segment>& out) const;

private:
    std::vector<Token> m_tokens;
    // Indices into m_tokens by first byte, longest content first.
    std::array<std::vector<std::uint32_t>, 256> m_byFirstByte;
};

} // namespace vlmprobe::engine
