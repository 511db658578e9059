#pragma once
// Whole-file writes that never leave a half-written file: write to a temporary sibling, flush, rename.

#include <string>
#include <string_view>

namespace vlmprobe::engine {

// Throws LoadError (naming the path and the OS reason) when the write fails; the target is then untouched.
void writeFileAtomically(const std::string& path, std::string_view bytes);

} // namespace vlmprobe::engine
