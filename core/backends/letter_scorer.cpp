#include "backends/letter_scorer.h"

#include "backends/backend_error.h"
#include "workspace/records.h"

#include <algorithm>
#include <string_view>

namespace vlmprobe {

namespace {

constexpr std::string_view kAnswerTag = "<answer>";

bool endsWith(std::string_view text, std::string_view suffix)
{
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string_view trimmedRight(std::string_view text)
{
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\t' || text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

std::vector<std::int32_t> letterIds(const engine::Tokenizer& tokenizer, const QStringList& options)
{
    std::vector<std::int32_t> ids;
    for (int i = 0; i < options.size(); ++i) {
        const std::string letter = optionLetter(i).toStdString();
        const std::vector<std::int32_t> encoded = tokenizer.encode(letter);
        if (encoded.size() != 1)
            throw BackendError("option letter " + letter + " is " + std::to_string(encoded.size())
                + " tokens, not one: its probability cannot be read");
        ids.push_back(encoded.front());
    }
    return ids;
}

void appendText(
    engine::Session& session, const engine::Tokenizer& tokenizer, std::string_view text, const std::atomic<bool>* stop)
{
    if (text.empty())
        return;
    session.append(tokenizer.encode(text), {}, {}, stop);
}

// Moves `session` (a fork of the finished run) to the letter position; returns the position's name.
QString moveToLetterPosition(engine::Session& session, const engine::Tokenizer& tokenizer, const LetterScoringInput& in,
    const std::atomic<bool>* stop)
{
    const std::size_t tag = in.completion.rfind(kAnswerTag);
    if (tag != std::string::npos && !in.pieceEnds.empty()) {
        const std::size_t end = tag + kAnswerTag.size();
        const auto completing = std::lower_bound(in.pieceEnds.begin(), in.pieceEnds.end(), end);
        const auto k = static_cast<std::int64_t>(completing - in.pieceEnds.begin());
        if (*completing == end) {
            session.truncate(in.generatedFrom + k + 1);
        } else {
            const std::size_t start = k > 0 ? in.pieceEnds[static_cast<std::size_t>(k - 1)] : 0;
            session.truncate(in.generatedFrom + k);
            appendText(session, tokenizer, std::string_view(in.completion).substr(start, end - start), stop);
        }
        return QStringLiteral("generated");
    }
    if (endsWith(in.prefill, kAnswerTag) && trimmedRight(in.completion).empty()) {
        session.truncate(in.generatedFrom);
        return QStringLiteral("prefill");
    }
    std::size_t kept = in.generatedIds.size();
    while (kept > 0
        && std::find(in.eosIds.begin(), in.eosIds.end(), std::int64_t { in.generatedIds[kept - 1] }) != in.eosIds.end())
        --kept;
    session.truncate(in.generatedFrom + static_cast<std::int64_t>(kept));
    const std::string text = in.prefill + in.completion;
    const bool hasThink = text.find("<think>") != std::string::npos;
    std::string_view forced = "</think>\n<answer>";
    if (endsWith(trimmedRight(text), "</think>"))
        forced = kAnswerTag;
    else if (in.thinkClosed || !hasThink)
        forced = "\n<answer>";
    appendText(session, tokenizer, forced, stop);
    return QStringLiteral("forced");
}

} // namespace

LetterScore scoreLetters(const engine::Session& session, const engine::Tokenizer& tokenizer,
    const LetterScoringInput& input, const std::atomic<bool>* stop)
{
    const std::vector<std::int32_t> ids = letterIds(tokenizer, input.options);
    engine::Session fork = session.fork();
    LetterScore score;
    score.position = moveToLetterPosition(fork, tokenizer, input, stop);
    const engine::LetterDistribution d = fork.letterDistribution(ids);
    for (int i = 0; i < input.options.size(); ++i) {
        const double p = d.probabilities[static_cast<std::size_t>(i)];
        score.optionDistribution.insert(optionLetter(i), p);
        if (optionLetter(i) == input.goldAnswer)
            score.pCorrect = p;
    }
    score.entropy = d.entropy;
    score.letterMass = d.rawMass;
    return score;
}

} // namespace vlmprobe
