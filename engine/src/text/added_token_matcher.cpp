#include "text/added_token_matcher.h"

#include "text/unicode_properties.h"
#include "text/utf8.h"

#include <algorithm>

namespace vlmprobe::engine {

namespace {

bool isWhiteSpace(char32_t cp)
{
    return unicode::charClass(cp) == unicode::CharClass::Space;
}

// The start of the white-space run that ends at `end` (Rust's char::is_whitespace is White_Space).
std::size_t skipSpaceBackward(std::string_view text, std::size_t end)
{
    while (end > 0) {
        std::size_t start = end - 1;
        while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
            --start;
        std::size_t pos = start;
        if (!isWhiteSpace(utf8::decodeNext(text, pos)))
            break;
        end = start;
    }
    return end;
}

std::size_t skipSpaceForward(std::string_view text, std::size_t pos)
{
    while (pos < text.size()) {
        std::size_t next = pos;
        if (!isWhiteSpace(utf8::decodeNext(text, next)))
            break;
        pos = next;
    }
    return pos;
}

} // namespace

AddedTokenMatcher::AddedTokenMatcher(std::vector<Token> tokens)
    : m_tokens(std::move(tokens))
{
    for (std::uint32_t i = 0; i < m_tokens.size(); ++i) {
        if (!m_tokens[i].content.empty())
            m_byFirstByte[static_cast<unsigned char>(m_tokens[i].content[0])].push_back(i);
    }
    for (auto& candidates : m_byFirstByte) {
        std::stable_sort(candidates.begin(), candidates.end(),
            [&](std::uint32_t a, std::uint32_t b) { return m_tokens[a].content.size() > m_tokens[b].content.size(); });
    }
}

void AddedTokenMatcher::split(std::string_view text, std::vector<Segment>& out) const
{
    std::size_t consumed = 0; // end of the last emitted segment
    std::size_t pos = 0; // where the search for the next match resumes
    while (pos < text.size()) {
        const auto& candidates = m_byFirstByte[static_cast<unsigned char>(text[pos])];
        const Token* match = nullptr;
        for (const std::uint32_t index : candidates) {
            const Token& token = m_tokens[index];
            if (text.substr(pos, token.content.size()) == token.content) {
                match = &token;
                break;
            }
        }
        if (!match) {
            ++pos;
            continue;
        }
        std::size_t begin = pos;
        std::size_t end = pos + match->content.size();
        pos = end;
        if (match->lstrip)
            begin = std::max(skipSpaceBackward(text, begin), consumed);
        if (match->rstrip)
            end = skipSpaceForward(text, end);
        if (consumed < begin)
            out.push_back({ consumed, begin, -1 });
        out.push_back({ begin, end, match->id });
        consumed = end;
    }
    if (consumed < text.size())
        out.push_back({ consumed, text.size(), -1 });
}

} // namespace vlmprobe::engine
