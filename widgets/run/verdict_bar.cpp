#include "verdict_bar.h"

#include "workspace/judgment_repository.h"
#include "workspace/transaction.h"
#include "workspace/workspace.h"
#include "workspace/workspace_error.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace vlmprobe {

namespace {

QLabel* makeSlot(QWidget* parent, const QString& objectName)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    return label;
}

QString slotText(const QString& title, const std::optional<Judgment>& judgment)
{
    if (!judgment)
        return VerdictBar::tr("%1: \u2014").arg(title);
    QString text = VerdictBar::tr("%1: %2").arg(title, VerdictBar::verdictLabel(judgment->verdict));
    if (!judgment->concludedOption.isEmpty())
        text += VerdictBar::tr(" (%1)").arg(judgment->concludedOption);
    return text;
}

} // namespace

VerdictBar::VerdictBar(QWidget* parent)
    : QWidget(parent)
    , m_rule(makeSlot(this, QStringLiteral("ruleVerdict")))
    , m_llm(makeSlot(this, QStringLiteral("llmVerdict")))
    , m_human(makeSlot(this, QStringLiteral("humanVerdict")))
{
    m_consistent = makeAction(tr("&Consistent"), Qt::Key_C, Verdict::Consistent);
    m_inconsistent = makeAction(tr("&Inconsistent"), Qt::Key_I, Verdict::Inconsistent);
    m_noConclusion = makeAction(tr("&No Conclusion"), Qt::Key_N, Verdict::NoConclusion);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_rule);
    layout->addWidget(m_llm);
    layout->addWidget(m_human);
    layout->addStretch(1);
    for (QAction* action : { m_consistent, m_inconsistent, m_noConclusion }) {
        auto* button = new QToolButton(this);
        button->setDefaultAction(action);
        layout->addWidget(button);
    }
    setRun(0);
}

QString VerdictBar::currentRater()
{
    for (const char* variable : { "USER", "USERNAME", "LOGNAME" }) {
        const QString name = qEnvironmentVariable(variable).trimmed();
        if (!name.isEmpty())
            return name;
    }
    return QStringLiteral("unknown");
}

QString VerdictBar::verdictLabel(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Consistent:
        return tr("consistent");
    case Verdict::Inconsistent:
        return tr("inconsistent");
    case Verdict::NoConclusion:
        return tr("no conclusion");
    }
    return {};
}

QAction* VerdictBar::makeAction(const QString& text, Qt::Key key, Verdict verdict)
{
    auto* action = new QAction(text, this);
    action->setShortcut(QKeySequence(key));
    action->setShortcutContext(Qt::WindowShortcut);
    action->setToolTip(tr("Human verdict: %1 (%2)").arg(verdictLabel(verdict), QKeySequence(key).toString()));
    connect(action, &QAction::triggered, this, [this, verdict] { setHumanVerdict(verdict); });
    addAction(action);
    return action;
}

void VerdictBar::setWorkspace(Workspace* workspace)
{
    m_workspace = workspace;
    setRun(0);
}

void VerdictBar::setRun(qint64 runId)
{
    m_runId = m_workspace ? runId : 0;
    for (QAction* action : { m_consistent, m_inconsistent, m_noConclusion })
        action->setEnabled(m_runId != 0);
    reload();
}

void VerdictBar::reload()
{
    QList<Judgment> judgments;
    if (m_runId != 0) {
        try {
            judgments = m_workspace->judgments().listForRun(m_runId);
        } catch (const WorkspaceError& error) {
            Q_EMIT errorOccurred(error.message());
        }
    }
    showJudgments(judgments);
}

void VerdictBar::showJudgments(const QList<Judgment>& judgments)
{
    // listForRun is ordered by id: the last of each kind is the newest.
    std::optional<Judgment> rule;
    std::optional<Judgment> llm;
    std::optional<Judgment> human;
    for (const Judgment& judgment : judgments) {
        switch (judgment.judgeKind) {
        case JudgeKind::Rule:
            rule = judgment;
            break;
        case JudgeKind::Llm:
            llm = judgment;
            break;
        case JudgeKind::Human:
            human = judgment;
            break;
        }
    }
    m_rule->setText(slotText(tr("Rule"), rule));
    m_llm->setText(slotText(tr("LLM"), llm));
    m_human->setText(slotText(human ? human->rater : tr("Human"), human));
    if (rule)
        m_rule->setToolTip(tr("Rule judge %1").arg(rule->rater));
}

qint64 VerdictBar::setHumanVerdict(Verdict verdict)
{
    if (!m_workspace || m_runId == 0)
        return 0;
    Judgment judgment;
    judgment.runId = m_runId;
    judgment.judgeKind = JudgeKind::Human;
    judgment.rater = currentRater();
    judgment.verdict = verdict;
    qint64 id = 0;
    try {
        Transaction transaction(*m_workspace);
        for (const Judgment& earlier : m_workspace->judgments().listForRun(m_runId)) {
            if (earlier.judgeKind == JudgeKind::Human && earlier.rater == judgment.rater)
                m_workspace->judgments().remove(earlier.id);
        }
        id = m_workspace->judgments().insert(judgment);
        transaction.commit();
    } catch (const WorkspaceError& error) {
        Q_EMIT errorOccurred(error.message());
        return 0;
    }
    reload();
    Q_EMIT judgmentStored(m_runId, id);
    return id;
}

QString VerdictBar::ruleText() const
{
    return m_rule->text();
}
QString VerdictBar::llmText() const
{
    return m_llm->text();
}
QString VerdictBar::humanText() const
{
    return m_human->text();
}

} // namespace vlmprobe
