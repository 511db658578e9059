#include "workspace_error.h"

namespace vlmprobe {

WorkspaceError::WorkspaceError(Reason reason, const QString& message)
    : std::runtime_error(message.toStdString())
    , m_reason(reason)
{
}

} // namespace vlmprobe
