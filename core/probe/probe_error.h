#pragma once
// The one error type thrown by core/probe: a condition that cannot be assembled (missing source run, malformed
// parameters) or an image that cannot be perturbed (undecodable, too large, bad recipe). what() is one line.

#include <QString>

#include <stdexcept>

namespace vlmprobe {

class ProbeError : public std::runtime_error {
public:
    explicit ProbeError(const QString& message);

    QString message() const { return QString::fromUtf8(what()); }
};

} // namespace vlmprobe
