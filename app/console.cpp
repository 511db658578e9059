#include "console.h"

#include <QByteArray>

#include <cstdio>

namespace vlmprobe::console {

void printLine(const QString& text)
{
    const QByteArray line = text.toLocal8Bit() + '\n';
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stdout);
    std::fflush(stdout);
}

void printError(const QString& command, const QString& message)
{
    // Newlines inside the message would break the one-line contract.
    QString flat = message.simplified();
    const QByteArray line = (command + QStringLiteral(": ") + flat).toLocal8Bit() + '\n';
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace vlmprobe::console
