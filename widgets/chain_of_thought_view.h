#pragma once
// ChainOfThoughtView: the text of one run as the model saw and wrote it. The injected prefill (text we put into
// the assistant turn) is set apart from the generated continuation: tinted background, italic, and a caption, so
// a reader never mistakes our words for the model's. With no run it shows an explanation instead of a blank box.
//
// Streaming: beginStreaming(prefill), then appendTokens(batch) as batches arrive, then finishStreaming(). Each
// batch is inserted at the end of the document (one edit block), never re-rendering what is already there, so a
// long run streams in time linear in its length. The streamed pieces concatenate to completion().
//
// Heat-map mode tints each generated token by its probability exp(logprob) (confident tokens stay plain, unlikely
// ones turn red) and gives it a tooltip with the most likely alternatives. It needs the tokens: streamed ones, or
// those passed to showRun(); text without tokens shows plain. GUI thread only.

#include "backends/run_job.h"

#include <QList>
#include <QString>
#include <QWidget>

class QLabel;
class QStackedLayout;
class QTextBrowser;
class QTextCursor;

namespace vlmprobe {

class ChainOfThoughtView : public QWidget {
    Q_OBJECT
public:
    explicit ChainOfThoughtView(QWidget* parent = nullptr);

    // `prefill` may be empty (the model wrote everything). `tokens`, when given, are the completion's tokens
    // (their texts concatenate to `completion`) and feed the heat-map.
    void showRun(const QString& prefill, const QString& completion, const QList<StreamedToken>& tokens = {});
    void showEmptyState(const QString& explanation);

    void beginStreaming(const QString& prefill);
    void appendTokens(const QList<StreamedToken>& tokens);
    void finishStreaming();
    bool isStreaming() const { return m_streaming; }

    void setHeatMapEnabled(bool enabled);
    bool isHeatMapEnabled() const { return m_heatMap; }
    QList<StreamedToken> tokens() const { return m_tokens; }
    // The background of a token of probability `probability` (0..1) over `base`.
    static QColor heatColor(const QColor& base, double probability);
    // "p = 0.83" and the alternatives, one per line.
    static QString tokenToolTip(const StreamedToken& token);

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
    void insertTokens(QTextCursor& cursor, const QList<StreamedToken>& tokens);

    QString m_prefill;
    QString m_completion;
    QList<StreamedToken> m_tokens;
    bool m_streaming = false;
    bool m_heatMap = false;
    QStackedLayout* m_stack = nullptr;
    QLabel* m_emptyLabel = nullptr;
    QTextBrowser* m_text = nullptr;
};

} // namespace vlmprobe
