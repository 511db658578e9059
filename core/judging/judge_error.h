#pragma once
// The error thrown by core/judging's workspace-facing parts: a judge prompt template without a required placeholder,
// a run that cannot be judged (unknown, unfinished). what() is one line.

#include <QString>

#include <stdexcept>

namespace vlmprobe {

class JudgeError : public std::runtime_error {
public:
    explicit JudgeError(const QString& message);

    QString message() const { return QString::fromUtf8(what()); }
};

} // namespace vlmprobe
