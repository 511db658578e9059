#pragma once
// Application identity shared by the GUI, the headless commands and the workspace (recorded with every run).

#include <QString>

namespace vlmprobe {

QString applicationVersion();
// Where the demo workspace lives by default: <user data dir>/demo.vlmprobe (created on first start).
QString defaultDemoWorkspacePath();

} // namespace vlmprobe
