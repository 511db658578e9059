#pragma once
// ProbeController: the live probing loop of the window. It owns the LocalBackend and, on Run, turns the
// inspector's sample and selected condition into a RunJob (prompt assembly, the image shown, the determining
// hash, the loaded checkpoint registered as a ModelEntry), submits it "latest wins", streams its tokens into the
// chain-of-thought pane, and when it finishes stores it (RunStore: the run and its rule judgment), reloads the
// inspector on it, shows its option bars and verdicts, and emits runsChanged().
//
// Request ids tag every backend signal; anything about a request that is not the current one is dropped (a
// superseded run is cancelled by the backend and not stored). A run the user cancels (Esc) is stored with status
// Cancelled. Selecting a stored run shows its token heat-map, option bars and verdicts.
//
// Attention overlay: while a run streams, the inspector's image shows the running mean of the tokens' attention on
// the image (refreshed at most every kAttentionRefreshMs); a selected stored run shows its
// metadata["image_attention"]; no run, or a run without one, clears it. A heat map belongs to the image that was on
// screen when it was set: another image appearing clears it.
//
// After each stored run the metrics are recomputed off the GUI thread (QtConcurrent, on a read-only Workspace
// connection of its own) and delivered by metricsReady(); a request while one is computing reruns after it.
//
// The workspace is borrowed: setWorkspace() (nullptr before closing it) cancels whatever is in flight.
// Destruction cancels the run and joins the inference thread (closing the window mid-run is clean).
// GUI thread only.

#include "backends/decode_settings.h"
#include "backends/image_attention_mean.h"
#include "backends/model_spec.h"
#include "backends/run_job.h"
#include "metrics/metrics.h"
#include "probe/prompt_assembly.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QHash>
#include <QObject>

class QWidget;

namespace vlmprobe {

class ChainOfThoughtView;
class ImagePanel;
class LlmJudge;
class LocalBackend;
class OptionBars;
class RunPanel;
class SampleInspector;
class VerdictBar;
class Workspace;

class ProbeController : public QObject {
    Q_OBJECT
public:
    ProbeController(SampleInspector* inspector, RunPanel* panel, OptionBars* optionBars, VerdictBar* verdictBar,
        QObject* parent = nullptr);
    ~ProbeController() override;

    void setWorkspace(Workspace* workspace);
    void setPromptSettings(const PromptSettings& settings) { m_promptSettings = settings; }

    LocalBackend* backend() const { return m_backend; }
    // The request whose tokens are streaming; 0 when nothing is in flight.
    qint64 currentRequestId() const { return m_currentRequest; }
    bool isRunning() const { return m_currentRequest != 0; }
    bool isComputingMetrics() const { return m_metricsWatcher.isRunning(); }

    // Opens a RunDiffView (non-modal, deleted on close) for two runs of the current sample: the two selected rows
    // of the run table, else the current run beside the newest run of its parent condition by the same model.
    // Returns false (with the reason in the run panel) when there is no such pair.
    bool compareRuns(QWidget* dialogParent);

public Q_SLOTS:
    void loadModel(const vlmprobe::ModelSpec& spec);
    // Runs the inspector's selected condition; problems show in the run panel's error line.
    void run(const vlmprobe::DecodeSettings& decode);
    void cancel();
    void recomputeMetrics();
    // Asks the loaded model, as LLM judge with the workspace's stored judge prompt, whether the current run's
    // reasoning supports its answer; the verdict lands in the verdict bar. Problems show in the run panel.
    void judgeCurrentRun();

Q_SIGNALS:
    void runStored(qint64 runId);
    void runsChanged();
    void metricsReady(const QList<vlmprobe::ConditionMetrics>& metrics);
    void errorOccurred(const QString& message);

private:
    struct Pending {
        QString prefill;
        QStringList options;
        QString goldAnswer;
        int tokens = 0;
        QElapsedTimer clock;
        qint64 firstTokenMs = -1;
        ImageAttentionMean attention;
        QElapsedTimer attentionShown; // invalid until the overlay first shows this run's attention
    };

    static constexpr qint64 kAttentionRefreshMs = 100;

    void updateRunAvailable();
    void onTokens(qint64 requestId, const QList<StreamedToken>& tokens);
    void onRunFinished(qint64 requestId, const Run& run);
    void onRunFailed(qint64 requestId, const QString& error);
    void onCurrentRunChanged();
    void onMetricsComputed();
    void selectStoredRun(qint64 runId);
    // Shows `record` ({"rows", "columns", "mass"}) over the current image; an empty or malformed one clears it.
    void showAttention(const QJsonObject& record);

    SampleInspector* m_inspector = nullptr;
    RunPanel* m_panel = nullptr;
    OptionBars* m_optionBars = nullptr;
    VerdictBar* m_verdictBar = nullptr;
    ChainOfThoughtView* m_chainOfThought = nullptr;
    ImagePanel* m_imagePanel = nullptr;
    QString m_attentionImageKey; // the image key on screen when the heat map was set
    LocalBackend* m_backend = nullptr;
    Workspace* m_workspace = nullptr;
    PromptSettings m_promptSettings;
    qint64 m_nextRequest = 0;
    qint64 m_currentRequest = 0;
    Pending m_pending;
    struct MetricsResult {
        QList<ConditionMetrics> metrics;
        QString error; // one line; empty on success
    };
    QFutureWatcher<MetricsResult> m_metricsWatcher;
    LlmJudge* m_judge = nullptr; // owned (child); bound to the current workspace, replaced per request
    bool m_metricsDirty = false;
};

} // namespace vlmprobe
