#pragma once
// RecentFiles: the most recently opened workspaces, newest first, kept in the application's QSettings
// (key "workspace/recent"). Paths are stored absolute and compared after cleaning, so one file appears once.
// GUI thread (QSettings default instance); cheap enough to read on every menu show.

#include <QString>
#include <QStringList>

namespace vlmprobe {

class RecentFiles {
public:
    static constexpr int kMaximumCount = 10;

    QStringList paths() const;
    // Moves `path` to the front, dropping the oldest entries beyond kMaximumCount.
    void add(const QString& path);
    void remove(const QString& path);
    void clear();

    // The last workspace that was open ("workspace/last"); empty when none.
    QString lastWorkspace() const;
    void setLastWorkspace(const QString& path);

private:
    void store(const QStringList& paths);
};

} // namespace vlmprobe
