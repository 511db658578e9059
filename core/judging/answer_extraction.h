#pragma once
// Answer extraction (protocol.md, "Reading a run"): splits a run's text into reasoning and answer and finds the
// option letter the model gave.
//
//     const ParsedCompletion parsed = parseCompletion(run.prefill, run.completion, sample.options);
//     run.thinkText = parsed.thinkText; run.answerText = parsed.answerText; run.parsedOption = parsed.option;
//
// Pure functions of their arguments; safe from any thread.

#include <QString>
#include <QStringList>

namespace vlmprobe {

enum class AnswerRule {
    AnswerTag, // the letter (or the exact option text) inside the last <answer>...</answer>
    AnswerColon, // "Answer: X", "answer is X", "answer is (X)" after the think
    Boxed, // \boxed{X} after the think
    OptionText, // the text after the think equals one option's text
    None, // no rule found a letter: format failure
};

struct ParsedCompletion {
    // The reasoning without tags: the prefill and completion between <think> and </think>, trimmed. An unclosed
    // think gives everything after <think>. A lone </think> (a chat template that opens the think itself) gives
    // everything before it. Empty when there is no think tag.
    QString thinkText;
    bool thinkClosed = false;
    QString answerText; // inside the last <answer>...</answer> (an unclosed tag runs to the end), trimmed
    QString option; // the extracted letter ("A".. within the options); empty = format failure
    AnswerRule rule = AnswerRule::None;

    bool formatFailure() const { return option.isEmpty(); }
};

// `prefill` is what was injected into the assistant turn (e.g. "<think>\nOkay..."), `completion` what the model
// generated after it; they are parsed as one text. The rules, in order, each looking only at the text after the
// think (the whole text when there is no think):
//   1. the last <answer>...</answer>: "B", "(B)", "B.", "B) text", "Option B", or the exact text of one option;
//   2. the last "Answer: X" / "answer is X" / "answer is (X)" (X uppercase or parenthesised; "answer is A dog"
//      reads as an article and is skipped);
//   3. the last \boxed{X};
//   4. the whole answer span (or, without one, the whole text after the think) equals one option's text
//      (case-insensitive, trimmed).
// A think that never closed is still being written: only rule 1 applies, to the answer tags inside it.
// Letters beyond options.size() are not answers; when no rule finds a letter the result is a format failure.
ParsedCompletion parseCompletion(const QString& prefill, const QString& completion, const QStringList& options);

// "answer-tag", "answer-colon", "boxed", "option-text", "none".
QString answerRuleName(AnswerRule rule);

} // namespace vlmprobe
