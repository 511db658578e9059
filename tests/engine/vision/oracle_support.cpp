#include "oracle_support.h"

#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/npy.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QProcess>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace vlmprobe::test {

QString runPythonOracle(const QString& script, const QStringList& arguments)
{
    const QString python = QStringLiteral(VLMPROBE_ORACLE_PYTHON);
    if (python.isEmpty())
        return QStringLiteral("no python3 with Pillow and numpy was found at configure time "
                              "(install python3-pil and python3-numpy, then reconfigure)");
    const QString scriptPath = sourcePath(QStringLiteral("tests/oracles/") + script);
    if (!QFileInfo::exists(scriptPath))
        return QStringLiteral("oracle script missing: ") + scriptPath;
    QProcess process;
    process.start(python, QStringList { scriptPath } + arguments);
    if (!process.waitForStarted(10000))
        return QStringLiteral("cannot start ") + python + QStringLiteral(": ") + process.errorString();
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return script + QStringLiteral(" timed out");
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        const QString error = QString::fromUtf8(process.readAllStandardError()).trimmed();
        return script + QStringLiteral(" failed (exit ") + QString::number(process.exitCode()) + QStringLiteral("): ")
            + error.right(2000);
    }
    return {};
}

QString sharedPath(const QString& relative)
{
    return QDir(QStringLiteral(VLMPROBE_SHARED_DIR)).filePath(relative);
}

QString sourcePath(const QString& relative)
{
    return QDir(QStringLiteral(VLMPROBE_SOURCE_DIR)).filePath(relative);
}

engine::Image imageFromNpy(const QString& path)
{
    const engine::NpyArray array = engine::readNpy(path.toStdString());
    if (array.dtype != "u1" || (array.shape.size() != 2 && array.shape.size() != 3))
        throw engine::LoadError(path.toStdString() + ": expected a uint8 array [h, w] or [h, w, c]");
    engine::Image image;
    image.height = static_cast<int>(array.shape[0]);
    image.width = static_cast<int>(array.shape[1]);
    image.channels = array.shape.size() == 3 ? static_cast<int>(array.shape[2]) : 1;
    image.pixels = array.bytes;
    return image;
}

engine::Image imageFromFile(const QString& path)
{
    QImage decoded(path);
    if (decoded.isNull())
        return {};
    const bool alpha = decoded.hasAlphaChannel();
    decoded = decoded.convertToFormat(alpha ? QImage::Format_RGBA8888 : QImage::Format_RGB888);
    engine::Image image;
    image.width = decoded.width();
    image.height = decoded.height();
    image.channels = alpha ? 4 : 3;
    const qsizetype rowBytes = static_cast<qsizetype>(image.width) * image.channels;
    image.pixels.resize(static_cast<std::size_t>(rowBytes) * image.height);
    for (int y = 0; y < image.height; ++y)
        std::memcpy(image.pixels.data() + static_cast<std::size_t>(y) * rowBytes, decoded.constScanLine(y), rowBytes);
    return image;
}

bool writePng(const engine::Image& image, const QString& path)
{
    QImage::Format format = QImage::Format_RGB888;
    if (image.channels == 4)
        format = QImage::Format_RGBA8888;
    else if (image.channels == 1)
        format = QImage::Format_Grayscale8;
    const qsizetype rowBytes = static_cast<qsizetype>(image.width) * image.channels;
    const QImage view(image.pixels.data(), image.width, image.height, rowBytes, format);
    return view.save(path, "PNG");
}

std::vector<float> floatsFromNpy(const QString& path, std::vector<std::int64_t>* shape)
{
    const engine::NpyArray array = engine::readNpy(path.toStdString());
    if (array.dtype != "f4")
        throw engine::LoadError(path.toStdString() + ": expected float32, got " + array.dtype);
    if (shape)
        *shape = array.shape;
    std::vector<float> values(array.bytes.size() / sizeof(float));
    std::memcpy(values.data(), array.bytes.data(), values.size() * sizeof(float));
    return values;
}

QString describeByteDifference(const std::vector<std::uint8_t>& actual, const std::vector<std::uint8_t>& expected)
{
    if (actual.size() != expected.size())
        return QStringLiteral("size %1, expected %2").arg(actual.size()).arg(expected.size());
    qsizetype differing = 0;
    qsizetype first = -1;
    int largest = 0;
    for (std::size_t i = 0; i < actual.size(); ++i) {
        if (actual[i] != expected[i]) {
            if (first < 0)
                first = static_cast<qsizetype>(i);
            ++differing;
            largest = std::max(largest, std::abs(int(actual[i]) - int(expected[i])));
        }
    }
    if (differing == 0)
        return {};
    return QStringLiteral("%1 of %2 bytes differ (largest by %3); first at %4: %5 vs %6")
        .arg(differing)
        .arg(actual.size())
        .arg(largest)
        .arg(first)
        .arg(actual[static_cast<std::size_t>(first)])
        .arg(expected[static_cast<std::size_t>(first)]);
}

QString describeFloatDifference(const std::vector<float>& actual, const std::vector<float>& expected)
{
    if (actual.size() != expected.size())
        return QStringLiteral("size %1, expected %2").arg(actual.size()).arg(expected.size());
    qsizetype differing = 0;
    qsizetype first = -1;
    for (std::size_t i = 0; i < actual.size(); ++i) {
        // Bitwise comparison: bit-exactness is the goal, and it also catches -0.0 / NaN differences.
        if (std::memcmp(&actual[i], &expected[i], sizeof(float)) != 0) {
            if (first < 0)
                first = static_cast<qsizetype>(i);
            ++differing;
        }
    }
    if (differing == 0)
        return {};
    return QStringLiteral("%1 of %2 floats differ; first at %3: %4 vs %5")
        .arg(differing)
        .arg(actual.size())
        .arg(first)
        .arg(double(actual[static_cast<std::size_t>(first)]), 0, 'g', 9)
        .arg(double(expected[static_cast<std::size_t>(first)]), 0, 'g', 9);
}

} // namespace vlmprobe::test
