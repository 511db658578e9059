#pragma once
// Transparent string hashing, so that unordered containers keyed by std::string can be searched with a
// std::string_view without building a string.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace vlmprobe::engine {

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view> {}(text); }
    std::size_t operator()(const std::string& text) const noexcept { return std::hash<std::string_view> {}(text); }
};

} // namespace vlmprobe::engine
