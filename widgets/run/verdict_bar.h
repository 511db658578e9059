#pragma once
// VerdictBar: the consistency judgments of the current run (protocol.md, "Consistency verdict"): the rule judge,
// the LLM judge and the human rater, each as "consistent", "inconsistent" or "no conclusion" with the concluded
// option. The user sets a human verdict with one key each: C consistent, I inconsistent, N no conclusion (the
// actions are window-wide, so they work while the chain-of-thought has focus; text fields keep their letters).
//
// A human verdict is stored as a Judgment {JudgeKind::Human, rater = the OS user name} through
// JudgmentRepository; it replaces that rater's earlier human verdict on the run (one transaction), so a
// correction does not count twice. The workspace is borrowed (setWorkspace(nullptr) before closing it).
// GUI thread only.

#include "workspace/records.h"

#include <QWidget>

class QAction;
class QLabel;

namespace vlmprobe {

class Workspace;

class VerdictBar : public QWidget {
    Q_OBJECT
public:
    explicit VerdictBar(QWidget* parent = nullptr);

    // The OS user name ($USER / $USERNAME), "unknown" when neither is set.
    static QString currentRater();
    static QString verdictLabel(Verdict verdict);

    void setWorkspace(Workspace* workspace);
    // 0 clears the bar and disables the keys.
    void setRun(qint64 runId);
    qint64 runId() const { return m_runId; }
    // Re-reads the judgments of the current run.
    void reload();

    // Stores a human verdict for the current run. Returns the judgment id, 0 on failure (errorOccurred).
    qint64 setHumanVerdict(Verdict verdict);

    // What each slot shows, e.g. "Rule: inconsistent (B)"; "Rule: —" when there is none.
    QString ruleText() const;
    QString llmText() const;
    QString humanText() const;
    QAction* consistentAction() const { return m_consistent; }
    QAction* inconsistentAction() const { return m_inconsistent; }
    QAction* noConclusionAction() const { return m_noConclusion; }

Q_SIGNALS:
    void judgmentStored(qint64 runId, qint64 judgmentId);
    void errorOccurred(const QString& message);

private:
    QAction* makeAction(const QString& text, Qt::Key key, Verdict verdict);
    void showJudgments(const QList<Judgment>& judgments);

    Workspace* m_workspace = nullptr;
    qint64 m_runId = 0;
    QLabel* m_rule = nullptr;
    QLabel* m_llm = nullptr;
    QLabel* m_human = nullptr;
    QAction* m_consistent = nullptr;
    QAction* m_inconsistent = nullptr;
    QAction* m_noConclusion = nullptr;
};

} // namespace vlmprobe
