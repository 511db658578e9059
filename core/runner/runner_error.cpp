#include "runner_error.h"

namespace vlmprobe {

RunnerError::RunnerError(const QString& message)
    : std::runtime_error(message.simplified().toStdString())
{
}

} // namespace vlmprobe
