#pragma once
// A deterministic, multilingual text corpus for checking the tokenizer against Hugging Face tokenizers and for
// timing it: English prose with contractions, source code (spaces, tabs, CRLF), CJK, Hangul (composed and as
// conjoining jamo), Arabic and Hebrew with their marks, Devanagari, emoji with ZWJ and skin tones, digit runs,
// white-space runs, NFD and mis-ordered combining marks, literal added tokens and <think> tags, and random-ish
// characters from many scripts. Plain C++ (shared by the Qt test and the benchmark).
//
// Characters are drawn from blocks assigned long ago (Unicode 6 or earlier) so that every implementation's
// Unicode tables agree on them.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace vlmprobe::testing {

// Documents of a few KiB each whose sizes add up to at least `minimumBytes`; the same seed gives the same corpus.
std::vector<std::string> tokenizerCorpus(std::size_t minimumBytes, std::uint64_t seed = 20250101);

} // namespace vlmprobe::testing
