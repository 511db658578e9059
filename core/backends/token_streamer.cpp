#include "backends/token_streamer.h"

namespace vlmprobe {

TokenStreamer::TokenStreamer(const engine::Tokenizer& tokenizer, Flush flush, int intervalMs)
    : m_tokenizer(tokenizer)
    , m_decoder(tokenizer, /*skipSpecial=*/true)
    , m_flush(std::move(flush))
    , m_intervalMs(intervalMs)
{
    m_sinceFlush.start();
}

void TokenStreamer::push(const engine::TokenEvent& event)
{
    const std::string piece = m_decoder.push(event.id);
    m_text += piece;
    m_pieceEnds.push_back(m_text.size());
    StreamedToken token;
    token.id = event.id;
    token.text = QString::fromStdString(piece);
    token.logprob = event.logprob;
    token.index = event.index;
    for (const engine::TokenAlternative& alternative : event.alternatives) {
        const std::int32_t id = alternative.id;
        token.alternatives.append({ QString::fromStdString(m_tokenizer.decode({ &id, 1 })), alternative.logprob });
    }
    if (!event.imageAttention.empty()) {
        const engine::ImageAttention& first = event.imageAttention.front();
        token.attentionRows = first.rows;
        token.attentionColumns = first.columns;
        token.imageAttention = QList<float>(first.mass.begin(), first.mass.end());
    }
    m_tokens.append(std::move(token));
    if (m_sinceFlush.elapsed() >= m_intervalMs && m_tokens.size() - 1 > m_flushed) {
        m_flush(m_tokens.mid(m_flushed, m_tokens.size() - 1 - m_flushed));
        m_flushed = m_tokens.size() - 1;
        m_sinceFlush.restart();
    }
}

void TokenStreamer::finish()
{
    const std::string tail = m_decoder.finish();
    if (!tail.empty() && !m_tokens.isEmpty()) {
        m_text += tail;
        m_pieceEnds.back() = m_text.size();
        m_tokens.last().text += QString::fromStdString(tail);
    }
    if (m_tokens.size() > m_flushed) {
        m_flush(m_tokens.mid(m_flushed));
        m_flushed = m_tokens.size();
    }
}

} // namespace vlmprobe
