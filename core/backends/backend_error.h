#pragma once
// Thrown inside core/backends for bad requests (an undecodable image, a prompt/image mismatch, no model loaded).
// One line; LocalBackend reports it through runFailed / completionFailed / modelLoadFailed.

#include <stdexcept>

namespace vlmprobe {

class BackendError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace vlmprobe
