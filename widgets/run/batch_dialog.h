#pragma once
// BatchDialog: runs the loaded model over many samples x text condition kinds (a BatchRunner it owns) and shows
// the progress: a bar, a line "12 / 40 · 3 skipped · ETA 1 min 20 s" and one line per failed job. Jobs already
// done with the same determining hash are skipped, so Start after a cancel or a crash only runs what is missing.
//
// Non-modal. Esc cancels a running batch (the cancelled job is not stored) and otherwise closes the dialog.
// The workspace and the backend are borrowed and must outlive the dialog: the owner deletes the dialog before it
// closes the workspace or destroys the backend. GUI thread only.

#include "backends/decode_settings.h"
#include "probe/prompt_assembly.h"
#include "workspace/records.h"

#include <QDialog>
#include <QList>

class QCheckBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QRadioButton;

namespace vlmprobe {

class BatchRunner;
class LocalBackend;
class Workspace;

class BatchDialog : public QDialog {
    Q_OBJECT
public:
    enum class Scope { Selected, Filter };

    // `sampleIds` is the "selected samples" scope; the backend must hold the checkpoint of `modelId`.
    BatchDialog(Workspace* workspace, LocalBackend* backend, qint64 modelId, const DecodeSettings& decode,
        const QList<qint64>& sampleIds, QWidget* parent = nullptr);
    ~BatchDialog() override;

    // Enables the "all samples of the current filter" scope with these samples (in run order).
    void setFilteredSampleIds(const QList<qint64>& sampleIds);
    void setPromptSettings(const PromptSettings& settings) { m_prompt = settings; }

    // The kinds offered: Base and the text kinds. Base and Wrong-Caption start checked.
    static QList<ConditionKind> offeredKinds();
    QList<ConditionKind> checkedKinds() const; // in offeredKinds() order
    void setKindChecked(ConditionKind kind, bool checked);
    Scope scope() const;
    void setScope(Scope scope);
    QList<qint64> scopeSampleIds() const;

    bool isRunning() const;
    QProgressBar* progressBar() const { return m_progress; }
    QLabel* progressLabel() const { return m_progressLabel; }
    QListWidget* errorList() const { return m_errors; }
    QPushButton* startButton() const { return m_startButton; }
    QPushButton* cancelButton() const { return m_cancelButton; }

    // "12 / 40 · 3 skipped · ETA 1 min 20 s"; processed = done + skipped; the ETA part is left out while
    // etaSeconds < 0 (unknown) and once everything is processed.
    static QString progressText(int processed, int skipped, int total, double etaSeconds);
    // "45 s", "1 min 20 s", "2 h 05 min" (seconds rounded).
    static QString durationText(double seconds);

public Q_SLOTS:
    // Starts the batch over the scope and the checked kinds; a refusal (no kind, no sample, model not loaded ...)
    // shows as an error line and starts nothing.
    void start();
    // Cancels the running batch; nothing when idle.
    void cancel();
    void reject() override;

Q_SIGNALS:
    void runStored(qint64 runId);
    void batchFinished(int stored, int skipped, int failed);

private:
    void onProgressed(int done, int skipped, int total, double etaSeconds);
    void onFinished(int stored, int skipped, int failed);
    void addError(const QString& message);
    void updateControls();

    Workspace* m_workspace = nullptr;
    LocalBackend* m_backend = nullptr;
    BatchRunner* m_runner = nullptr; // owned (child); nullptr without a workspace or a backend
    qint64 m_modelId = 0;
    DecodeSettings m_decode;
    PromptSettings m_prompt;
    QList<qint64> m_selectedIds;
    QList<qint64> m_filteredIds;
    int m_processed = 0; // of the latest progress report: done + skipped
    int m_skipped = 0;
    int m_total = 0;
    QList<QCheckBox*> m_kindBoxes; // parallel to offeredKinds()
    QRadioButton* m_selectedScope = nullptr;
    QRadioButton* m_filterScope = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_progressLabel = nullptr;
    QListWidget* m_errors = nullptr;
    QPushButton* m_startButton = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QPushButton* m_closeButton = nullptr;
};

} // namespace vlmprobe
