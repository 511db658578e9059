#pragma once
// Early answering (Lanham et al. 2023): the first k of a previous run's own chain of thought, counted in tokens or
// in sentences. Used by prompt assembly; exposed for the early-answering sweep and its tests.
//
// Thread safety: every function is pure.

#include "workspace/records.h"

#include <cstdint>

namespace vlmprobe {

struct SourceToken {
    std::int32_t id = 0;
    QString text; // the token's decoded text as the run recorded it

    friend bool operator==(const SourceToken&, const SourceToken&) = default;
};

// A run's completion tokens split around its thinking. The thinking starts after the completion's "<think>" (or at
// the first token when the completion has none, i.e. the run's prefill opened the think) and ends before its
// "</think>" (or at the last token). A token that straddles the opening tag ends the preamble; a token that
// straddles the closing tag is not thinking.
struct SourceThinking {
    QList<SourceToken> preamble; // tokens up to and including "<think>" (empty when the prefill opened it)
    QList<SourceToken> thinking;
    bool openedInCompletion = false; // the completion itself wrote "<think>"
};

// Reads run.tokenLogprobs {"content": [{"id": int, "token": str, ...}, ...]}. Throws ProbeError when the list is
// missing or empty, or an entry lacks an integer id or a string token.
SourceThinking sourceThinking(const Run& run);

// Offsets (UTF-16) just past the end of each sentence of text: a sentence ends at '.', '!' or '?' followed by
// whitespace or the end of the text, or at a line break; a trailing piece without terminator is a sentence too.
// Whitespace between sentences belongs to none. "3.5" does not end a sentence; "e.g. this" does.
QList<int> sentenceEnds(const QString& text);

// How many of total units the fraction keeps: round(fraction * total), halves rounded up. Throws ProbeError for a
// fraction outside [0, 1] or not finite.
int truncationCount(double fraction, int total);

} // namespace vlmprobe
