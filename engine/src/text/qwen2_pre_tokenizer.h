#pragma once
// The Qwen2 pre-tokenizer: Split(regex, Isolated) with the regex
//   (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
// evaluated as Oniguruma does (first matching alternative wins, greedy with backtracking; \p{L} and \p{N} are
// the general categories, \s is White_Space, (?i) folds with Unicode simple case folding, so "'ſ" matches 's).
// A hand-written scanner replaces the regex engine; every character is matched by some alternative, so the
// pieces cover the text without gaps.

#include <string_view>
#include <vector>

namespace vlmprobe::engine {

class Qwen2PreTokenizer {
public:
    // The exact pattern string that tokenizer.json files carry for this pre-tokenizer.
    static constexpr std::string_view kPattern = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| "
                                                 "?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    // Appends the pieces of well-formed UTF-8 `text`, in order, as views into `text`.
    static void split(std::string_view text, std::vector<std::string_view>& pieces);
};

} // namespace vlmprobe::engine
