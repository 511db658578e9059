#pragma once
// MainWindow: the composition root of the GUI. It owns the open Workspace and wires the sample browser (left)
// to the inspector (centre), the run panel and the answer pane (option bars and verdicts) on the right, the
// perturbation editor and the trade-off plot when they are built in, the menus, the keyboard and the remembered
// settings; the parts do the work (the live probing loop is ProbeController's).
//
// Opening a workspace is all-or-nothing: the new file is opened first and swapped in only on success, so a
// failure leaves the current workspace on screen. GUI thread only.

#include <QFutureWatcher>
#include <QMainWindow>
#include <QPointer>

#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QSplitter;

namespace vlmprobe {

class BatchDialog;
class OptionBars;
class PerturbationEditor;
class ProbeController;
class RunPanel;
class TradeoffDock;
class VerdictBar;
class SampleBrowser;
class SampleInspector;
class SampleTableModel;
class Workspace;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens `path` and shows it. On failure returns false with the one-line reason in `errorMessage` and changes
    // nothing.
    bool openWorkspace(const QString& path, QString* errorMessage = nullptr);
    // As openWorkspace(), but a failure is shown in a (non-blocking) message box.
    bool openWorkspaceInteractively(const QString& path);
    // Creates an empty workspace at `path` and shows it; same failure contract as openWorkspace().
    bool createWorkspace(const QString& path, QString* errorMessage = nullptr);
    // Opens the demo workspace in the user's data folder, writing it first (on a worker thread) when missing.
    void openDemoWorkspace();
    // No argument on the command line: the last workspace if it still exists, else the demo.
    void openStartupWorkspace();

    Workspace* workspace() const { return m_workspace.get(); }
    SampleBrowser* browser() const { return m_browser; }
    SampleInspector* inspector() const { return m_inspector; }
    RunPanel* runPanel() const { return m_runPanel; }
    OptionBars* optionBars() const { return m_optionBars; }
    VerdictBar* verdictBar() const { return m_verdictBar; }
    ProbeController* probeController() const { return m_controller; }
    // nullptr when the build has no trade-off plot / perturbation editor.
    TradeoffDock* tradeoffDock() const { return m_tradeoffDock; }
    PerturbationEditor* perturbationEditor() const { return m_perturbationEditor; }
    QAction* compareAction() const { return m_compareAction; }
    QAction* heatMapAction() const { return m_heatMapAction; }
    // Run > Run Batch (Ctrl+B): enabled while the backend holds a model.
    QAction* batchAction() const { return m_batchAction; }
    // The open batch dialog; nullptr when none. It is deleted before the workspace it runs on closes.
    BatchDialog* batchDialog() const;
    // True from the demo's start until its result was handled (opened, or reported).
    bool isCreatingDemo() const { return m_creatingDemo; }

    void saveSettings() const;
    void restoreSettings();

Q_SIGNALS:
    void workspaceOpened(const QString& path);
    void workspaceFailed(const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void createActions();
    void createDocks();
    void createMenus();
    void adopt(std::unique_ptr<Workspace> workspace);
    void showError(const QString& title, const QString& message);
    void populateRecentMenu();
    void onDemoWritten();
    void updateStatus();
    void chooseAndOpen();
    void chooseAndCreate();
    void showAbout();
    void openBatchDialog();
    qint64 loadedModelId();
    QList<qint64> filteredSampleIds() const;

    std::unique_ptr<Workspace> m_workspace;
    SampleTableModel* m_sampleModel = nullptr;
    SampleBrowser* m_browser = nullptr;
    SampleInspector* m_inspector = nullptr;
    RunPanel* m_runPanel = nullptr;
    OptionBars* m_optionBars = nullptr;
    VerdictBar* m_verdictBar = nullptr;
    ProbeController* m_controller = nullptr;
    TradeoffDock* m_tradeoffDock = nullptr;
    PerturbationEditor* m_perturbationEditor = nullptr;
    QDockWidget* m_runDock = nullptr;
    QDockWidget* m_answerDock = nullptr;
    QDockWidget* m_perturbDock = nullptr;
    QAction* m_compareAction = nullptr;
    QAction* m_judgeAction = nullptr;
    QAction* m_heatMapAction = nullptr;
    QAction* m_batchAction = nullptr;
    QPointer<BatchDialog> m_batchDialog;
    QSplitter* m_splitter = nullptr;
    QLabel* m_statusLabel = nullptr;
    QMenu* m_recentMenu = nullptr;
    QAction* m_newAction = nullptr;
    QAction* m_openAction = nullptr;
    QAction* m_demoAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_nextAction = nullptr;
    QAction* m_previousAction = nullptr;
    QAction* m_findAction = nullptr;
    QAction* m_fitAction = nullptr;
    QAction* m_actualPixelsAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QFutureWatcher<QString>* m_demoWatcher = nullptr;
    QString m_demoPath;
    // Counts adopted workspaces: a demo that finishes after the user opened something else is not forced on them.
    bool m_creatingDemo = false;
    quint64 m_adoptions = 0;
    quint64 m_adoptionsAtDemoStart = 0;
    // False until the splitter got either its remembered state or its first-start proportions.
    bool m_splitterSized = false;
};

} // namespace vlmprobe
