#include "vlmprobe/engine/errors.h"

namespace vlmprobe::engine {

const char* engineVersion()
{
    return VLMPROBE_ENGINE_VERSION;
}

} // namespace vlmprobe::engine
