#pragma once
// Console output of the command-line surface. Errors are one line on stderr, prefixed with the command
// ("vlmprobe demo: ..."), so scripts can show them verbatim. Any thread; each call writes one whole line.

#include <QString>

namespace vlmprobe::console {

void printLine(const QString& text);
void printError(const QString& command, const QString& message);

} // namespace vlmprobe::console
