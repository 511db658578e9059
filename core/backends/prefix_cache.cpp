#include "backends/prefix_cache.h"

#include <algorithm>

namespace vlmprobe {

PrefixCache::PrefixCache(std::size_t capacity)
    : m_capacity(std::max<std::size_t>(capacity, 1))
{
}

std::optional<PrefixCache::Hit> PrefixCache::find(
    const QString& key, const std::vector<std::int32_t>& ids, std::int64_t minimumPrefix)
{
    auto best = m_entries.end();
    std::int64_t bestCommon = 0;
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (it->key != key)
            continue;
        const std::vector<std::int32_t>& cached = it->session.tokens();
        const auto limit = std::min(cached.size(), ids.size());
        const auto mismatch
            = std::mismatch(cached.begin(), cached.begin() + static_cast<std::ptrdiff_t>(limit), ids.begin());
        const auto common = static_cast<std::int64_t>(mismatch.first - cached.begin());
        if (common > bestCommon) {
            bestCommon = common;
            best = it;
        }
    }
    if (best == m_entries.end() || bestCommon < std::max<std::int64_t>(minimumPrefix, 1))
        return std::nullopt;
    m_entries.splice(m_entries.begin(), m_entries, best);
    return Hit { &m_entries.front().session, bestCommon };
}

const engine::Session& PrefixCache::insert(const QString& key, engine::Session session)
{
    m_entries.push_front(Entry { key, std::move(session) });
    while (m_entries.size() > m_capacity)
        m_entries.pop_back();
    return m_entries.front().session;
}

void PrefixCache::clear()
{
    m_entries.clear();
}

std::size_t PrefixCache::size() const
{
    return m_entries.size();
}

} // namespace vlmprobe
