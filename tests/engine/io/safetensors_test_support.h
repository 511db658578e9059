#pragma once
// Builders of raw safetensors images for the tests: the bytes are assembled by hand from a literal JSON header, so
// the reader is checked against the format, not against our own writer.

#include <QByteArray>
#include <QString>

#include <string>

namespace vlmprobe::test {

// 8-byte little-endian length of `header` + `header` + `data`.
QByteArray safetensorsImage(const QByteArray& header, const QByteArray& data);
// Little-endian float32 values.
QByteArray float32Bytes(std::initializer_list<float> values);
// Writes `bytes` to `path`; fails the current test on error.
bool writeBytes(const QString& path, const QByteArray& bytes);
std::string toStd(const QString& text);

} // namespace vlmprobe::test
