#pragma once
// The Qwen2 byte-level BPE tokenizer, read from a Hugging Face tokenizer.json.
//
//     auto tokenizer = vlmprobe::engine::Tokenizer::load("/models/Qwen2.5-VL-3B-Instruct");
//     std::vector<std::int32_t> ids = tokenizer.encode("<|im_start|>user\nWhat is 2 plus 2?<|im_end|>\n");
//     std::string text = tokenizer.decode(ids, /*skipSpecial=*/true);
//
// Behaviour follows Hugging Face `tokenizers` for this tokenizer family, id for id:
//   encode: added tokens are split out of the raw text first (leftmost match, then the longest); every other
//           segment is NFC-normalised, split by the Qwen2 pre-tokenizer regex, byte-level mapped and BPE-merged by
//           merge rank. No BOS/EOS or other template tokens are added.
//   decode: ids map to their tokens (added tokens to their content), the byte-level map is reversed and the bytes
//           are read as UTF-8 with each invalid sequence replaced by U+FFFD. Ids that are neither in the
//           vocabulary nor added tokens (e.g. the model's padding rows) decode to nothing.
//
// Thread safety: a Tokenizer is immutable after load(); concurrent const calls from any number of threads are
// safe (the internal per-piece BPE cache is guarded). Copies share the loaded data.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vlmprobe::engine {

class Tokenizer {
public:
    // path: a tokenizer.json, or a folder that contains one. Throws LoadError when the file is missing or
    // malformed, or describes something other than a byte-level BPE with the Qwen2 pre-tokenizer. Added tokens
    // get their ids as Hugging Face assigns them on load (in file order, after the vocabulary), which matches the
    // file's "id" fields whenever those are consistent.
    static Tokenizer load(const std::string& path);

    // text: UTF-8. Throws InvalidInputError when it is not valid UTF-8.
    std::vector<std::int32_t> encode(std::string_view text) const;

    // skipSpecial drops the added tokens marked special (<|im_end|> ...), not the other added tokens.
    std::string decode(std::span<const std::int32_t> ids, bool skipSpecial = false) const;

    // The id of a vocabulary token (in its byte-level spelling, e.g. "Ġhello") or of an added token's content.
    std::optional<std::int32_t> tokenId(std::string_view tokenText) const;
    // The vocabulary spelling or added-token content of `id`; empty for an id that is neither.
    std::string tokenText(std::int32_t id) const;
    // Whether `id` is an added token marked special.
    bool isSpecial(std::int32_t id) const;
    // Number of distinct ids: vocabulary plus added tokens that are not also vocabulary entries.
    std::int64_t size() const;

    // The raw bytes that `id` contributes to decoded text (not yet UTF-8 validated); empty for an unknown id.
    // StreamingDecoder builds on this.
    std::string_view tokenBytes(std::int32_t id) const;

    class Impl; // the loaded state (engine/src/text); not part of the public API

private:
    explicit Tokenizer(std::shared_ptr<const Impl> impl);
    std::shared_ptr<const Impl> m_impl;
};

} // namespace vlmprobe::engine
