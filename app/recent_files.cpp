#include "recent_files.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace vlmprobe {

namespace {

const QString kRecentKey = QStringLiteral("workspace/recent");
const QString kLastKey = QStringLiteral("workspace/last");

QString normalised(const QString& path)
{
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

} // namespace

QStringList RecentFiles::paths() const
{
    return QSettings().value(kRecentKey).toStringList();
}

void RecentFiles::add(const QString& path)
{
    const QString entry = normalised(path);
    QStringList list = paths();
    list.removeAll(entry);
    list.prepend(entry);
    while (list.size() > kMaximumCount)
        list.removeLast();
    store(list);
}

void RecentFiles::remove(const QString& path)
{
    QStringList list = paths();
    list.removeAll(normalised(path));
    store(list);
}

void RecentFiles::clear()
{
    store({});
}

QString RecentFiles::lastWorkspace() const
{
    return QSettings().value(kLastKey).toString();
}

void RecentFiles::setLastWorkspace(const QString& path)
{
    QSettings().setValue(kLastKey, path.isEmpty() ? QString() : normalised(path));
}

void RecentFiles::store(const QStringList& paths)
{
    QSettings settings;
    if (paths.isEmpty())
        settings.remove(kRecentKey);
    else
        settings.setValue(kRecentKey, paths);
}

} // namespace vlmprobe
