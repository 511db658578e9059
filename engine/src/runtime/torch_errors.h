#pragma once
// Converts torch's exceptions (c10::Error: device out of memory, a kernel failure) into EngineError at the
// engine's public edges, so callers only ever see the engine's typed errors with one readable line.

#include "vlmprobe/engine/errors.h"

#include <c10/util/Exception.h>

#include <string>
#include <utility>

namespace vlmprobe::engine {

std::string firstLine(const std::string& text);

template <typename Function> auto translateTorchErrors(const char* what, Function&& function) -> decltype(function())
{
    try {
        return std::forward<Function>(function)();
    } catch (const c10::Error& error) {
        const std::string message = error.what_without_backtrace();
        if (message.find("out of memory") != std::string::npos)
            throw EngineError(std::string(what) + ": the device is out of memory (" + firstLine(message) + ")");
        throw EngineError(std::string(what) + ": " + firstLine(message));
    }
}

} // namespace vlmprobe::engine
