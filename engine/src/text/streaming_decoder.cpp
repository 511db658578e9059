#include "vlmprobe/engine/streaming_decoder.h"

#include "text/utf8.h"
#include "vlmprobe/engine/tokenizer.h"

namespace vlmprobe::engine {

StreamingDecoder::StreamingDecoder(const Tokenizer& tokenizer, bool skipSpecial)
    : m_tokenizer(tokenizer)
    , m_skipSpecial(skipSpecial)
{
}

std::string StreamingDecoder::push(std::int32_t id)
{
    if (m_skipSpecial && m_tokenizer.isSpecial(id))
        return {};
    const std::string_view bytes = m_tokenizer.tokenBytes(id);
    if (bytes.empty())
        return {};
    std::string text;
    if (m_pending.empty()) {
        const std::size_t consumed = utf8::appendLossy(text, bytes, false);
        m_pending.assign(bytes.substr(consumed));
        return text;
    }
    m_pending.append(bytes);
    const std::size_t consumed = utf8::appendLossy(text, m_pending, false);
    m_pending.erase(0, consumed);
    return text;
}

std::string StreamingDecoder::finish()
{
    std::string text;
    utf8::appendLossy(text, m_pending, true);
    m_pending.clear();
    return text;
}

} // namespace vlmprobe::engine
