#pragma once
// Reading references to multiple-choice options in model text, shared by answer extraction and the judges.
//
// Only single letters A..Z are recognised as references (benchmarks beyond 26 options are not supported by the
// text rules). A letter counts only when it names an option (index < options.size()); a bare "A" is also the
// English article, so callers accept letters only in explicit patterns and use isArticle() to reject "A dog".

#include <QString>
#include <QStringList>

namespace vlmprobe {

// The uppercase letter when `letter` is one letter naming one of `optionCount` options; empty otherwise.
QString letterInRange(const QString& letter, int optionCount);

// True when the letter at `letterPos` of `text` is "A" or "I" followed by a space and a word, i.e. reads as an
// English article or pronoun ("A red cube", "I think") rather than an option reference.
bool isArticle(const QString& text, qsizetype letterPos);

// The letter of the option whose text equals `text` (case-insensitive, trimmed, a trailing period and surrounding
// quotes or asterisks ignored); empty when none or when several options share that text.
QString optionMatchingText(const QString& text, const QStringList& options);

// The option named by a short answer span: "B", "(B)", "B.", "B) text", "B: text", "Option B", "**B**", or the
// exact text of one option. Empty when the span names no option (or a letter beyond the options).
QString optionFromAnswerText(const QString& text, const QStringList& options);

} // namespace vlmprobe
