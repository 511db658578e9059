#pragma once
// RunPanel: everything needed to run the current condition with a local checkpoint: the model picker (checkpoint
// folder, device, dtype, Load with a busy indicator and the loaded model's name, parameter count and load time),
// the decode settings (greedy by default; temperature, top-p, top-k, repetition penalty, seed, max new tokens,
// image min/max pixels), Run (Ctrl+Enter) and Cancel (Esc), and a stage line with a progress bar ("Encoding
// image…", "Prefill…", "Decoding 12 tokens, 34 tok/s", "Scoring…"). Errors show in one line.
//
// The panel only collects input and shows state: it emits loadRequested / runRequested / cancelRequested and the
// owner (ProbeController) drives the backend and calls the set* functions back. Cancel is enabled only while a
// run is in flight, so Esc keeps its other meanings otherwise. Settings persist in QSettings under "run/".
// GUI thread only.

#include "backends/decode_settings.h"
#include "backends/model_spec.h"
#include "backends/run_job.h"

#include <QWidget>

class QAction;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSettings;
class QSpinBox;

namespace vlmprobe {

class RunPanel : public QWidget {
    Q_OBJECT
public:
    explicit RunPanel(QWidget* parent = nullptr);

    ModelSpec modelSpec() const;
    void setModelSpec(const ModelSpec& spec);
    DecodeSettings decodeSettings() const;
    void setDecodeSettings(const DecodeSettings& settings);

    // Keys "run/checkpoint", "run/device", "run/precision" and "run/decode" (DecodeSettings::toJson).
    void saveSettings(QSettings& settings) const;
    void restoreSettings(const QSettings& settings);

    QAction* loadAction() const { return m_loadAction; }
    QAction* runAction() const { return m_runAction; }
    QAction* cancelAction() const { return m_cancelAction; }

    // Whether Run is allowed at all (a model is loaded and something is selected); the owner decides.
    void setRunAvailable(bool available, const QString& reason = QString());

    void setModelLoading(const QString& directory);
    void setModelLoaded(const LoadedModelInfo& info);
    void setModelLoadFailed(const QString& error);

    void setRunning(bool running);
    void setStage(RunStage stage);
    // Decoding progress: tokens generated so far and the rate on screen (tokens per second).
    void setDecodeProgress(int tokens, double tokensPerSecond);
    // The run is over: `message` replaces the stage line ("Done: 16 tokens in 0.8 s", "Cancelled").
    void setFinished(const QString& message);
    void showError(const QString& message);

    bool isRunning() const { return m_running; }
    QString stageText() const;
    QString errorText() const;
    QString modelText() const;
    static QString formatParameterCount(qint64 count);

Q_SIGNALS:
    void loadRequested(const vlmprobe::ModelSpec& spec);
    void runRequested(const vlmprobe::DecodeSettings& settings);
    void cancelRequested();

private:
    QWidget* createModelBox();
    QWidget* createDecodeBox();
    QWidget* createRunBox();
    void browse();
    void updateSamplingEnabled();
    void updateActions();

    QLineEdit* m_checkpoint = nullptr;
    QComboBox* m_device = nullptr;
    QComboBox* m_precision = nullptr;
    QPushButton* m_loadButton = nullptr;
    QProgressBar* m_loadBusy = nullptr;
    QLabel* m_modelInfo = nullptr;

    QCheckBox* m_greedy = nullptr;
    QDoubleSpinBox* m_temperature = nullptr;
    QDoubleSpinBox* m_topP = nullptr;
    QSpinBox* m_topK = nullptr;
    QDoubleSpinBox* m_repetitionPenalty = nullptr;
    QSpinBox* m_seed = nullptr;
    QSpinBox* m_maxNewTokens = nullptr;
    QSpinBox* m_minPixels = nullptr;
    QSpinBox* m_maxPixels = nullptr;

    QLabel* m_stage = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_error = nullptr;

    QAction* m_loadAction = nullptr;
    QAction* m_runAction = nullptr;
    QAction* m_cancelAction = nullptr;
    bool m_running = false;
    bool m_loading = false;
    bool m_runAvailable = false;
    int m_maxTokensOfRun = 0;
};

} // namespace vlmprobe
