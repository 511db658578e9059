#include "golden_case.h"

#include "vlmprobe/engine/npy.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace vlmprobe::test {

QStringList goldenCheckpoints()
{
    return { QStringLiteral("flat_f32"), QStringLiteral("nested_tied_bf16") };
}

QStringList goldenCaseNames()
{
    return { QStringLiteral("one_image"), QStringLiteral("two_images"), QStringLiteral("text_only"),
        QStringLiteral("assistant_prefix"), QStringLiteral("image_first") };
}

GoldenCase loadGoldenCase(const QString& checkpoint, const QString& name)
{
    GoldenCase c;
    c.checkpoint = checkpoint;
    c.name = name;
    c.folder = QStringLiteral(VLMPROBE_SHARED_DIR "/golden/") + checkpoint + QLatin1Char('/') + name;
    QFile file(c.path(QStringLiteral("golden.json")));
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error("cannot open " + file.fileName().toStdString());
    c.json = QJsonDocument::fromJson(file.readAll()).object();
    return c;
}

QString GoldenCase::checkpointDir() const
{
    return QStringLiteral(VLMPROBE_SHARED_DIR "/golden/checkpoints/") + checkpoint;
}

std::vector<std::int64_t> jsonInts(const QJsonValue& value)
{
    std::vector<std::int64_t> out;
    const QJsonArray array = value.toArray();
    for (const QJsonValue& v : array)
        out.push_back(static_cast<std::int64_t>(v.toDouble()));
    return out;
}

std::vector<std::int32_t> jsonIds(const QJsonValue& value)
{
    std::vector<std::int32_t> out;
    for (const std::int64_t v : jsonInts(value))
        out.push_back(static_cast<std::int32_t>(v));
    return out;
}

std::vector<std::int32_t> GoldenCase::inputIds() const
{
    return jsonIds(json.value(QStringLiteral("input_ids")));
}

std::vector<std::int32_t> GoldenCase::promptSpecIds() const
{
    return jsonIds(json.value(QStringLiteral("prompt_spec_ids")));
}

std::vector<engine::GridThw> GoldenCase::grids() const
{
    std::vector<engine::GridThw> out;
    const QJsonArray array = json.value(QStringLiteral("image_grid_thw")).toArray();
    for (const QJsonValue& row : array) {
        const std::vector<std::int64_t> g = jsonInts(row);
        out.push_back({ g.at(0), g.at(1), g.at(2) });
    }
    return out;
}

std::vector<engine::VisionInput> GoldenCase::images() const
{
    std::vector<engine::VisionInput> out;
    const std::vector<engine::GridThw> g = grids();
    if (g.empty())
        return out;
    const engine::FloatArray pixels = readFloatNpy(path(QStringLiteral("pixel_values.npy")));
    const std::int64_t columns = pixels.dim(1);
    std::int64_t row = 0;
    for (const engine::GridThw& grid : g) {
        engine::VisionInput input;
        input.grid = grid;
        input.pixelValues.assign(
            pixels.values.begin() + row * columns, pixels.values.begin() + (row + grid.patchCount()) * columns);
        row += grid.patchCount();
        out.push_back(std::move(input));
    }
    return out;
}

QStringList GoldenCase::imageFiles() const
{
    QStringList out;
    const QJsonArray array = json.value(QStringLiteral("images")).toArray();
    for (const QJsonValue& image : array) {
        out << QStringLiteral(VLMPROBE_SHARED_DIR "/golden/") + checkpoint + QStringLiteral("/images/")
                + image.toObject().value(QStringLiteral("file")).toString();
    }
    return out;
}

engine::FloatArray readFloatNpy(const QString& path)
{
    const engine::NpyArray array = engine::readNpy(path.toStdString());
    engine::FloatArray out;
    out.shape = array.shape;
    out.values = array.toFloat32();
    return out;
}

QString compareScaled(const std::vector<float>& actual, const std::vector<float>& expected, double tolerance)
{
    if (actual.size() != expected.size())
        return QStringLiteral("size %1 != expected %2").arg(actual.size()).arg(expected.size());
    double scale = 1.0;
    for (const float e : expected)
        scale = std::max(scale, double(std::fabs(e)));
    double worst = 0.0;
    std::size_t worstIndex = 0;
    for (std::size_t i = 0; i < actual.size(); ++i) {
        const double diff = std::fabs(double(actual[i]) - double(expected[i]));
        if (!(diff <= worst) || std::isnan(diff)) {
            worst = std::isnan(diff) ? INFINITY : diff;
            worstIndex = i;
        }
    }
    if (worst <= tolerance * scale)
        return {};
    return QStringLiteral("max |diff| %1 at element %2 (actual %3, expected %4) exceeds %5")
        .arg(worst)
        .arg(worstIndex)
        .arg(double(actual[worstIndex]))
        .arg(double(expected[worstIndex]))
        .arg(tolerance * scale);
}

QString compareScaled(const engine::FloatArray& actual, const engine::FloatArray& expected, double tolerance)
{
    std::int64_t a = 1;
    std::int64_t e = 1;
    for (const std::int64_t d : actual.shape)
        a *= d;
    for (const std::int64_t d : expected.shape)
        e *= d;
    if (a != e)
        return QStringLiteral("element count %1 != expected %2").arg(a).arg(e);
    return compareScaled(actual.values, expected.values, tolerance);
}

} // namespace vlmprobe::test
