#include "text/byte_level_bpe.h"

#include "text/utf8.h"
#include "vlmprobe/engine/errors.h"

#include <algorithm>
#include <limits>
#include <queue>

namespace vlmprobe::engine {

namespace {

// Pieces up to this many symbols merge with a linear scan over cached pair ranks (no allocation, cache
// friendly); longer ones with a heap over a linked list, which stays O(n log n) on pathological input.
constexpr std::size_t kShortPieceLimit = 128;

// The inverse of byteToChar over the characters it uses (all below U+0144); -1 elsewhere.
const std::array<std::int16_t, 0x144>& charToByte()
{
    static const std::array<std::int16_t, 0x144> table = [] {
        std::array<std::int16_t, 0x144> result {};
        result.fill(-1);
        const auto& chars = ByteLevelBpe::byteToChar();
        for (std::size_t byte = 0; byte < chars.size(); ++byte)
            result[chars[byte]] = static_cast<std::int16_t>(byte);
        return result;
    }();
    return table;
}

} // namespace

const std::array<char32_t, 256>& ByteLevelBpe::byteToChar()
{
    static const std::array<char32_t, 256> table = [] {
        std::array<char32_t, 256> result {};
        char32_t next = 256;
        for (std::size_t byte = 0; byte < 256; ++byte) {
            const bool printable = (byte >= 0x21 && byte <= 0x7E) || (byte >= 0xA1 && byte <= 0xAC) || byte >= 0xAE;
            result[byte] = printable ? static_cast<char32_t>(byte) : next++;
        }
        return result;
    }();
    return table;
}

std::string ByteLevelBpe::spell(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size() * 2);
    const auto& chars = byteToChar();
    for (const char byte : bytes)
        utf8::append(out, chars[static_cast<unsigned char>(byte)]);
    return out;
}

std::optional<std::string> ByteLevelBpe::unspell(std::string_view spelling)
{
    if (utf8::findInvalid(spelling))
        return std::nullopt;
    const auto& table = charToByte();
    std::string out;
    out.reserve(spelling.size());
    std::size_t pos = 0;
    while (pos < spelling.size()) {
        const char32_t cp = utf8::decodeNext(spelling, pos);
        if (cp >= table.size() || table[cp] < 0)
            return std::nullopt;
        out.push_back(static_cast<char>(table[cp]));
    }
    return out;
}

ByteLevelBpe::ByteLevelBpe(
    Vocabulary vocabulary, const std::vector<std::pair<std::string, std::string>>& merges, bool ignoreMerges)
    : m_vocabulary(std::move(vocabulary))
    , m_merges(merges.size())
    , m_ignoreMerges(ignoreMerges)
{
    for (std::size_t byte = 0; byte < 256; ++byte)
        m_byteIds[byte] = id(spell(std::string(1, static_cast<char>(byte)))).value_or(-1);
    for (std::size_t rank = 0; rank < merges.size(); ++rank) {
        const auto& [left, right] = merges[rank];
        const auto leftId = id(left);
        const auto rightId = id(right);
        const auto mergedId = id(left + right);
        if (!leftId || !rightId || !mergedId) {
            throw LoadError("tokenizer merge " + std::to_string(rank) + " (\"" + left + "\" \"" + right
                + "\") uses or makes a token that is not in the vocabulary");
        }
        m_merges.insert(*leftId, *rightId, { static_cast<std::int32_t>(rank), *mergedId });
    }
}

std::optional<std::int32_t> ByteLevelBpe::id(std::string_view spelling) const
{
    const auto it = m_vocabulary.find(spelling);
    if (it == m_vocabulary.end())
        return std::nullopt;
    return it->second;
}

void ByteLevelBpe::encode(std::string_view piece, std::vector<std::int32_t>& out) const
{
    if (piece.size() == 1) {
        if (const std::int32_t single = m_byteIds[static_cast<unsigned char>(piece[0])]; single >= 0)
            out.push_back(single);
        return;
    }
    if (m_ignoreMerges) {
        if (const auto whole = id(spell(piece))) {
            out.push_back(*whole);
            return;
        }
    }
    if (piece.size() <= kShortPieceLimit) {
        std::array<std::int32_t, kShortPieceLimit> symbols;
        std::size_t count = 0;
        for (const char byte : piece) {
            if (const std::int32_t symbol = m_byteIds[static_cast<unsigned char>(byte)]; symbol >= 0)
                symbols[count++] = symbol;
        }
        count = mergeShort(symbols.data(), count);
        out.insert(out.end(), symbols.begin(), symbols.begin() + static_cast<std::ptrdiff_t>(count));
        return;
    }
    std::vector<std::int32_t> symbols;
    symbols.reserve(piece.size());
    for (const char byte : piece) {
        if (const std::int32_t symbol = m_byteIds[static_cast<unsigned char>(byte)]; symbol >= 0)
            symbols.push_back(symbol);
    }
    mergeLong(symbols);
    out.insert(out.end(), symbols.begin(), symbols.end());
}

std::size_t ByteLevelBpe::mergeShort(std::int32_t* symbols, std::size_t count) const
{
    if (count < 2)
        return count;
    // pairs[i] is the merge of (symbols[i], symbols[i + 1]).
    std::array<MergeTable::Merge, kShortPieceLimit> pairs;
    for (std::size_t i = 0; i + 1 < count; ++i)
        pairs[i] = m_merges.find(symbols[i], symbols[i + 1]);
    for (;;) {
        std::size_t best = count;
        std::int32_t bestRank = std::numeric_limits<std::int32_t>::max();
        for (std::size_t i = 0; i + 1 < count; ++i) {
            if (pairs[i].rank >= 0 && pairs[i].rank < bestRank) {
                bestRank = pairs[i].rank;
                best = i;
            }
        }
        if (best == count)
            break;
        symbols[best] = pairs[best].mergedId;
        for (std::size_t i = best + 1; i + 1 < count; ++i) {
            symbols[i] = symbols[i + 1];
            pairs[i - 1] = pairs[i];
        }
        --count;
        if (best > 0)
            pairs[best - 1] = m_merges.find(symbols[best - 1], symbols[best]);
        if (best + 1 < count)
            pairs[best] = m_merges.find(symbols[best], symbols[best + 1]);
    }
    return count;
}

void ByteLevelBpe::mergeLong(std::vector<std::int32_t>& symbols) const
{
    struct Node {
        std::int32_t id;
        std::int32_t prev;
        std::int32_t next;
    };
    struct Candidate {
        std::int32_t rank;
        std::int32_t position;
        std::int32_t left;
        std::int32_t right;
        std::int32_t mergedId;
        bool operator>(const Candidate& other) const
        {
            return rank != other.rank ? rank > other.rank : position > other.position;
        }
    };
    const auto count = static_cast<std::int32_t>(symbols.size());
    std::vector<Node> nodes(symbols.size());
    for (std::int32_t i = 0; i < count; ++i)
        nodes[static_cast<std::size_t>(i)]
            = { symbols[static_cast<std::size_t>(i)], i - 1, i + 1 < count ? i + 1 : -1 };

    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> queue;
    const auto offer = [&](std::int32_t position) {
        const Node& node = nodes[static_cast<std::size_t>(position)];
        if (node.next < 0)
            return;
        const std::int32_t right = nodes[static_cast<std::size_t>(node.next)].id;
        const MergeTable::Merge merge = m_merges.find(node.id, right);
        if (merge.rank >= 0)
            queue.push({ merge.rank, position, node.id, right, merge.mergedId });
    };
    for (std::int32_t i = 0; i + 1 < count; ++i)
        offer(i);

    while (!queue.empty()) {
        const Candidate candidate = queue.top();
        queue.pop();
        Node& node = nodes[static_cast<std::size_t>(candidate.position)];
        // Entries go stale when a neighbour merges first; a node's id changes only by growing, so matching ids
        // mean the pair is still there.
        if (node.id != candidate.left || node.next < 0
            || nodes[static_cast<std::size_t>(node.next)].id != candidate.right)
            continue;
        Node& absorbed = nodes[static_cast<std::size_t>(node.next)];
        node.id = candidate.mergedId;
        node.next = absorbed.next;
        absorbed.id = -1;
        if (node.next >= 0)
            nodes[static_cast<std::size_t>(node.next)].prev = candidate.position;
        if (node.prev >= 0)
            offer(node.prev);
        offer(candidate.position);
    }

    symbols.clear();
    for (std::int32_t i = 0; i >= 0; i = nodes[static_cast<std::size_t>(i)].next)
        symbols.push_back(nodes[static_cast<std::size_t>(i)].id);
}

} // namespace vlmprobe::engine
