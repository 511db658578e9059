#include "subcommands.h"

#include "vlmprobe/engine/errors.h"

namespace vlmprobe::tools {

int runGenerate(const CommandLine&)
{
    throw engine::EngineError("'generate' is not available in this build yet");
}

} // namespace vlmprobe::tools
