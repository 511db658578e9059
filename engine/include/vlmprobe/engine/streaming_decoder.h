#pragma once
// Turns ids into text one at a time, as a model generates them, without ever cutting a UTF-8 character: a token
// may end in the middle of a multi-byte character (BPE works on bytes), so the incomplete tail is held back until
// the next ids complete it.
//
//     StreamingDecoder stream(tokenizer, /*skipSpecial=*/true);
//     for (std::int32_t id : generated)
//         std::cout << stream.push(id);
//     std::cout << stream.finish();
//
// The concatenation of every push() and finish() equals tokenizer.decode(allIds, skipSpecial).
// Thread safety: one decoder belongs to one thread; it keeps a reference to the tokenizer, which must outlive it.

#include <cstdint>
#include <string>

namespace vlmprobe::engine {

class Tokenizer;

class StreamingDecoder {
public:
    explicit StreamingDecoder(const Tokenizer& tokenizer, bool skipSpecial = false);

    // The text completed by `id`: valid UTF-8, possibly empty. Invalid byte sequences become U+FFFD as soon as
    // they are known to be invalid.
    std::string push(std::int32_t id);
    // Flushes a dangling incomplete character as U+FFFD and resets the decoder for a new stream.
    std::string finish();

private:
    const Tokenizer& m_tokenizer;
    bool m_skipSpecial;
    std::string m_pending; // bytes of an incomplete UTF-8 character, at most 3
};

} // namespace vlmprobe::engine
