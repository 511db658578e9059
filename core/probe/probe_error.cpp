#include "probe/probe_error.h"

namespace vlmprobe {

ProbeError::ProbeError(const QString& message)
    : std::runtime_error(message.toStdString())
{
}

} // namespace vlmprobe
