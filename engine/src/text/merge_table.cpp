#include "text/merge_table.h"

#include <utility>

namespace vlmprobe::engine {

MergeTable::MergeTable(std::size_t expectedCount)
{
    std::size_t capacity = 16;
    while (capacity < expectedCount * 2)
        capacity *= 2;
    m_slots.assign(capacity, Slot { kEmpty, {} });
    m_mask = capacity - 1;
}

void MergeTable::insert(std::int32_t left, std::int32_t right, Merge merge)
{
    if ((m_size + 1) * 2 > m_slots.size()) {
        MergeTable bigger(m_slots.size());
        for (const Slot& slot : m_slots) {
            if (slot.key != kEmpty)
                bigger.insert(static_cast<std::int32_t>(slot.key >> 32),
                    static_cast<std::int32_t>(slot.key & 0xFFFFFFFFu), slot.merge);
        }
        *this = std::move(bigger);
    }
    const std::uint64_t key = makeKey(left, right);
    for (std::size_t slot = hash(key) & m_mask;; slot = (slot + 1) & m_mask) {
        Slot& entry = m_slots[slot];
        if (entry.key == key) {
            entry.merge = merge;
            return;
        }
        if (entry.key == kEmpty) {
            entry = Slot { key, merge };
            ++m_size;
            return;
        }
    }
}

} // namespace vlmprobe::engine
