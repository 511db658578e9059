#include "subcommands.h"

#include "vlmprobe/engine/errors.h"

namespace vlmprobe::tools {

int runRender(const CommandLine&)
{
    throw engine::EngineError("'render' is not available in this build yet");
}

} // namespace vlmprobe::tools
