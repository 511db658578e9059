#pragma once
// `vlmprobe demo --out FILE [--samples N] [--seed S] [--force] [--json]`: writes the demo study into a new
// workspace file, headless. Prints where it went (or one JSON object with --json); exit status 0 on success,
// 1 when the workspace cannot be written, 2 for a usage error.

#include "command_dispatcher.h"

namespace vlmprobe {

HeadlessCommand demoCommand();
int runDemoCommand(const QStringList& arguments);

} // namespace vlmprobe
