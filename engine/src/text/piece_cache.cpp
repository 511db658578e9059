#include "text/piece_cache.h"

#include <cstring>

namespace vlmprobe::engine {

namespace {

constexpr std::size_t kInitialSlots = 1024;

std::uint64_t mix(std::uint64_t value)
{
    value ^= value >> 32;
    value *= 0xD6E8FEB86659FD93ULL;
    value ^= value >> 32;
    return value;
}

} // namespace

PieceCache::PieceCache(std::size_t capacity)
    : m_capacity(capacity)
    , m_slots(kInitialSlots)
{
}

std::uint64_t PieceCache::hash(std::string_view piece)
{
    std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ piece.size();
    std::size_t pos = 0;
    for (; pos + 8 <= piece.size(); pos += 8) {
        std::uint64_t chunk = 0;
        std::memcpy(&chunk, piece.data() + pos, 8);
        h = mix(h ^ chunk) * 0x9FB21C651E98DF25ULL;
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, piece.data() + pos, piece.size() - pos);
    h = mix(h ^ tail ^ 0xFF51AFD7ED558CCDULL);
    return h == 0 ? 1 : h;
}

std::size_t PieceCache::slotIndex(std::string_view piece, std::uint64_t hash) const
{
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t index = hash & mask;; index = (index + 1) & mask) {
        const Slot& slot = m_slots[index];
        if (slot.hash == 0)
            return index;
        if (slot.hash == hash && slot.keyLength == piece.size()
            && std::memcmp(m_keys.data() + slot.keyOffset, piece.data(), piece.size()) == 0) {
            return index;
        }
    }
}

bool PieceCache::find(std::string_view piece, std::uint64_t hash, std::vector<std::int32_t>& out) const
{
    const Slot& slot = m_slots[slotIndex(piece, hash)];
    if (slot.hash == 0)
        return false;
    const std::int32_t* ids = m_ids.data() + slot.idOffset;
    out.insert(out.end(), ids, ids + slot.idCount);
    return true;
}

void PieceCache::insert(std::string_view piece, std::uint64_t hash, std::span<const std::int32_t> ids)
{
    if (full())
        return;
    if ((m_size + 1) * 2 > m_slots.size())
        grow();
    Slot& slot = m_slots[slotIndex(piece, hash)];
    if (slot.hash != 0)
        return;
    slot = Slot { hash, static_cast<std::uint32_t>(m_keys.size()), static_cast<std::uint32_t>(m_ids.size()),
        static_cast<std::uint32_t>(piece.size()), static_cast<std::uint32_t>(ids.size()) };
    m_keys.append(piece);
    m_ids.insert(m_ids.end(), ids.begin(), ids.end());
    ++m_size;
}

void PieceCache::merge(const PieceCache& other)
{
    for (const Slot& slot : other.m_slots) {
        if (full())
            return;
        if (slot.hash == 0)
            continue;
        insert(std::string_view(other.m_keys).substr(slot.keyOffset, slot.keyLength), slot.hash,
            std::span(other.m_ids).subspan(slot.idOffset, slot.idCount));
    }
}

void PieceCache::grow()
{
    std::vector<Slot> old(m_slots.size() * 2);
    old.swap(m_slots);
    const std::size_t mask = m_slots.size() - 1;
    for (const Slot& slot : old) {
        if (slot.hash == 0)
            continue;
        std::size_t index = slot.hash & mask;
        while (m_slots[index].hash != 0)
            index = (index + 1) & mask;
        m_slots[index] = slot;
    }
}

} // namespace vlmprobe::engine
