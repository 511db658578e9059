#include "safetensors_test_support.h"

#include <QFile>

#include <cstring>

namespace vlmprobe::test {

QByteArray safetensorsImage(const QByteArray& header, const QByteArray& data)
{
    QByteArray out;
    quint64 length = static_cast<quint64>(header.size());
    for (int i = 0; i < 8; ++i) {
        out.append(static_cast<char>(length & 0xffu));
        length >>= 8;
    }
    return out + header + data;
}

QByteArray float32Bytes(std::initializer_list<float> values)
{
    QByteArray out;
    for (float value : values) {
        char bytes[4];
        std::memcpy(bytes, &value, 4);
        out.append(bytes, 4);
    }
    return out;
}

bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

std::string toStd(const QString& text)
{
    return text.toStdString();
}

} // namespace vlmprobe::test
