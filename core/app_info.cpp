#include "app_info.h"

#include "vlmprobe/engine/errors.h"

#include <QDir>
#include <QStandardPaths>

namespace vlmprobe {

QString applicationVersion()
{
    return QString::fromLatin1(engine::engineVersion());
}

QString defaultDemoWorkspacePath()
{
    const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(dataDir).filePath(QStringLiteral("demo.vlmprobe"));
}

} // namespace vlmprobe
