#pragma once
// RunDiffView: two runs of the same sample side by side (say Base and Wrong-Caption): each column names its
// condition and shows the parsed answer and P(correct), then the run's chain-of-thought (prefill + completion)
// with the words that differ from the other column highlighted (word-level LCS, capped: see word_diff.h).
// Removed words are tinted on the left, added words on the right. GUI thread only.

#include "word_diff.h"
#include "workspace/records.h"

#include <QWidget>

class QLabel;
class QTextBrowser;

namespace vlmprobe {

class RunDiffView : public QWidget {
    Q_OBJECT
public:
    explicit RunDiffView(QWidget* parent = nullptr);

    // `leftTitle` / `rightTitle` name the conditions (e.g. "Base", "Wrong-Caption").
    void showRuns(const QString& leftTitle, const Run& left, const QString& rightTitle, const Run& right);

    QString leftTitle() const;
    QString rightTitle() const;
    // "Answer: B · P(correct) = 0.72" (or "no answer", "P(correct) n/a").
    QString leftSummary() const;
    QString rightSummary() const;
    QTextBrowser* leftText() const { return m_leftText; }
    QTextBrowser* rightText() const { return m_rightText; }
    const WordDiff& diff() const { return m_diff; }

    static QString summaryLine(const Run& run);

private:
    void render(QTextBrowser* browser, const QList<WordDiffSegment>& segments);

    WordDiff m_diff;
    QLabel* m_leftTitle = nullptr;
    QLabel* m_rightTitle = nullptr;
    QLabel* m_leftSummary = nullptr;
    QLabel* m_rightSummary = nullptr;
    QLabel* m_note = nullptr;
    QTextBrowser* m_leftText = nullptr;
    QTextBrowser* m_rightText = nullptr;
};

} // namespace vlmprobe
