#include "run_diff_view.h"

#include <QGridLayout>
#include <QLabel>
#include <QTextBrowser>
#include <QTextCursor>

namespace vlmprobe {

namespace {

QLabel* makeLabel(QWidget* parent, const QString& objectName, bool bold)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    if (bold) {
        QFont font = label->font();
        font.setBold(true);
        label->setFont(font);
    }
    return label;
}

QTextBrowser* makeBrowser(QWidget* parent, const QString& objectName)
{
    auto* browser = new QTextBrowser(parent);
    browser->setObjectName(objectName);
    browser->setOpenLinks(false);
    browser->setUndoRedoEnabled(false);
    return browser;
}

} // namespace

RunDiffView::RunDiffView(QWidget* parent)
    : QWidget(parent)
    , m_leftTitle(makeLabel(this, QStringLiteral("leftTitle"), true))
    , m_rightTitle(makeLabel(this, QStringLiteral("rightTitle"), true))
    , m_leftSummary(makeLabel(this, QStringLiteral("leftSummary"), false))
    , m_rightSummary(makeLabel(this, QStringLiteral("rightSummary"), false))
    , m_note(makeLabel(this, QStringLiteral("diffNote"), false))
    , m_leftText(makeBrowser(this, QStringLiteral("leftText")))
    , m_rightText(makeBrowser(this, QStringLiteral("rightText")))
{
    m_note->setForegroundRole(QPalette::PlaceholderText);
    auto* layout = new QGridLayout(this);
    layout->addWidget(m_leftTitle, 0, 0);
    layout->addWidget(m_rightTitle, 0, 1);
    layout->addWidget(m_leftSummary, 1, 0);
    layout->addWidget(m_rightSummary, 1, 1);
    layout->addWidget(m_leftText, 2, 0);
    layout->addWidget(m_rightText, 2, 1);
    layout->addWidget(m_note, 3, 0, 1, 2);
    layout->setRowStretch(2, 1);
}

QString RunDiffView::summaryLine(const Run& run)
{
    const QString answer = run.parsedOption.isEmpty() ? tr("no answer") : tr("Answer: %1").arg(run.parsedOption);
    const QString probability
        = run.pCorrect ? tr("P(correct) = %1").arg(*run.pCorrect, 0, 'f', 2) : tr("P(correct) n/a");
    return tr("%1 \u00b7 %2").arg(answer, probability);
}

void RunDiffView::showRuns(const QString& leftTitle, const Run& left, const QString& rightTitle, const Run& right)
{
    m_leftTitle->setText(leftTitle);
    m_rightTitle->setText(rightTitle);
    m_leftSummary->setText(summaryLine(left));
    m_rightSummary->setText(summaryLine(right));
    m_diff = diffWords(left.prefill + left.completion, right.prefill + right.completion);
    render(m_leftText, m_diff.left);
    render(m_rightText, m_diff.right);
    m_note->setText(m_diff.truncated
            ? tr("The texts are long: only their common beginning and end are matched word by word.")
            : tr("Highlighted: words only in this run."));
}

QString RunDiffView::leftTitle() const
{
    return m_leftTitle->text();
}
QString RunDiffView::rightTitle() const
{
    return m_rightTitle->text();
}
QString RunDiffView::leftSummary() const
{
    return m_leftSummary->text();
}
QString RunDiffView::rightSummary() const
{
    return m_rightSummary->text();
}

void RunDiffView::render(QTextBrowser* browser, const QList<WordDiffSegment>& segments)
{
    browser->clear();
    QTextCursor cursor(browser->document());
    const QPalette colors = palette();
    QTextCharFormat same;
    same.setForeground(colors.color(QPalette::Text));
    QTextCharFormat removed = same;
    removed.setBackground(QColor(0xf4, 0xb4, 0xb4));
    removed.setForeground(QColor(Qt::black));
    removed.setFontStrikeOut(true);
    QTextCharFormat added = same;
    added.setBackground(QColor(0xb4, 0xe6, 0xb4));
    added.setForeground(QColor(Qt::black));
    for (const WordDiffSegment& segment : segments) {
        switch (segment.kind) {
        case WordDiffSegment::Kind::Same:
            cursor.insertText(segment.text, same);
            break;
        case WordDiffSegment::Kind::Removed:
            cursor.insertText(segment.text, removed);
            break;
        case WordDiffSegment::Kind::Added:
            cursor.insertText(segment.text, added);
            break;
        }
    }
    browser->moveCursor(QTextCursor::Start);
}

} // namespace vlmprobe
