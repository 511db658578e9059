#pragma once
// PromptPreview: the exact text a model is given for a condition, read-only: the rendered chat prompt (chat
// template with the generation prompt) followed by the raw assistant prefill, with every injected span
// (AssembledPrompt::spans: caption, disclaimer, think prefix, cue, ...) highlighted in its role's colour.
// GUI thread only.

#include "probe/prompt_assembly.h"

#include <QColor>
#include <QList>
#include <QString>
#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace vlmprobe {

class PromptPreview : public QWidget {
    Q_OBJECT
public:
    // A highlighted range of the shown text (offsets in UTF-16 code units of text()).
    struct Highlight {
        int start = 0;
        int length = 0;
        QString role;

        friend bool operator==(const Highlight&, const Highlight&) = default;
    };

    explicit PromptPreview(QWidget* parent = nullptr);

    void setPrompt(const AssembledPrompt& prompt);
    // Shows a one-line reason instead of a prompt (the condition cannot be assembled).
    void showError(const QString& message);
    void clear();

    // The shown text: renderedPrompt(prompt) + prompt.prefillText().
    QString text() const;
    // Where the rendered prompt ends and the prefill begins in text().
    int prefillStart() const { return m_prefillStart; }
    const QList<Highlight>& highlights() const { return m_highlights; }
    QString errorText() const;

    static QColor roleColor(const QString& role);

private:
    QPlainTextEdit* m_text = nullptr;
    QLabel* m_legend = nullptr;
    QLabel* m_error = nullptr;
    QList<Highlight> m_highlights;
    int m_prefillStart = 0;
};

} // namespace vlmprobe
