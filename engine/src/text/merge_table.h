#pragma once
// Flat open-addressing hash table from a BPE pair of token ids to its merge: the merge rank (priority, lower
// merges first) and the id of the merged token. Built once, then read-only (safe for concurrent readers).

#include <cstddef>
#include <cstdint>
#include <vector>

namespace vlmprobe::engine {

class MergeTable {
public:
    struct Merge {
        std::int32_t rank = -1;
        std::int32_t mergedId = -1;
    };

    // Sized for `expectedCount` pairs at a load factor of at most one half.
    explicit MergeTable(std::size_t expectedCount = 0);

    // Inserts or replaces (a later duplicate of a merge wins, as in Hugging Face tokenizers).
    void insert(std::int32_t left, std::int32_t right, Merge merge);
    // The merge of (left, right); rank -1 when the pair has none.
    Merge find(std::int32_t left, std::int32_t right) const
    {
        const std::uint64_t key = makeKey(left, right);
        for (std::size_t slot = hash(key) & m_mask;; slot = (slot + 1) & m_mask) {
            const Slot& entry = m_slots[slot];
            if (entry.key == key)
                return entry.merge;
            if (entry.key == kEmpty)
                return {};
        }
    }
    std::size_t size() const { return m_size; }

private:
    struct Slot {
        std::uint64_t key;
        Merge merge;
    };
    static constexpr std::uint64_t kEmpty = ~std::uint64_t { 0 };

    static std::uint64_t makeKey(std::int32_t left, std::int32_t right)
    {
        return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(left)) << 32) | static_cast<std::uint32_t>(right);
    }
    static std::size_t hash(std::uint64_t key)
    {
        key ^= key >> 29;
        key *= 0xBF58476D1CE4E5B9ULL;
        key ^= key >> 32;
        return static_cast<std::size_t>(key);
    }

    std::vector<Slot> m_slots;
    std::size_t m_mask = 0;
    std::size_t m_size = 0;
};

} // namespace vlmprobe::engine
