#pragma once
// The loaded state behind vlmprobe::engine::Tokenizer (see tokenizer.h for the behaviour it implements).
// Immutable after construction except for the piece cache, which is guarded by a reader-writer lock.

#include "text/added_token_matcher.h"
#include "text/byte_level_bpe.h"
#include "text/piece_cache.h"
#include "text/string_hash.h"
#include "vlmprobe/engine/tokenizer.h"

#include <cstdint>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace vlmprobe::engine {

class Tokenizer::Impl {
public:
    struct AddedToken {
        std::string content;
        std::int32_t id = 0;
        bool special = false;
        bool normalized = false;
        bool lstrip = false;
        bool rstrip = false;
    };

    // addedTokens carry their final ids (assigned by the loader). applyNfc: whether the normalizer is NFC.
    Impl(ByteLevelBpe bpe, const std::vector<AddedToken>& addedTokens, bool applyNfc);

    std::vector<std::int32_t> encode(std::string_view text) const;
    std::string decode(std::span<const std::int32_t> ids, bool skipSpecial) const;
    std::optional<std::int32_t> tokenId(std::string_view tokenText) const;
    std::string_view tokenText(std::int32_t id) const;
    std::string_view tokenBytes(std::int32_t id) const;
    bool isSpecial(std::int32_t id) const;
    std::int64_t size() const { return m_size; }

private:
    bool known(std::int32_t id) const { return id >= 0 && static_cast<std::size_t>(id) < m_tokenBytes.size(); }

    ByteLevelBpe m_bpe;
    AddedTokenMatcher m_rawMatcher; // added tokens with normalized=false, matched on the raw text
    AddedTokenMatcher m_normalizedMatcher; // the others, matched on the normalized text
    bool m_applyNfc;
    std::unordered_map<std::string, std::int32_t, StringHash, std::equal_to<>> m_addedIds;
    std::vector<std::string> m_tokenTexts; // by id: spelling or added content; empty for unused ids
    std::vector<std::string> m_tokenBytes; // by id: the bytes the id decodes to
    std::vector<std::uint8_t> m_special; // by id: 1 for added tokens marked special
    std::int64_t m_size = 0;

    mutable std::shared_mutex m_cacheMutex;
    mutable PieceCache m_cache; // pieces of every encode so far, up to a fixed number of entries
};

} // namespace vlmprobe::engine
