#include "headless_support.h"

#include "backends/local_backend.h"
#include "backends/model_spec.h"

#include <QEventLoop>
#include <QStringList>

namespace vlmprobe {

std::optional<qint64> parseInteger(const QString& text, qint64 minimum, qint64 maximum)
{
    bool ok = false;
    const qint64 value = text.trimmed().toLongLong(&ok);
    if (!ok || value < minimum || value > maximum)
        return std::nullopt;
    return value;
}

QString loadModelBlocking(LocalBackend& backend, const ModelSpec& spec)
{
    QEventLoop loop;
    QString error;
    QObject::connect(&backend, &LocalBackend::modelLoaded, &loop, [&loop] { loop.quit(); });
    QObject::connect(&backend, &LocalBackend::modelLoadFailed, &loop, [&loop, &error](const QString& message) {
        error = message.isEmpty() ? QStringLiteral("the checkpoint could not be loaded") : message;
        loop.quit();
    });
    backend.loadModel(spec);
    loop.exec();
    return error;
}

std::optional<QString> modelSpecError(const ModelSpec& spec)
{
    if (spec.device != QStringLiteral("cpu") && spec.device != QStringLiteral("cuda"))
        return QStringLiteral("--device must be cpu or cuda, not '%1'").arg(spec.device);
    const QStringList valid { QStringLiteral("auto"), QStringLiteral("f32"), QStringLiteral("bf16"),
        QStringLiteral("f16") };
    if (!valid.contains(spec.precision))
        return QStringLiteral("--dtype must be auto, f32, bf16 or f16, not '%1'").arg(spec.precision);
    return std::nullopt;
}

} // namespace vlmprobe
