#include "subcommands.h"

#include "vlmprobe/engine/errors.h"

namespace vlmprobe::tools {

int runTokenize(const CommandLine&)
{
    throw engine::EngineError("'tokenize' is not available in this build yet");
}

} // namespace vlmprobe::tools
