#include "subcommands.h"

#include "vlmprobe/engine/errors.h"

namespace vlmprobe::tools {

int runBench(const CommandLine&)
{
    throw engine::EngineError("'bench' is not available in this build yet");
}

} // namespace vlmprobe::tools
