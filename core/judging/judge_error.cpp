#include "judging/judge_error.h"

namespace vlmprobe {

JudgeError::JudgeError(const QString& message)
    : std::runtime_error(message.toStdString())
{
}

} // namespace vlmprobe
