#pragma once
// Helpers shared by the vision tests: running the Python oracles, reading their .npy outputs and image files.

#include "vlmprobe/engine/image.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace vlmprobe::test {

// Runs tests/oracles/<script> with the configured python3 (VLMPROBE_ORACLE_PYTHON). Returns an empty string on
// success, else a one-line reason (missing interpreter or module, the script's stderr, a timeout).
QString runPythonOracle(const QString& script, const QStringList& arguments);

// The path of a file under the shared/ folder (goldens, data).
QString sharedPath(const QString& relative);
// The path of a file under the project's source tree.
QString sourcePath(const QString& relative);

// A uint8 .npy of shape [h, w] or [h, w, c] as an engine image. Throws engine::LoadError.
engine::Image imageFromNpy(const QString& path);
// Decodes an image file with Qt (independent of the CLI's decoder): gray and palette images become RGB, images
// with alpha RGBA (straight alpha). Returns an empty image when decoding fails.
engine::Image imageFromFile(const QString& path);
// Writes an engine image as PNG (lossless). Returns false on failure.
bool writePng(const engine::Image& image, const QString& path);
// The float32 contents of a .npy file, with its shape. Throws engine::LoadError.
std::vector<float> floatsFromNpy(const QString& path, std::vector<std::int64_t>* shape = nullptr);

// "" when equal, else a description of the first difference and the number of differing elements.
QString describeByteDifference(const std::vector<std::uint8_t>& actual, const std::vector<std::uint8_t>& expected);
QString describeFloatDifference(const std::vector<float>& actual, const std::vector<float>& expected);

} // namespace vlmprobe::test
