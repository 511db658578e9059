#pragma once
// Sessions of recent runs kept for prefix reuse: a new run whose token ids share a long enough prefix with a cached
// session forks it and computes only the rest (the image is encoded once per image and preprocessing bounds).
//
//   PrefixCache cache(4);
//   if (auto hit = cache.find(key, ids, minimumPrefix)) { Session s = hit->session->fork(); s.truncate(hit->common);
//   ... } cache.insert(key, std::move(finishedSession));
//
// Least recently used entries are evicted beyond the capacity. Thread affinity: the inference thread only.

#include "vlmprobe/engine/session.h"

#include <QString>

#include <cstdint>
#include <list>
#include <optional>
#include <vector>

namespace vlmprobe {

class PrefixCache {
public:
    explicit PrefixCache(std::size_t capacity = 4);

    struct Hit {
        const engine::Session* session = nullptr; // valid until the next insert() or clear()
        std::int64_t common = 0; // length of the shared token prefix
    };

    // The cached session under `key` sharing the longest prefix with `ids`, when that prefix is at least
    // `minimumPrefix` tokens long (and never less than one); the hit becomes the most recently used entry.
    std::optional<Hit> find(const QString& key, const std::vector<std::int32_t>& ids, std::int64_t minimumPrefix);
    // Returns the stored session, valid until the next insert() or clear().
    const engine::Session& insert(const QString& key, engine::Session session);
    void clear();
    std::size_t size() const;

private:
    struct Entry {
        QString key;
        engine::Session session;
    };
    std::size_t m_capacity;
    std::list<Entry> m_entries; // most recently used first
};

} // namespace vlmprobe
