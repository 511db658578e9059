#include "vlmprobe/engine/tokenizer.h"

#include "text/tokenizer_impl.h"
#include "text/tokenizer_json.h"

namespace vlmprobe::engine {

Tokenizer::Tokenizer(std::shared_ptr<const Impl> impl)
    : m_impl(std::move(impl))
{
}

Tokenizer Tokenizer::load(const std::string& path)
{
    return Tokenizer(loadTokenizerJson(path));
}

std::vector<std::int32_t> Tokenizer::encode(std::string_view text) const
{
    return m_impl->encode(text);
}

std::string Tokenizer::decode(std::span<const std::int32_t> ids, bool skipSpecial) const
{
    return m_impl->decode(ids, skipSpecial);
}

std::optional<std::int32_t> Tokenizer::tokenId(std::string_view tokenText) const
{
    return m_impl->tokenId(tokenText);
}

std::string Tokenizer::tokenText(std::int32_t id) const
{
    return std::string(m_impl->tokenText(id));
}

bool Tokenizer::isSpecial(std::int32_t id) const
{
    return m_impl->isSpecial(id);
}

std::int64_t Tokenizer::size() const
{
    return m_impl->size();
}

std::string_view Tokenizer::tokenBytes(std::int32_t id) const
{
    return m_impl->tokenBytes(id);
}

} // namespace vlmprobe::engine
