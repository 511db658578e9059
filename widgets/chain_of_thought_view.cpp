#include "chain_of_thought_view.h"

#include <QEvent>
#include <QLabel>
#include <QScrollBar>
#include <QStackedLayout>
#include <QTextBrowser>
#include <QTextCursor>

#include <algorithm>
#include <cmath>

namespace vlmprobe {

namespace {

QColor mix(const QColor& base, const QColor& tint, double tintWeight)
{
    return QColor::fromRgbF(static_cast<float>(base.redF() * (1.0 - tintWeight) + tint.redF() * tintWeight),
        static_cast<float>(base.greenF() * (1.0 - tintWeight) + tint.greenF() * tintWeight),
        static_cast<float>(base.blueF() * (1.0 - tintWeight) + tint.blueF() * tintWeight));
}

} // namespace

ChainOfThoughtView::ChainOfThoughtView(QWidget* parent)
    : QWidget(parent)
    , m_stack(new QStackedLayout(this))
    , m_emptyLabel(new QLabel(this))
    , m_text(new QTextBrowser(this))
{
    m_emptyLabel->setObjectName(QStringLiteral("chainOfThoughtEmpty"));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setTextFormat(Qt::PlainText);
    m_emptyLabel->setMargin(16);
    m_emptyLabel->setForegroundRole(QPalette::PlaceholderText);

    m_text->setObjectName(QStringLiteral("chainOfThoughtText"));
    m_text->setOpenLinks(false);
    m_text->setUndoRedoEnabled(false);

    m_stack->addWidget(m_emptyLabel);
    m_stack->addWidget(m_text);
    showEmptyState(tr("Select a condition to see its runs."));
}

void ChainOfThoughtView::showRun(const QString& prefill, const QString& completion, const QList<StreamedToken>& tokens)
{
    m_prefill = prefill;
    m_completion = completion;
    m_tokens = tokens;
    m_streaming = false;
    render();
    m_stack->setCurrentWidget(m_text);
}

void ChainOfThoughtView::showEmptyState(const QString& explanation)
{
    m_prefill.clear();
    m_completion.clear();
    m_tokens.clear();
    m_streaming = false;
    m_text->clear();
    m_emptyLabel->setText(explanation);
    m_stack->setCurrentWidget(m_emptyLabel);
}

void ChainOfThoughtView::beginStreaming(const QString& prefill)
{
    m_prefill = prefill;
    m_completion.clear();
    m_tokens.clear();
    m_streaming = true;
    render();
    m_stack->setCurrentWidget(m_text);
}

void ChainOfThoughtView::appendTokens(const QList<StreamedToken>& tokens)
{
    if (!m_streaming || tokens.isEmpty())
        return;
    QScrollBar* scroll = m_text->verticalScrollBar();
    const bool following = scroll->value() == scroll->maximum();
    QTextCursor cursor(m_text->document());
    cursor.movePosition(QTextCursor::End);
    cursor.beginEditBlock();
    insertTokens(cursor, tokens);
    cursor.endEditBlock();
    for (const StreamedToken& token : tokens)
        m_completion += token.text;
    m_tokens += tokens;
    // Keep the newest text in view unless the reader scrolled up to read.
    if (following)
        scroll->setValue(scroll->maximum());
}

void ChainOfThoughtView::finishStreaming()
{
    m_streaming = false;
}

void ChainOfThoughtView::setHeatMapEnabled(bool enabled)
{
    if (m_heatMap == enabled)
        return;
    m_heatMap = enabled;
    if (!isShowingEmptyState())
        render();
}

QColor ChainOfThoughtView::heatColor(const QColor& base, double probability)
{
    return mix(base, QColor(0xe0, 0x40, 0x30), 0.75 * (1.0 - std::clamp(probability, 0.0, 1.0)));
}

QString ChainOfThoughtView::tokenToolTip(const StreamedToken& token)
{
    const auto visible
        = [](QString text) { return text.replace(u'\n', QStringLiteral("\\n")).replace(u'\t', QStringLiteral("\\t")); };
    QString tip = tr("p = %1").arg(QString::number(std::exp(static_cast<double>(token.logprob)), 'f', 3));
    for (const auto& [text, logprob] : token.alternatives) {
        tip += QLatin1Char('\n')
            + tr("\u201c%1\u201d %2")
                  .arg(visible(text), QString::number(std::exp(static_cast<double>(logprob)), 'f', 3));
    }
    return tip;
}

void ChainOfThoughtView::insertTokens(QTextCursor& cursor, const QList<StreamedToken>& tokens)
{
    QTextCharFormat plainFormat;
    plainFormat.setForeground(palette().color(QPalette::Text));
    if (!m_heatMap) {
        QString text;
        for (const StreamedToken& token : tokens)
            text += token.text;
        cursor.insertText(text, plainFormat);
        return;
    }
    const QColor base = palette().color(QPalette::Base);
    for (const StreamedToken& token : tokens) {
        if (token.text.isEmpty())
            continue;
        QTextCharFormat format = plainFormat;
        format.setBackground(heatColor(base, std::exp(static_cast<double>(token.logprob))));
        format.setToolTip(tokenToolTip(token));
        cursor.insertText(token.text, format);
    }
}

bool ChainOfThoughtView::isShowingEmptyState() const
{
    return m_stack->currentWidget() == m_emptyLabel;
}

QString ChainOfThoughtView::emptyStateText() const
{
    return isShowingEmptyState() ? m_emptyLabel->text() : QString();
}

QString ChainOfThoughtView::displayedText() const
{
    return isShowingEmptyState() ? QString() : m_text->toPlainText();
}

void ChainOfThoughtView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !isShowingEmptyState())
        render();
}

void ChainOfThoughtView::render()
{
    m_text->clear();
    QTextCursor cursor(m_text->document());
    const QPalette colors = palette();

    QTextCharFormat captionFormat;
    captionFormat.setForeground(colors.color(QPalette::PlaceholderText));
    captionFormat.setFontPointSize(m_text->font().pointSizeF() * 0.85);

    QTextCharFormat plainFormat;
    plainFormat.setForeground(colors.color(QPalette::Text));

    if (!m_prefill.isEmpty()) {
        // The prefill and the continuation stay in one paragraph: the model continued mid-sentence, and the text
        // must read the way the model saw it.
        QTextCharFormat prefillFormat = plainFormat;
        prefillFormat.setFontItalic(true);
        prefillFormat.setBackground(mix(colors.color(QPalette::Base), colors.color(QPalette::Highlight), 0.25));
        prefillFormat.setToolTip(tr("Injected prefill: placed into the assistant turn before generation"));
        cursor.insertText(
            tr("Tinted italic text was injected as prefill; the rest was generated by the model."), captionFormat);
        cursor.insertBlock();
        cursor.insertText(m_prefill, prefillFormat);
    }
    // Tokens are used only when they are the whole completion (a stored run may carry none or a partial list).
    QString tokenText;
    for (const StreamedToken& token : m_tokens)
        tokenText += token.text;
    if (m_heatMap && !m_tokens.isEmpty() && tokenText == m_completion)
        insertTokens(cursor, m_tokens);
    else
        cursor.insertText(m_completion, plainFormat);
    m_text->moveCursor(QTextCursor::Start);
}

} // namespace vlmprobe
