#pragma once
// Small filesystem helpers for the checkpoint readers (POSIX paths).

#include <string>
#include <string_view>

namespace vlmprobe::engine {

std::string joinPath(const std::string& directory, std::string_view name); // "dir" + "/" + name
bool isRegularFile(const std::string& path); // follows symlinks (HF caches use them)
bool isDirectory(const std::string& path);
// The whole content of a (small) file. Throws LoadError naming the path when it is missing or unreadable.
std::string readWholeFile(const std::string& path);

} // namespace vlmprobe::engine
