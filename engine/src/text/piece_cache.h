#pragma once
// The per-piece BPE cache: piece bytes -> token ids, in one open-addressing table over two flat arenas (no node
// per entry). Insert-only: it grows up to `capacity` entries and then stops taking new ones.
// Not synchronised: Tokenizer::Impl reads it under a shared lock and inserts under an exclusive one.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vlmprobe::engine {

class PieceCache {
public:
    explicit PieceCache(std::size_t capacity);

    static std::uint64_t hash(std::string_view piece);

    // Appends the ids of `piece` to `out` and returns true when cached. `hash` is hash(piece).
    bool find(std::string_view piece, std::uint64_t hash, std::vector<std::int32_t>& out) const;
    // Adds an entry unless full (or already there).
    void insert(std::string_view piece, std::uint64_t hash, std::span<const std::int32_t> ids);
    // Inserts every entry of `other` while there is room.
    void merge(const PieceCache& other);

    bool full() const { return m_size >= m_capacity; }
    std::size_t size() const { return m_size; }

private:
    struct Slot {
        std::uint64_t hash = 0; // 0 marks an empty slot (hash() never returns 0)
        std::uint32_t keyOffset = 0;
        std::uint32_t idOffset = 0;
        std::uint32_t keyLength = 0;
        std::uint32_t idCount = 0;
    };

    // The slot holding `piece`, or the empty slot where it would go.
    std::size_t slotIndex(std::string_view piece, std::uint64_t hash) const;
    void grow();

    std::size_t m_capacity;
    std::size_t m_size = 0;
    std::vector<Slot> m_slots;
    std::string m_keys;
    std::vector<std::int32_t> m_ids;
};

} // namespace vlmprobe::engine
