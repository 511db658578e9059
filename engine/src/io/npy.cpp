#include "vlmprobe/engine/npy.h"

#include "vlmprobe/engine/errors.h"

#include "io/atomic_file.h"
#include "io/file_paths.h"

#include <cstring>
#include <functional>
#include <numeric>
#include <regex>
#include <sstream>

namespace vlmprobe::engine {

namespace {

int itemSize(const std::string& dtype)
{
    if (dtype.size() < 2)
        return 0;
    return std::atoi(dtype.c_str() + 1);
}

template <typename T> T readScalar(const std::uint8_t* p)
{
    T value;
    std::memcpy(&value, p, sizeof(T));
    return value;
}

float halfToFloat(std::uint16_t h)
{
    const std::uint32_t sign = (h & 0x8000u) << 16;
    std::uint32_t exponent = (h >> 10) & 0x1f;
    std::uint32_t mantissa = h & 0x3ff;
    std::uint32_t bits;
    if (exponent == 0) {
        if (mantissa == 0) {
            bits = sign;
        } else {
            exponent = 127 - 15 + 1;
            while ((mantissa & 0x400u) == 0) {
                mantissa <<= 1;
                --exponent;
            }
            bits = sign | (exponent << 23) | ((mantissa & 0x3ffu) << 13);
        }
    } else if (exponent == 31) {
        bits = sign | 0x7f800000u | (mantissa << 13);
    } else {
        bits = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
    }
    float out;
    std::memcpy(&out, &bits, sizeof(out));
    return out;
}

} // namespace

std::int64_t NpyArray::elementCount() const
{
    return std::accumulate(shape.begin(), shape.end(), std::int64_t { 1 }, std::multiplies<>());
}

std::vector<float> NpyArray::toFloat32() const
{
    const std::int64_t n = elementCount();
    std::vector<float> out(static_cast<size_t>(n));
    const std::uint8_t* p = bytes.data();
    for (std::int64_t i = 0; i < n; ++i) {
        float& v = out[static_cast<size_t>(i)];
        if (dtype == "f4")
            v = readScalar<float>(p + i * 4);
        else if (dtype == "f8")
            v = static_cast<float>(readScalar<double>(p + i * 8));
        else if (dtype == "f2")
            v = halfToFloat(readScalar<std::uint16_t>(p + i * 2));
        else if (dtype == "i8")
            v = static_cast<float>(readScalar<std::int64_t>(p + i * 8));
        else if (dtype == "i4")
            v = static_cast<float>(readScalar<std::int32_t>(p + i * 4));
        else if (dtype == "u1" || dtype == "b1")
            v = static_cast<float>(p[i]);
        else
            throw LoadError("npy dtype '" + dtype + "' cannot be read as float32");
    }
    return out;
}

std::vector<std::int64_t> NpyArray::toInt64() const
{
    const std::int64_t n = elementCount();
    std::vector<std::int64_t> out(static_cast<size_t>(n));
    const std::uint8_t* p = bytes.data();
    for (std::int64_t i = 0; i < n; ++i) {
        std::int64_t& v = out[static_cast<size_t>(i)];
        if (dtype == "i8")
            v = readScalar<std::int64_t>(p + i * 8);
        else if (dtype == "i4")
            v = readScalar<std::int32_t>(p + i * 4);
        else if (dtype == "u1" || dtype == "b1")
            v = p[i];
        else
            throw LoadError("npy dtype '" + dtype + "' cannot be read as int64");
    }
    return out;
}

NpyArray readNpy(const std::string& path)
{
    const std::string content = readWholeFile(path);
    if (content.size() < 10 || content.compare(0, 6, "\x93NUMPY") != 0)
        throw LoadError(path + ": not a .npy file");
    const int major = static_cast<unsigned char>(content[6]);
    size_t headerLength = 0;
    size_t headerStart = 0;
    if (major == 1) {
        headerLength = static_cast<unsigned char>(content[8]) | (static_cast<unsigned char>(content[9]) << 8);
        headerStart = 10;
    } else if (major == 2 || major == 3) {
        if (content.size() < 12)
            throw LoadError(path + ": truncated .npy header");
        headerLength = readScalar<std::uint32_t>(reinterpret_cast<const std::uint8_t*>(content.data() + 8));
        headerStart = 12;
    } else {
        throw LoadError(path + ": unsupported .npy version " + std::to_string(major));
    }
    if (headerStart + headerLength > content.size())
        throw LoadError(path + ": .npy header runs past the end of the file");
    const std::string header = content.substr(headerStart, headerLength);

    std::smatch match;
    NpyArray array;
    if (!std::regex_search(header, match, std::regex(R"('descr'\s*:\s*'([<>|=])([a-z]\d+)')")))
        throw LoadError(path + ": .npy header has no descr");
    if (match[1] == ">")
        throw LoadError(path + ": big-endian .npy files are not supported");
    array.dtype = match[2];
    if (std::regex_search(header, std::regex(R"('fortran_order'\s*:\s*True)")))
        throw LoadError(path + ": Fortran-order .npy files are not supported");
    if (!std::regex_search(header, match, std::regex(R"('shape'\s*:\s*\(([^)]*)\))")))
        throw LoadError(path + ": .npy header has no shape");
    std::stringstream dims(match[1].str());
    std::string dim;
    while (std::getline(dims, dim, ',')) {
        if (dim.find_first_not_of(" ") == std::string::npos)
            continue;
        array.shape.push_back(std::stoll(dim));
    }
    const size_t dataBytes = static_cast<size_t>(array.elementCount()) * static_cast<size_t>(itemSize(array.dtype));
    const size_t dataStart = headerStart + headerLength;
    if (content.size() - dataStart != dataBytes)
        throw LoadError(path + ": .npy data size does not match its shape");
    array.bytes.assign(content.begin() + static_cast<std::ptrdiff_t>(dataStart), content.end());
    return array;
}

void writeNpyFloat32(const std::string& path, const std::vector<std::int64_t>& shape, const float* data)
{
    std::string shapeText = "(";
    std::int64_t count = 1;
    for (size_t i = 0; i < shape.size(); ++i) {
        shapeText += (i ? ", " : "") + std::to_string(shape[i]);
        count *= shape[i];
    }
    shapeText += shape.size() == 1 ? ",)" : ")";
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shapeText + ", }";
    const size_t unpadded = 10 + header.size() + 1;
    header.append((64 - unpadded % 64) % 64, ' ');
    header.push_back('\n');

    std::string bytes = "\x93NUMPY";
    bytes.push_back('\x01');
    bytes.push_back('\x00');
    bytes.push_back(static_cast<char>(header.size() & 0xff));
    bytes.push_back(static_cast<char>(header.size() >> 8));
    bytes += header;
    bytes.append(reinterpret_cast<const char*>(data), static_cast<size_t>(count) * sizeof(float));
    writeFileAtomically(path, bytes);
}

} // namespace vlmprobe::engine
