#pragma once
// Turns the engine's token events into StreamedToken values: decodes each token's text piece with a
// StreamingDecoder (special tokens skipped, UTF-8 never cut), keeps the whole completion with each token's end
// offset, and hands batches to `flush` at most every `intervalMs` (and at finish()).
//
// The newest token is held back from periodic batches, so that finish() can attach the decoder's tail (a dangling
// partial character) to it: the streamed pieces always concatenate to text().
// Thread affinity: the generating thread; `flush` runs on it.

#include "backends/run_job.h"

#include "vlmprobe/engine/generation.h"
#include "vlmprobe/engine/streaming_decoder.h"
#include "vlmprobe/engine/tokenizer.h"

#include <QElapsedTimer>
#include <QList>

#include <functional>
#include <string>
#include <vector>

namespace vlmprobe {

class TokenStreamer {
public:
    using Flush = std::function<void(const QList<StreamedToken>&)>;

    TokenStreamer(const engine::Tokenizer& tokenizer, Flush flush, int intervalMs = 30);

    void push(const engine::TokenEvent& event);
    // Flushes the decoder and every pending token. Call once, after the last push().
    void finish();

    const std::string& text() const { return m_text; } // UTF-8 completion
    const QList<StreamedToken>& tokens() const { return m_tokens; } // every token so far
    // UTF-8 byte offset in text() just past token i's piece.
    const std::vector<std::size_t>& pieceEnds() const { return m_pieceEnds; }

private:
    const engine::Tokenizer& m_tokenizer;
    engine::StreamingDecoder m_decoder;
    Flush m_flush;
    int m_intervalMs;
    QElapsedTimer m_sinceFlush;
    std::string m_text;
    QList<StreamedToken> m_tokens;
    std::vector<std::size_t> m_pieceEnds;
    qsizetype m_flushed = 0; // tokens already handed to m_flush
};

} // namespace vlmprobe
