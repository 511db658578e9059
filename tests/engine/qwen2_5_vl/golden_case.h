#pragma once
// Reading the Qwen2.5-VL golden cases of shared/golden/ (see its README) for the network tests.

#include "vlmprobe/engine/float_array.h"
#include "vlmprobe/engine/vision_input.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace vlmprobe::test {

struct GoldenCase {
    QString checkpoint; // "flat_f32" or "nested_tied_bf16"
    QString name; // "one_image", ...
    QString folder; // shared/golden/<checkpoint>/<name>
    QJsonObject json; // golden.json

    QString checkpointDir() const;
    QString path(const QString& file) const { return folder + QLatin1Char('/') + file; }
    std::vector<std::int32_t> inputIds() const; // expanded
    std::vector<std::int32_t> promptSpecIds() const; // one image pad per image
    std::vector<engine::GridThw> grids() const;
    std::vector<engine::VisionInput> images() const; // pixel_values.npy split per image
    QStringList imageFiles() const; // absolute paths of the case's images, in order
};

QStringList goldenCheckpoints();
QStringList goldenCaseNames();
GoldenCase loadGoldenCase(const QString& checkpoint, const QString& name);

std::vector<std::int64_t> jsonInts(const QJsonValue& value);
std::vector<std::int32_t> jsonIds(const QJsonValue& value);
engine::FloatArray readFloatNpy(const QString& path);

// "" when |a - b| <= tolerance * max(1, max |b|) everywhere and the shapes agree, else the worst element.
QString compareScaled(const std::vector<float>& actual, const std::vector<float>& expected, double tolerance);
QString compareScaled(const engine::FloatArray& actual, const engine::FloatArray& expected, double tolerance);

} // namespace vlmprobe::test
