#include "prompt_preview.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextEdit>
#include <QVBoxLayout>

namespace vlmprobe {

namespace {

// Maps offsets of AssembledPrompt::userText into the rendered prompt. The user text appears there verbatim, in one
// piece, or in two around the image item when the caption precedes the image.
class UserTextLocator {
public:
    UserTextLocator(const QString& rendered, const AssembledPrompt& prompt)
    {
        if (prompt.imageFirst || prompt.imageSplit <= 0 || prompt.imageSplit >= prompt.userText.size()) {
            m_split = int(prompt.userText.size());
            m_first = int(rendered.indexOf(prompt.userText));
            m_second = m_first;
            return;
        }
        m_split = prompt.imageSplit;
        m_first = int(rendered.indexOf(prompt.userText.left(m_split)));
        m_second = m_first < 0 ? -1 : int(rendered.indexOf(prompt.userText.mid(m_split), m_first + m_split));
    }

    // The span's pieces in the rendered prompt; empty when the user text was not found.
    QList<std::pair<int, int>> map(int start, int length) const
    {
        QList<std::pair<int, int>> pieces;
        if (m_first < 0 || m_second < 0)
            return pieces;
        const int end = start + length;
        if (start < m_split)
            pieces.append({ m_first + start, std::min(end, m_split) - start });
        if (end > m_split) {
            const int from = std::max(start, m_split);
            pieces.append({ m_second + (from - m_split), end - from });
        }
        return pieces;
    }

private:
    int m_split = 0;
    int m_first = -1;
    int m_second = -1;
};

} // namespace

QColor PromptPreview::roleColor(const QString& role)
{
    if (role == u"caption")
        return QColor(0xff, 0xd5, 0x80);
    if (role == u"disclaimer")
        return QColor(0xc8, 0xe6, 0xc9);
    if (role == u"think-prefix")
        return QColor(0xff, 0xab, 0x91);
    if (role == u"cue")
        return QColor(0xb3, 0xe5, 0xfc);
    if (role == u"stop-think")
        return QColor(0xe1, 0xbe, 0xe7);
    if (role == u"abstain-option")
        return QColor(0xdc, 0xed, 0xc8);
    if (role == u"source-cot" || role == u"edited-cot")
        return QColor(0xcf, 0xd8, 0xdc);
    if (role == u"answer-forcing")
        return QColor(0xf8, 0xbb, 0xd0);
    return QColor(0xe0, 0xe0, 0xe0);
}

PromptPreview::PromptPreview(QWidget* parent)
    : QWidget(parent)
    , m_text(new QPlainTextEdit)
    , m_legend(new QLabel)
    , m_error(new QLabel)
{
    m_text->setObjectName(QStringLiteral("promptText"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_text->setFont(mono);
    m_legend->setWordWrap(true);
    m_legend->setTextFormat(Qt::RichText);
    m_error->setWordWrap(true);
    m_error->setObjectName(QStringLiteral("promptError"));
    m_error->setStyleSheet(QStringLiteral("color: #b71c1c"));
    m_error->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_error);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_legend);
}

void PromptPreview::setPrompt(const AssembledPrompt& prompt)
{
    const QString rendered = renderedPrompt(prompt);
    const QString prefill = prompt.prefillText();
    m_prefillStart = int(rendered.size());
    m_highlights.clear();
    const UserTextLocator locator(rendered, prompt);
    for (const InjectedSpan& span : prompt.spans) {
        if (span.part == PromptPart::Prefill) {
            m_highlights.append({ m_prefillStart + span.start, span.length, span.role });
            continue;
        }
        for (const auto& [start, length] : locator.map(span.start, span.length))
            m_highlights.append({ start, length, span.role });
    }

    m_error->hide();
    m_text->setPlainText(rendered + prefill);
    QList<QTextEdit::ExtraSelection> selections;
    QStringList roles;
    for (const Highlight& highlight : std::as_const(m_highlights)) {
        QTextEdit::ExtraSelection selection;
        selection.cursor = QTextCursor(m_text->document());
        selection.cursor.setPosition(highlight.start);
        selection.cursor.setPosition(highlight.start + highlight.length, QTextCursor::KeepAnchor);
        selection.format.setBackground(roleColor(highlight.role));
        selection.format.setForeground(QColor(Qt::black));
        selection.format.setToolTip(highlight.role);
        selections.append(selection);
        if (!roles.contains(highlight.role))
            roles.append(highlight.role);
    }
    m_text->setExtraSelections(selections);

    QString legend;
    for (const QString& role : std::as_const(roles))
        legend += QStringLiteral("<span style=\"background:%1; color:black\">&nbsp;%2&nbsp;</span> ")
                      .arg(roleColor(role).name(), role.toHtmlEscaped());
    if (!prefill.isEmpty())
        legend += tr("The prefill follows the assistant header.");
    m_legend->setText(legend);
}

void PromptPreview::showError(const QString& message)
{
    m_highlights.clear();
    m_prefillStart = 0;
    m_text->clear();
    m_text->setExtraSelections({});
    m_legend->clear();
    m_error->setText(message);
    m_error->show();
}

void PromptPreview::clear()
{
    m_highlights.clear();
    m_prefillStart = 0;
    m_text->clear();
    m_text->setExtraSelections({});
    m_legend->clear();
    m_error->clear();
    m_error->hide();
}

QString PromptPreview::text() const
{
    return m_text->toPlainText();
}

QString PromptPreview::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

} // namespace vlmprobe
