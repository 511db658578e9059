#pragma once
// The vlmprobe-engine subcommands. Each returns the process exit status and throws UsageError for wrong usage
// or an engine error for bad input; main() turns either into one line on stderr.

#include "command_line.h"

namespace vlmprobe::tools {

int runTokenize(const CommandLine& args);
int runDetokenize(const CommandLine& args);
int runRender(const CommandLine& args);
int runPreprocess(const CommandLine& args);
int runMakeTiny(const CommandLine& args);
int runLogits(const CommandLine& args);
int runGenerate(const CommandLine& args);
int runScore(const CommandLine& args);
int runBench(const CommandLine& args);

} // namespace vlmprobe::tools
