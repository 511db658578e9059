#include "subcommands.h"

#include "vlmprobe/engine/errors.h"

namespace vlmprobe::tools {

int runDetokenize(const CommandLine&)
{
    throw engine::EngineError("'detokenize' is not available in this build yet");
}

} // namespace vlmprobe::tools
