#include "subcommands.h"

#include "vlmprobe/engine/errors.h"

namespace vlmprobe::tools {

int runPreprocess(const CommandLine&)
{
    throw engine::EngineError("'preprocess' is not available in this build yet");
}

} // namespace vlmprobe::tools
