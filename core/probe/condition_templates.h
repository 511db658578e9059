#pragma once
// Text templates for the paper's text conditions. A template states an option as a fact (caption) or argues for it
// (think prefix) without knowing which option is right, so the correct control and the misleading condition are
// built from the same words and differ only in the option filled in (protocol.md, "Correct-Caption / Correct-Think").
//
// Placeholders: {option} = the option's text, {letter} = its letter. Thread safety: pure functions.

#include <QList>
#include <QString>

#include <optional>

namespace vlmprobe {

struct ConditionTemplate {
    QString id; // stable; recorded in a condition's provenance {"source": "template", "template": id}
    QString text;

    friend bool operator==(const ConditionTemplate&, const ConditionTemplate&) = default;
};

// Captions placed in the user turn; the first is the default.
QList<ConditionTemplate> captionTemplates();
// Reasoning prefilled after "<think>", left open so the model continues it; the first is the default.
QList<ConditionTemplate> thinkPrefixTemplates();

std::optional<ConditionTemplate> findTemplate(const QList<ConditionTemplate>& templates, const QString& id);

// text with every {option} and {letter} replaced.
QString fillTemplate(const QString& text, const QString& letter, const QString& option);

} // namespace vlmprobe
