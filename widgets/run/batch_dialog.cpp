#include "batch_dialog.h"

#include "condition_kind_labels.h"
#include "runner/batch_runner.h"
#include "runner/runner_error.h"
#include "workspace/workspace_error.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace vlmprobe {

BatchDialog::BatchDialog(Workspace* workspace, LocalBackend* backend, qint64 modelId, const DecodeSettings& decode,
    const QList<qint64>& sampleIds, QWidget* parent)
    : QDialog(parent)
    , m_workspace(workspace)
    , m_backend(backend)
    , m_modelId(modelId)
    , m_decode(decode)
    , m_selectedIds(sampleIds)
{
    setWindowTitle(tr("Run Batch"));
    setModal(false);

    auto* kindsBox = new QGroupBox(tr("Conditions"));
    auto* kindsLayout = new QGridLayout(kindsBox);
    const QList<ConditionKind> kinds = offeredKinds();
    for (qsizetype i = 0; i < kinds.size(); ++i) {
        auto* box = new QCheckBox(conditionKindTitle(kinds.at(i)));
        box->setObjectName(conditionKindName(kinds.at(i)));
        box->setChecked(kinds.at(i) == ConditionKind::Base || kinds.at(i) == ConditionKind::WrongCaption);
        connect(box, &QCheckBox::toggled, this, &BatchDialog::updateControls);
        kindsLayout->addWidget(box, static_cast<int>(i / 2), static_cast<int>(i % 2));
        m_kindBoxes << box;
    }

    auto* scopeBox = new QGroupBox(tr("Samples"));
    auto* scopeLayout = new QVBoxLayout(scopeBox);
    m_selectedScope = new QRadioButton;
    m_selectedScope->setObjectName(QStringLiteral("selectedScope"));
    m_filterScope = new QRadioButton;
    m_filterScope->setObjectName(QStringLiteral("filterScope"));
    m_selectedScope->setChecked(true);
    scopeLayout->addWidget(m_selectedScope);
    scopeLayout->addWidget(m_filterScope);
    connect(m_selectedScope, &QRadioButton::toggled, this, &BatchDialog::updateControls);

    m_progress = new QProgressBar;
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progressLabel = new QLabel;
    m_progressLabel->setObjectName(QStringLiteral("progressLabel"));
    m_errors = new QListWidget;
    m_errors->setObjectName(QStringLiteral("errorList"));
    m_errors->setVisible(false);

    auto* buttons = new QDialogButtonBox;
    m_startButton = buttons->addButton(tr("&Start"), QDialogButtonBox::ActionRole);
    m_startButton->setDefault(true);
    m_cancelButton = buttons->addButton(tr("Cancel"), QDialogButtonBox::ActionRole);
    m_cancelButton->setToolTip(tr("Stop the batch (Esc); finished runs stay stored"));
    m_closeButton = buttons->addButton(QDialogButtonBox::Close);
    connect(m_startButton, &QPushButton::clicked, this, &BatchDialog::start);
    connect(m_cancelButton, &QPushButton::clicked, this, &BatchDialog::cancel);
    connect(m_closeButton, &QPushButton::clicked, this, &BatchDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(kindsBox);
    layout->addWidget(scopeBox);
    layout->addWidget(m_progress);
    layout->addWidget(m_progressLabel);
    layout->addWidget(m_errors, 1);
    layout->addWidget(buttons);

    if (m_workspace && m_backend) {
        m_runner = new BatchRunner(*m_workspace, *m_backend, this);
        connect(m_runner, &BatchRunner::progressed, this, &BatchDialog::onProgressed);
        connect(m_runner, &BatchRunner::finished, this, &BatchDialog::onFinished);
        connect(m_runner, &BatchRunner::failedRun, this, &BatchDialog::addError);
        connect(m_runner, &BatchRunner::runStored, this, &BatchDialog::runStored);
    }
    setFilteredSampleIds({});
}

// The runner (a child) cancels its job in flight when it is destroyed; it emits nothing then.
BatchDialog::~BatchDialog() = default;

QList<ConditionKind> BatchDialog::offeredKinds()
{
    QList<ConditionKind> kinds;
    for (const ConditionKind kind : allConditionKinds()) {
        const ConditionFamily family = conditionFamily(kind);
        if (family == ConditionFamily::Base || family == ConditionFamily::Text)
            kinds << kind;
    }
    return kinds;
}

QList<ConditionKind> BatchDialog::checkedKinds() const
{
    const QList<ConditionKind> kinds = offeredKinds();
    QList<ConditionKind> checked;
    for (qsizetype i = 0; i < kinds.size(); ++i) {
        if (m_kindBoxes.at(i)->isChecked())
            checked << kinds.at(i);
    }
    return checked;
}

void BatchDialog::setKindChecked(ConditionKind kind, bool checked)
{
    const qsizetype index = offeredKinds().indexOf(kind);
    if (index >= 0)
        m_kindBoxes.at(index)->setChecked(checked);
}

void BatchDialog::setFilteredSampleIds(const QList<qint64>& sampleIds)
{
    m_filteredIds = sampleIds;
    m_selectedScope->setText(tr("Selected samples (%n)", nullptr, static_cast<int>(m_selectedIds.size())));
    m_filterScope->setText(
        tr("All samples of the current filter (%n)", nullptr, static_cast<int>(m_filteredIds.size())));
    if (m_filteredIds.isEmpty())
        m_selectedScope->setChecked(true);
    updateControls();
}

BatchDialog::Scope BatchDialog::scope() const
{
    return m_filterScope->isChecked() ? Scope::Filter : Scope::Selected;
}

void BatchDialog::setScope(Scope scope)
{
    (scope == Scope::Filter ? m_filterScope : m_selectedScope)->setChecked(true);
}

QList<qint64> BatchDialog::scopeSampleIds() const
{
    return scope() == Scope::Filter ? m_filteredIds : m_selectedIds;
}

bool BatchDialog::isRunning() const
{
    return m_runner && m_runner->isRunning();
}

QString BatchDialog::durationText(double seconds)
{
    const qint64 total = std::llround(std::max(0.0, seconds));
    if (total < 60)
        return tr("%1 s").arg(total);
    if (total < 3600)
        return tr("%1 min %2 s").arg(total / 60).arg(total % 60);
    return tr("%1 h %2 min").arg(total / 3600).arg((total % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString BatchDialog::progressText(int processed, int skipped, int total, double etaSeconds)
{
    QString text = tr("%1 / %2 \u00b7 %3 skipped").arg(processed).arg(total).arg(skipped);
    if (etaSeconds >= 0 && processed < total)
        text += tr(" \u00b7 ETA %1").arg(durationText(etaSeconds));
    return text;
}

void BatchDialog::start()
{
    if (isRunning())
        return;
    const QList<qint64> samples = scopeSampleIds();
    if (!m_runner) {
        addError(tr("No workspace or no backend."));
        return;
    }
    BatchPlan plan;
    plan.modelId = m_modelId;
    plan.sampleIds = samples;
    plan.kinds = checkedKinds();
    plan.decode = m_decode;
    plan.prompt = m_prompt;
    if (plan.sampleIds.isEmpty()) {
        addError(tr("No samples in the chosen scope."));
        return;
    }
    m_errors->clear();
    m_errors->setVisible(false);
    try {
        m_runner->start(plan);
    } catch (const RunnerError& error) {
        addError(error.message());
        return;
    } catch (const WorkspaceError& error) {
        addError(error.message());
        return;
    }
    const int total = static_cast<int>(plan.sampleIds.size() * plan.kinds.size());
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(0);
    m_processed = m_skipped = 0;
    m_total = total;
    m_progressLabel->setText(progressText(0, 0, total, -1));
    updateControls();
}

void BatchDialog::cancel()
{
    if (isRunning())
        m_runner->cancel();
}

void BatchDialog::reject()
{
    if (isRunning()) {
        cancel();
        return;
    }
    QDialog::reject();
}

void BatchDialog::onProgressed(int done, int skipped, int total, double etaSeconds)
{
    m_processed = done + skipped;
    m_skipped = skipped;
    m_total = total;
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(total == 0 ? 1 : m_processed);
    m_progressLabel->setText(progressText(m_processed, skipped, total, etaSeconds));
}

void BatchDialog::onFinished(int stored, int skipped, int failed)
{
    // The counts of finished() are the final word: a batch cancelled from a runStored() slot ends without a last
    // progressed().
    m_processed = stored + skipped + failed;
    m_progress->setValue(m_total == 0 ? m_progress->maximum() : m_processed);
    m_progressLabel->setText(progressText(m_processed, skipped, m_total, -1) + tr(" \u00b7 %n stored", nullptr, stored)
        + tr(" \u00b7 %n failed", nullptr, failed));
    updateControls();
    Q_EMIT batchFinished(stored, skipped, failed);
}

void BatchDialog::addError(const QString& message)
{
    // One line each: an engine message may carry a trace after its first line.
    m_errors->addItem(message.section(QLatin1Char('\n'), 0, 0));
    m_errors->setVisible(true);
}

void BatchDialog::updateControls()
{
    const bool running = isRunning();
    m_filterScope->setEnabled(!running && !m_filteredIds.isEmpty());
    m_selectedScope->setEnabled(!running);
    for (QCheckBox* box : std::as_const(m_kindBoxes))
        box->setEnabled(!running);
    m_startButton->setEnabled(!running && m_runner && !checkedKinds().isEmpty() && !scopeSampleIds().isEmpty());
    m_cancelButton->setEnabled(running);
    m_closeButton->setEnabled(!running);
}

} // namespace vlmprobe
