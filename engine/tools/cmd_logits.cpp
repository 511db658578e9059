#include "subcommands.h"

#include "vlmprobe/engine/errors.h"

namespace vlmprobe::tools {

int runLogits(const CommandLine&)
{
    throw engine::EngineError("'logits' is not available in this build yet");
}

} // namespace vlmprobe::tools
