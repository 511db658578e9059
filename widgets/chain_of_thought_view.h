#pragma once
// ChainOfThoughtView: the text of one run as the model saw and wrote it. The injected prefill (text we put into
// the assistant turn) is set apart from the generated continuation: tinted background, italic, and a caption, so
// a reader never mistakes our words for the model's. With no run it shows an explanation instead of a blank box.
// GUI thread only.

#include <QString>
#include <QWidget>

class QLabel;
class QStackedLayout;
class QTextBrowser;

namespace vlmprobe {

class ChainOfThoughtView : public QWidget {
    Q_OBJECT
public:
    explicit ChainOfThoughtView(QWidget* parent = nullptr);

    // `prefill` may be empty (the model wrote everything).
    void showRun(const QString& prefill, const QString& completion);
    void showEmptyState(const QString& explanation);

    bool isShowingEmptyState() const;
    QString emptyStateText() const;
    // Everything the text pane shows (legend, prefill, completion); empty in the empty state.
    QString displayedText() const;
    QString prefill() const { return m_prefill; }
    QString completion() const { return m_completion; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();

    QString m_prefill;
    QString m_completion;
    QStackedLayout* m_stack = nullptr;
    QLabel* m_emptyLabel = nullptr;
    QTextBrowser* m_text = nullptr;
};

} // namespace vlmprobe
