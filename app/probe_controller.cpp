#include "probe_controller.h"

#include "backends/local_backend.h"
#include "chain_of_thought_view.h"
#include "condition_kind_labels.h"
#include "image_panel.h"
#include "image_view.h"
#include "judging/llm_judge.h"
#include "option_bars.h"
#include "probe/probe_error.h"
#include "run_diff_view.h"
#include "run_list_model.h"
#include "run_panel.h"
#include "runner/determining_hash.h"
#include "runner/run_store.h"
#include "sample_inspector.h"
#include "stored_tokens.h"
#include "verdict_bar.h"
#include "workspace/condition_repository.h"
#include "workspace/image_store.h"
#include "workspace/model_repository.h"
#include "workspace/run_outcome_query.h"
#include "workspace/run_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace.h"
#include "workspace/workspace_error.h"

#include <QDialog>
#include <QDir>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>
#include <utility>

namespace vlmprobe {

ProbeController::ProbeController(
    SampleInspector* inspector, RunPanel* panel, OptionBars* optionBars, VerdictBar* verdictBar, QObject* parent)
    : QObject(parent)
    , m_inspector(inspector)
    , m_panel(panel)
    , m_optionBars(optionBars)
    , m_verdictBar(verdictBar)
    , m_chainOfThought(inspector->chainOfThoughtView())
    , m_imagePanel(inspector->imagePanel())
    , m_backend(new LocalBackend(this))
{
    connect(m_panel, &RunPanel::loadRequested, this, &ProbeController::loadModel);
    connect(m_panel, &RunPanel::runRequested, this, &ProbeController::run);
    connect(m_panel, &RunPanel::cancelRequested, this, &ProbeController::cancel);

    connect(m_backend, &LocalBackend::modelLoadStarted, m_panel, &RunPanel::setModelLoading);
    connect(m_backend, &LocalBackend::modelLoaded, this, [this](const LoadedModelInfo& info) {
        m_panel->setModelLoaded(info);
        updateRunAvailable();
    });
    connect(m_backend, &LocalBackend::modelLoadFailed, this, [this](const QString& error) {
        m_panel->setModelLoadFailed(error);
        updateRunAvailable();
    });
    connect(m_backend, &LocalBackend::stageChanged, this, [this](qint64 requestId, RunStage stage) {
        if (requestId == m_currentRequest)
            m_panel->setStage(stage);
    });
    connect(m_backend, &LocalBackend::tokensStreamed, this, &ProbeController::onTokens);
    connect(m_imagePanel, &ImagePanel::imageShown, this, [this] {
        if (m_imagePanel->currentKey() != m_attentionImageKey)
            m_imagePanel->view()->clearHeatMap();
    });
    connect(m_backend, &LocalBackend::runFinished, this, &ProbeController::onRunFinished);
    connect(m_backend, &LocalBackend::runFailed, this, &ProbeController::onRunFailed);

    // The inspector connected first, so its plain text is on screen when this adds tokens, bars and verdicts.
    connect(m_inspector->runView()->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &ProbeController::onCurrentRunChanged);
    connect(m_inspector->conditionView()->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        m_optionBars->clear();
        m_verdictBar->setRun(0);
        updateRunAvailable();
        onCurrentRunChanged();
    });
    // A human verdict changes the consistency metrics, not the run list: the selection stays where it is.
    connect(m_verdictBar, &VerdictBar::judgmentStored, this, &ProbeController::runsChanged);
    connect(m_verdictBar, &VerdictBar::errorOccurred, this, &ProbeController::errorOccurred);
    connect(this, &ProbeController::runsChanged, this, &ProbeController::recomputeMetrics);
    connect(&m_metricsWatcher, &QFutureWatcher<MetricsResult>::finished, this, &ProbeController::onMetricsComputed);
    updateRunAvailable();
}

ProbeController::~ProbeController()
{
    // The backend's destructor (a child) cancels and joins; nothing it emits afterwards reaches this object.
    m_backend->cancelAll();
    m_currentRequest = 0;
    m_metricsWatcher.waitForFinished();
}

void ProbeController::setWorkspace(Workspace* workspace)
{
    if (m_currentRequest != 0) {
        m_backend->cancelAll();
        m_currentRequest = 0;
        m_chainOfThought->finishStreaming();
        m_panel->setFinished(tr("Cancelled: the workspace changed"));
    }
    if (m_judge) {
        m_judge->cancel();
        delete std::exchange(m_judge, nullptr);
    }
    m_workspace = workspace;
    m_verdictBar->setWorkspace(workspace);
    m_optionBars->clear();
    updateRunAvailable();
}

void ProbeController::loadModel(const ModelSpec& spec)
{
    if (m_currentRequest != 0) {
        m_backend->cancelAll();
        m_currentRequest = 0;
    }
    m_backend->loadModel(spec);
}

void ProbeController::updateRunAvailable()
{
    if (!m_workspace)
        m_panel->setRunAvailable(false, tr("Open a workspace first."));
    else if (!m_backend->isModelLoaded())
        m_panel->setRunAvailable(false, tr("Load a model first."));
    else if (m_inspector->currentConditionId() == 0)
        m_panel->setRunAvailable(false, tr("Select a condition to run."));
    else
        m_panel->setRunAvailable(true);
}

void ProbeController::run(const DecodeSettings& decode)
{
    const std::optional<LoadedModelInfo> info = m_backend->modelInfo();
    const qint64 conditionId = m_inspector->currentConditionId();
    if (!m_workspace || !info || conditionId == 0) {
        updateRunAvailable();
        m_panel->showError(!m_workspace ? tr("Open a workspace first.")
                : !info                 ? tr("Load a model first.")
                                        : tr("Select a condition to run."));
        return;
    }
    RunJob job;
    try {
        const std::optional<Condition> condition = m_workspace->conditions().get(conditionId);
        const std::optional<Sample> sample
            = condition ? m_workspace->samples().get(condition->sampleId) : std::optional<Sample> {};
        if (!sample) {
            m_panel->showError(tr("The selected condition no longer exists."));
            return;
        }
        std::optional<Run> sourceRun;
        if (condition->sourceRunId)
            sourceRun = m_workspace->runs().get(*condition->sourceRunId);
        job.prompt = assemblePrompt(*sample, *condition, m_promptSettings, sourceRun ? &*sourceRun : nullptr);
        if (!job.prompt.imageHash.isEmpty()) {
            const std::optional<StoredImage> image = m_workspace->images().get(job.prompt.imageHash);
            if (!image) {
                m_panel->showError(tr("The image of this condition is missing from the workspace."));
                return;
            }
            job.image = *image;
        }
        job.modelId = m_workspace->models().findOrInsertLocal(info->directory);
        const std::optional<ModelEntry> model = m_workspace->models().get(job.modelId);
        job.determiningHash = determiningHash(
            model.value_or(ModelEntry {}), *sample, *condition, job.prompt, decode, info->engineVersion);
        job.sample = *sample;
        job.condition = *condition;
        job.decode = decode;
    } catch (const WorkspaceError& error) {
        m_panel->showError(error.message());
        return;
    } catch (const ProbeError& error) {
        m_panel->showError(error.message());
        return;
    }

    job.requestId = ++m_nextRequest;
    m_currentRequest = job.requestId;
    m_pending = Pending {};
    m_pending.prefill = job.prompt.prefillText();
    m_pending.options = job.prompt.options;
    m_pending.goldAnswer = job.prompt.goldAnswer;
    m_pending.clock.start();
    m_optionBars->clear(tr("Running\u2026"));
    m_verdictBar->setRun(0);
    m_chainOfThought->beginStreaming(m_pending.prefill);
    showAttention({});
    m_panel->setRunning(true);
    m_backend->submitLatest(std::move(job));
}

void ProbeController::cancel()
{
    if (m_currentRequest != 0)
        m_backend->cancel(m_currentRequest);
}

void ProbeController::onTokens(qint64 requestId, const QList<StreamedToken>& tokens)
{
    if (requestId != m_currentRequest || tokens.isEmpty())
        return;
    if (m_pending.firstTokenMs < 0)
        m_pending.firstTokenMs = m_pending.clock.elapsed();
    m_chainOfThought->appendTokens(tokens);
    m_pending.tokens += static_cast<int>(tokens.size());
    for (const StreamedToken& token : tokens)
        m_pending.attention.add(token);
    if (!m_pending.attention.isEmpty()
        && (!m_pending.attentionShown.isValid() || m_pending.attentionShown.elapsed() >= kAttentionRefreshMs)) {
        showAttention(m_pending.attention.toJson());
        m_pending.attentionShown.start();
    }
    const double seconds = static_cast<double>(m_pending.clock.elapsed() - m_pending.firstTokenMs) / 1000.0;
    m_panel->setDecodeProgress(m_pending.tokens, seconds > 0.05 ? m_pending.tokens / seconds : 0.0);
}

void ProbeController::onRunFinished(qint64 requestId, const Run& run)
{
    if (requestId != m_currentRequest)
        return; // superseded by a newer Run: the user never asked to keep it
    m_currentRequest = 0;
    m_chainOfThought->finishStreaming();
    qint64 runId = 0;
    try {
        runId = RunStore(*m_workspace).store(run);
    } catch (const WorkspaceError& error) {
        m_panel->setFinished(tr("Not stored"));
        m_panel->showError(error.message());
        return;
    }
    const double seconds = static_cast<double>(m_pending.clock.elapsed()) / 1000.0;
    if (run.status == RunStatus::Cancelled) {
        m_panel->setFinished(tr("Cancelled after %1 tokens").arg(m_pending.tokens));
    } else {
        const QString answer = run.parsedOption.isEmpty() ? tr("no answer") : tr("answer %1").arg(run.parsedOption);
        m_panel->setFinished(tr("Done: %1 tokens in %2 s \u00b7 %3")
                                 .arg(run.completionTokens.value_or(m_pending.tokens))
                                 .arg(QString::number(seconds, 'f', 1), answer));
    }
    m_inspector->reload();
    selectStoredRun(runId);
    Q_EMIT runStored(runId);
    Q_EMIT runsChanged();
}

void ProbeController::onRunFailed(qint64 requestId, const QString& error)
{
    if (requestId != m_currentRequest)
        return;
    m_currentRequest = 0;
    m_chainOfThought->finishStreaming();
    m_panel->setFinished(tr("Failed"));
    m_panel->showError(error);
}

void ProbeController::selectStoredRun(qint64 runId)
{
    RunListModel* model = m_inspector->runModel();
    for (int row = 0; row < model->rowCount(); ++row) {
        const Run* run = model->run(row);
        if (run && run->id == runId) {
            m_inspector->runView()->setCurrentIndex(model->index(row, 0));
            break;
        }
    }
    onCurrentRunChanged();
}

void ProbeController::onCurrentRunChanged()
{
    if (m_currentRequest != 0 || !m_workspace)
        return; // the streaming run owns the panes
    const Run* run = m_inspector->runModel()->run(m_inspector->runView()->currentIndex().row());
    if (!run) {
        m_optionBars->clear();
        m_verdictBar->setRun(0);
        showAttention({});
        return;
    }
    showAttention(run->metadata.value(QStringLiteral("image_attention")).toObject());
    const QList<StreamedToken> tokens = storedTokens(run->tokenLogprobs);
    if (!tokens.isEmpty())
        m_chainOfThought->showRun(run->prefill, run->completion, tokens);
    QStringList options;
    QString gold;
    try {
        if (const std::optional<Condition> condition = m_workspace->conditions().get(run->conditionId)) {
            const std::optional<Sample> sample = m_workspace->samples().get(condition->sampleId);
            options = !condition->options.isEmpty() ? condition->options : (sample ? sample->options : QStringList {});
            gold = !condition->goldAnswer.isEmpty() ? condition->goldAnswer : (sample ? sample->goldAnswer : QString());
        }
    } catch (const WorkspaceError& error) {
        Q_EMIT errorOccurred(error.message());
    }
    m_optionBars->showRun(*run, options, gold);
    m_verdictBar->setRun(run->id);
}

void ProbeController::showAttention(const QJsonObject& record)
{
    const QImage heat = ImageAttentionMean::heatImage(record);
    if (heat.isNull()) {
        m_imagePanel->view()->clearHeatMap();
        return;
    }
    m_attentionImageKey = m_imagePanel->currentKey();
    m_imagePanel->view()->setHeatMap(heat, 0.6);
}

void ProbeController::recomputeMetrics()
{
    if (!m_workspace)
        return;
    if (m_metricsWatcher.isRunning()) {
        m_metricsDirty = true;
        return;
    }
    const QString path = m_workspace->path();
    m_metricsWatcher.setFuture(QtConcurrent::run([path]() -> MetricsResult {
        try {
            const std::unique_ptr<Workspace> workspace = Workspace::open(path, Workspace::OpenMode::ReadOnly);
            return { computeMetrics(loadRunOutcomes(*workspace)), {} };
        } catch (const std::exception& error) {
            return { {}, QString::fromUtf8(error.what()) };
        }
    }));
}

void ProbeController::onMetricsComputed()
{
    const MetricsResult result = m_metricsWatcher.result();
    if (result.error.isEmpty())
        Q_EMIT metricsReady(result.metrics);
    else
        Q_EMIT errorOccurred(tr("Metrics: %1").arg(result.error));
    if (m_metricsDirty) {
        m_metricsDirty = false;
        recomputeMetrics();
    }
}

bool ProbeController::compareRuns(QWidget* dialogParent)
{
    if (!m_workspace)
        return false;
    RunListModel* model = m_inspector->runModel();
    QList<Run> pair;
    const QModelIndexList rows = m_inspector->runView()->selectionModel()->selectedRows();
    if (rows.size() == 2) {
        for (const QModelIndex& index : rows)
            pair.append(*model->run(index.row()));
    }
    try {
        if (pair.isEmpty()) {
            const Run* current = model->run(m_inspector->runView()->currentIndex().row());
            const std::optional<Condition> condition
                = current ? m_workspace->conditions().get(current->conditionId) : std::optional<Condition> {};
            if (condition && condition->parentId) {
                // listForCondition is by id: the last match is the newest.
                for (const Run& candidate : m_workspace->runs().listForCondition(*condition->parentId)) {
                    if (candidate.modelId == current->modelId && candidate.status == RunStatus::Done)
                        pair = { candidate, *current };
                }
            } else if (current && model->rowCount() >= 2) {
                const Run* other = model->run(current == model->run(0) ? 1 : 0);
                pair = { *other, *current };
            }
        }
        if (pair.size() != 2) {
            m_panel->showError(
                tr("Nothing to compare: select a run whose parent condition has a run by the same model."));
            return false;
        }
        const auto title = [this](const Run& run) {
            const std::optional<Condition> condition = m_workspace->conditions().get(run.conditionId);
            return condition ? conditionDisplayName(*condition) : tr("condition #%1").arg(run.conditionId);
        };
        auto* dialog = new QDialog(dialogParent);
        dialog->setObjectName(QStringLiteral("runDiffDialog"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setWindowTitle(tr("Compare Runs"));
        auto* view = new RunDiffView(dialog);
        view->setObjectName(QStringLiteral("runDiffView"));
        view->showRuns(title(pair[0]), pair[0], title(pair[1]), pair[1]);
        auto* layout = new QVBoxLayout(dialog);
        layout->addWidget(view);
        dialog->resize(1000, 600);
        dialog->show();
    } catch (const WorkspaceError& error) {
        m_panel->showError(error.message());
        return false;
    }
    return true;
}

void ProbeController::judgeCurrentRun()
{
    const std::optional<LoadedModelInfo> info = m_backend->modelInfo();
    if (!m_workspace || !info || m_verdictBar->runId() == 0) {
        m_panel->showError(tr("To judge with a model, load one and select a finished run"));
        return;
    }
    if (m_judge && m_judge->isBusy())
        return;
    delete m_judge;
    auto* judge = new LlmJudge(*m_workspace, *m_backend, info->name, this);
    m_judge = judge;
    connect(judge, &LlmJudge::judged, m_verdictBar, [this] { m_verdictBar->reload(); });
    connect(judge, &LlmJudge::failed, m_panel, [this](qint64, const QString& error) { m_panel->showError(error); });
    judge->judge({ m_verdictBar->runId() });
}

} // namespace vlmprobe
