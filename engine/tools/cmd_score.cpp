#include "subcommands.h"

#include "vlmprobe/engine/errors.h"

namespace vlmprobe::tools {

int runScore(const CommandLine&)
{
    throw engine::EngineError("'score' is not available in this build yet");
}

} // namespace vlmprobe::tools
