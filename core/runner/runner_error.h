#pragma once
// The error type thrown by core/runner: a plan or a job that cannot be prepared (a condition kind that needs a
// source run, an unknown sample or model, no model loaded). what() is one human-readable line.

#include <QString>

#include <stdexcept>

namespace vlmprobe {

class RunnerError : public std::runtime_error {
public:
    explicit RunnerError(const QString& message);

    QString message() const { return QString::fromUtf8(what()); }
};

} // namespace vlmprobe
