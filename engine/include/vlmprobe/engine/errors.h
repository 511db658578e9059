#pragma once
// Typed errors thrown at the engine's edges. Each carries one human-readable line: callers (the CLI, core's
// backends) print what() as-is, so messages name the file, tensor or parameter at fault.

#include <stdexcept>
#include <string>

namespace vlmprobe::engine {

// Base of every engine error.
class EngineError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A checkpoint, tokenizer, config or image file is missing, malformed or inconsistent.
class LoadError : public EngineError {
public:
    using EngineError::EngineError;
};

// An argument is out of range (an image too small, an unknown option, a bad id).
class InvalidInputError : public EngineError {
public:
    using EngineError::EngineError;
};

// The engine's version string, recorded with every run.
const char* engineVersion();

} // namespace vlmprobe::engine
