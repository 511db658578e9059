#pragma once
// A temporary checkpoint folder for config tests: JSON fixtures are written as literals by each test.

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTemporaryDir>

#include <string>

namespace vlmprobe::test {

class ConfigFolder {
public:
    ConfigFolder& write(const char* file, const QByteArray& json)
    {
        QFile out(m_dir.filePath(QLatin1String(file)));
        if (!out.open(QIODevice::WriteOnly) || out.write(json) != json.size())
            qFatal("cannot write the fixture %s", file);
        return *this;
    }
    std::string path() const { return m_dir.path().toStdString(); }
    QString filePath(const char* file) const { return m_dir.filePath(QLatin1String(file)); }

private:
    QTemporaryDir m_dir;
};

} // namespace vlmprobe::test
