#pragma once
// The answer-letter distribution of a finished run (protocol.md, "Reading a run"): the next-token logits of the
// option-letter tokens at the position right after "<answer>", renormalised over the letters.
//
// Where that position is, in order:
//   "generated": the completion holds "<answer>": teacher-force the model's own tokens up to the token that
//                completes the last "<answer>" (when that token runs past the tag, its part up to the tag's end is
//                re-tokenized);
//   "prefill":   the completion holds none but the prefill ends with "<answer>" (answer forcing): right after it;
//   "forced":    otherwise the run's tokens (a final end-of-turn dropped) followed by "<answer>" when the text
//                already ends the think with "</think>", "\n<answer>" when the think is closed (or there is no
//                think at all), else "</think>\n<answer>".
// The session passed in is never modified (scoring works on a fork). Letter ids are the tokenizer's single-token
// encodings of "A", "B", ... one per option.
// Errors: BackendError when an option letter is not a single token; engine::Cancelled when `stop` interrupts.
// Thread affinity: the thread that owns the session.

#include "vlmprobe/engine/session.h"
#include "vlmprobe/engine/tokenizer.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vlmprobe {

struct LetterScoringInput {
    std::int64_t generatedFrom = 0; // session length before the first generated token (prompt + prefill)
    std::vector<std::int32_t> generatedIds;
    std::string completion; // UTF-8 text of the generated tokens
    std::vector<std::size_t> pieceEnds; // per generated token: UTF-8 offset in `completion` past its piece
    std::string prefill; // UTF-8 prefill text
    bool thinkClosed = false; // the parsed prefill + completion closes its <think>
    QStringList options;
    QString goldAnswer; // effective gold letter; empty = none
    std::vector<std::int64_t> eosIds;
};

struct LetterScore {
    QJsonObject optionDistribution; // {"A": p, ...}, sums to 1
    double entropy = 0; // nats
    std::optional<double> pCorrect; // unset when the gold letter is not among the options
    double letterMass = 0; // raw full-vocabulary softmax mass of the letters
    QString position; // "generated", "prefill" or "forced"
};

LetterScore scoreLetters(const engine::Session& session, const engine::Tokenizer& tokenizer,
    const LetterScoringInput& input, const std::atomic<bool>* stop);

} // namespace vlmprobe
