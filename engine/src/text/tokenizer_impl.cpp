#include "text/tokenizer_impl.h"

#include "text/nfc.h"
#include "text/qwen2_pre_tokenizer.h"
#include "text/utf8.h"
#include "vlmprobe/engine/errors.h"

#include <algorithm>
#include <limits>
#include <mutex>

namespace vlmprobe::engine {

namespace {

// Pieces longer than this are not cached (rare, and they would crowd out the common ones).
constexpr std::size_t kMaxCachedPieceBytes = 128;
constexpr std::size_t kPieceCacheCapacity = 1u << 17;

std::vector<AddedTokenMatcher::Token> matcherTokens(
    const std::vector<Tokenizer::Impl::AddedToken>& added, bool normalized)
{
    std::vector<AddedTokenMatcher::Token> tokens;
    for (const auto& token : added) {
        if (token.normalized == normalized)
            tokens.push_back({ token.content, token.id, token.lstrip, token.rstrip });
    }
    return tokens;
}

} // namespace

Tokenizer::Impl::Impl(ByteLevelBpe bpe, const std::vector<AddedToken>& addedTokens, bool applyNfc)
    : m_bpe(std::move(bpe))
    , m_rawMatcher(matcherTokens(addedTokens, false))
    , m_normalizedMatcher(matcherTokens(addedTokens, true))
    , m_applyNfc(applyNfc)
    , m_cache(kPieceCacheCapacity)
{
    std::int32_t maxId = -1;
    for (const auto& [spelling, id] : m_bpe.vocabulary())
        maxId = std::max(maxId, id);
    for (const auto& token : addedTokens)
        maxId = std::max(maxId, token.id);
    const auto count = static_cast<std::size_t>(maxId + 1);
    m_tokenTexts.resize(count);
    m_tokenBytes.resize(count);
    m_special.assign(count, 0);
    for (const auto& [spelling, id] : m_bpe.vocabulary()) {
        m_tokenTexts[static_cast<std::size_t>(id)] = spelling;
        m_tokenBytes[static_cast<std::size_t>(id)] = ByteLevelBpe::unspell(spelling).value_or(spelling);
    }
    m_size = static_cast<std::int64_t>(m_bpe.vocabulary().size());
    for (const auto& token : addedTokens) {
        const auto index = static_cast<std::size_t>(token.id);
        if (!m_bpe.id(token.content))
            ++m_size;
        m_addedIds[token.content] = token.id;
        m_tokenTexts[index] = token.content;
        // As Hugging Face's ByteLevel decoder: a token spelled in the byte-level alphabet is unspelled, any other
        // is taken as it is.
        m_tokenBytes[index] = ByteLevelBpe::unspell(token.content).value_or(token.content);
        m_special[index] = token.special ? 1 : 0;
    }
}

std::vector<std::int32_t> Tokenizer::Impl::encode(std::string_view text) const
{
    if (const auto invalid = utf8::findInvalid(text))
        throw InvalidInputError("text to tokenize is not valid UTF-8 (at byte " + std::to_string(*invalid) + ")");
    if (text.size() > std::numeric_limits<std::uint32_t>::max())
        throw InvalidInputError("text to tokenize is larger than 4 GiB");

    std::vector<std::int32_t> ids;
    ids.reserve(text.size() / 3 + 16);
    std::vector<AddedTokenMatcher::Segment> segments;
    std::vector<AddedTokenMatcher::Segment> normalizedSegments;
    std::vector<std::string_view> pieces;
    // Pieces first seen in this call: merged into m_cache at the end, under the exclusive lock.
    PieceCache fresh(std::numeric_limits<std::size_t>::max());

    std::shared_lock cacheLock(m_cacheMutex);
    const auto encodePiece = [&](std::string_view piece) {
        if (piece.size() == 1 || piece.size() > kMaxCachedPieceBytes) {
            m_bpe.encode(piece, ids);
            return;
        }
        const std::uint64_t hash = PieceCache::hash(piece);
        if (m_cache.find(piece, hash, ids) || fresh.find(piece, hash, ids))
            return;
        const std::size_t first = ids.size();
        m_bpe.encode(piece, ids);
        fresh.insert(piece, hash, std::span(ids).subspan(first));
    };
    const auto encodeOrdinary = [&](std::string_view ordinary) {
        pieces.clear();
        Qwen2PreTokenizer::split(ordinary, pieces);
        for (const std::string_view piece : pieces)
            encodePiece(piece);
    };
    const auto encodeNormalized = [&](std::string_view normalized) {
        if (m_normalizedMatcher.empty()) {
            encodeOrdinary(normalized);
            return;
        }
        normalizedSegments.clear();
        m_normalizedMatcher.split(normalized, normalizedSegments);
        for (const auto& segment : normalizedSegments) {
            if (segment.id >= 0)
                ids.push_back(segment.id);
            else
                encodeOrdinary(normalized.substr(segment.begin, segment.end - segment.begin));
        }
    };

    if (m_rawMatcher.empty())
        segments.push_back({ 0, text.size(), -1 });
    else
        m_rawMatcher.split(text, segments);
    for (const auto& segment : segments) {
        if (segment.id >= 0) {
            ids.push_back(segment.id);
            continue;
        }
        const std::string_view raw = text.substr(segment.begin, segment.end - segment.begin);
        if (!m_applyNfc || unicode::isQuickNfc(raw)) {
            encodeNormalized(raw);
        } else {
            const std::string normalized = unicode::toNfc(raw);
            encodeNormalized(normalized);
        }
    }
    const bool cacheHasRoom = !m_cache.full();
    cacheLock.unlock();

    if (fresh.size() != 0 && cacheHasRoom) {
        const std::unique_lock writeLock(m_cacheMutex);
        m_cache.merge(fresh);
    }
    return ids;
}

std::string Tokenizer::Impl::decode(std::span<const std::int32_t> ids, bool skipSpecial) const
{
    std::string bytes;
    for (const std::int32_t id : ids) {
        if (!known(id) || (skipSpecial && m_special[static_cast<std::size_t>(id)]))
            continue;
        bytes += m_tokenBytes[static_cast<std::size_t>(id)];
    }
    std::string text;
    text.reserve(bytes.size());
    utf8::appendLossy(text, bytes, true);
    return text;
}

std::optional<std::int32_t> Tokenizer::Impl::tokenId(std::string_view tokenText) const
{
    if (const auto it = m_addedIds.find(tokenText); it != m_addedIds.end())
        return it->second;
    return m_bpe.id(tokenText);
}

std::string_view Tokenizer::Impl::tokenText(std::int32_t id) const
{
    return known(id) ? std::string_view(m_tokenTexts[static_cast<std::size_t>(id)]) : std::string_view();
}

std::string_view Tokenizer::Impl::tokenBytes(std::int32_t id) const
{
    return known(id) ? std::string_view(m_tokenBytes[static_cast<std::size_t>(id)]) : std::string_view();
}

bool Tokenizer::Impl::isSpecial(std::int32_t id) const
{
    return known(id) && m_special[static_cast<std::size_t>(id)] != 0;
}

} // namespace vlmprobe::engine
