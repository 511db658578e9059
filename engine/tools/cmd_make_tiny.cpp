#include "subcommands.h"

#include "vlmprobe/engine/errors.h"

namespace vlmprobe::tools {

int runMakeTiny(const CommandLine&)
{
    throw engine::EngineError("'make_tiny' is not available in this build yet");
}

} // namespace vlmprobe::tools
