#include "main_window.h"

#include "app_info.h"
#include "backends/local_backend.h"
#include "batch_dialog.h"
#include "chain_of_thought_view.h"
#include "charts/tradeoff_dock.h"
#include "data/demo_workspace.h"
#include "image_panel.h"
#include "image_view.h"
#include "option_bars.h"
#include "perturb/perturbation_editor.h"
#include "probe_controller.h"
#include "recent_files.h"
#include "run_panel.h"
#include "sample_browser.h"
#include "sample_inspector.h"
#include "sample_table_model.h"
#include "verdict_bar.h"
#include "workspace/model_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace.h"
#include "workspace/workspace_error.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <exception>
#include <limits>

namespace vlmprobe {

namespace {

const QString kWorkspaceSuffix = QStringLiteral("vlmprobe");
constexpr int kStatusMessageMs = 8000;

QString workspaceFileFilter()
{
    return MainWindow::tr("VLM Probe workspaces (*.vlmprobe);;All files (*)");
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_sampleModel(new SampleTableModel(this))
    , m_browser(new SampleBrowser(m_sampleModel))
    , m_inspector(new SampleInspector)
    , m_splitter(new QSplitter(Qt::Horizontal))
    , m_statusLabel(new QLabel)
    , m_demoWatcher(new QFutureWatcher<QString>(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QApplication::applicationDisplayName());
    m_browser->setObjectName(QStringLiteral("sampleBrowser"));
    m_inspector->setObjectName(QStringLiteral("sampleInspector"));
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_browser);
    m_splitter->addWidget(m_inspector);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 7);
    m_splitter->setChildrenCollapsible(false);
    setCentralWidget(m_splitter);
    m_statusLabel->setObjectName(QStringLiteral("workspaceStatus"));
    statusBar()->addPermanentWidget(m_statusLabel);

    m_runPanel = new RunPanel;
    m_runPanel->setObjectName(QStringLiteral("runPanel"));
    m_optionBars = new OptionBars;
    m_optionBars->setObjectName(QStringLiteral("optionBars"));
    m_verdictBar = new VerdictBar;
    m_verdictBar->setObjectName(QStringLiteral("verdictBar"));
    m_controller = new ProbeController(m_inspector, m_runPanel, m_optionBars, m_verdictBar, this);

    createActions();
    createDocks();
    createMenus();

    connect(m_browser, &SampleBrowser::currentSampleChanged, m_inspector, &SampleInspector::showSample);
    connect(m_browser, &SampleBrowser::errorOccurred, this,
        [this](const QString& message) { statusBar()->showMessage(message, kStatusMessageMs); });
    connect(m_inspector, &SampleInspector::errorOccurred, this,
        [this](const QString& message) { statusBar()->showMessage(message, kStatusMessageMs); });
    connect(m_controller, &ProbeController::errorOccurred, this,
        [this](const QString& message) { statusBar()->showMessage(message, kStatusMessageMs); });
    connect(m_sampleModel, &SampleTableModel::totalCountChanged, this, &MainWindow::updateStatus);
    connect(m_demoWatcher, &QFutureWatcher<QString>::finished, this, &MainWindow::onDemoWritten);

    resize(1400, 880);
    restoreSettings();
    updateStatus();
}

MainWindow::~MainWindow()
{
    // The demo writer owns its own connection and file; let it finish so nothing is left half-renamed.
    m_demoWatcher->waitForFinished();
    // The batch dialog's runner borrows the workspace and the controller's backend.
    delete m_batchDialog.data();
    // The controller goes first: it cancels the run in flight and joins the inference thread while the workspace
    // it would store into still exists.
    delete m_controller;
    m_controller = nullptr;
    m_browser->setWorkspace(nullptr);
    m_inspector->setWorkspace(nullptr);
    m_perturbationEditor->setWorkspace(nullptr);
}

void MainWindow::createActions()
{
    m_newAction = new QAction(tr("&New Workspace\u2026"), this);
    m_newAction->setShortcut(QKeySequence::New);
    m_newAction->setStatusTip(tr("Create an empty workspace file"));
    connect(m_newAction, &QAction::triggered, this, &MainWindow::chooseAndCreate);

    m_openAction = new QAction(tr("&Open Workspace\u2026"), this);
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setStatusTip(tr("Open a workspace file"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::chooseAndOpen);

    m_demoAction = new QAction(tr("Open &Demo Workspace"), this);
    m_demoAction->setStatusTip(tr("Open the demo study (written on first use)"));
    connect(m_demoAction, &QAction::triggered, this, &MainWindow::openDemoWorkspace);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_nextAction = new QAction(tr("&Next Sample"), this);
    m_nextAction->setShortcuts({ QKeySequence(Qt::Key_J), QKeySequence(Qt::ALT | Qt::Key_Down) });
    connect(m_nextAction, &QAction::triggered, m_browser, &SampleBrowser::selectNext);

    m_previousAction = new QAction(tr("&Previous Sample"), this);
    m_previousAction->setShortcuts({ QKeySequence(Qt::Key_K), QKeySequence(Qt::ALT | Qt::Key_Up) });
    connect(m_previousAction, &QAction::triggered, m_browser, &SampleBrowser::selectPrevious);

    m_findAction = new QAction(tr("&Find Samples"), this);
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, m_browser, &SampleBrowser::focusSearch);

    ImageView* imageView = m_inspector->imagePanel()->view();
    m_fitAction = new QAction(tr("&Fit Image"), this);
    m_fitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(m_fitAction, &QAction::triggered, imageView, &ImageView::fitToWindow);

    m_actualPixelsAction = new QAction(tr("&Actual Pixels (1:1)"), this);
    m_actualPixelsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    connect(m_actualPixelsAction, &QAction::triggered, imageView, &ImageView::showActualPixels);

    m_compareAction = new QAction(tr("&Compare Runs"), this);
    m_compareAction->setObjectName(QStringLiteral("compareAction"));
    m_compareAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_compareAction->setStatusTip(tr("Show two runs of this sample side by side with their differences"));
    connect(m_compareAction, &QAction::triggered, this, [this] { m_controller->compareRuns(this); });

    m_heatMapAction = new QAction(tr("Token &Heat-Map"), this);
    m_heatMapAction->setObjectName(QStringLiteral("heatMapAction"));
    m_heatMapAction->setCheckable(true);
    m_heatMapAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    m_heatMapAction->setStatusTip(tr("Tint each generated token by its probability"));
    connect(
        m_heatMapAction, &QAction::toggled, m_inspector->chainOfThoughtView(), &ChainOfThoughtView::setHeatMapEnabled);

    m_batchAction = new QAction(tr("Run &Batch\u2026"), this);
    m_batchAction->setObjectName(QStringLiteral("batchAction"));
    m_batchAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    m_batchAction->setStatusTip(tr("Run the loaded model over many samples and conditions"));
    m_batchAction->setEnabled(m_controller->backend()->isModelLoaded());
    connect(m_batchAction, &QAction::triggered, this, &MainWindow::openBatchDialog);
    connect(m_controller->backend(), &LocalBackend::modelLoaded, m_batchAction,
        [this] { m_batchAction->setEnabled(true); });
    // A load releases the previous model first, so the action is off until the new one is in.
    connect(m_controller->backend(), &LocalBackend::modelLoadStarted, m_batchAction,
        [this] { m_batchAction->setEnabled(false); });
    connect(m_controller->backend(), &LocalBackend::modelLoadFailed, m_batchAction,
        [this] { m_batchAction->setEnabled(false); });

    m_aboutAction = new QAction(tr("&About VLM Probe"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createDocks()
{
    auto* runScroll = new QScrollArea;
    runScroll->setWidget(m_runPanel);
    runScroll->setWidgetResizable(true);
    runScroll->setFrameShape(QFrame::NoFrame);
    m_runDock = new QDockWidget(tr("Run"), this);
    m_runDock->setObjectName(QStringLiteral("runDock"));
    m_runDock->setWidget(runScroll);
    addDockWidget(Qt::RightDockWidgetArea, m_runDock);

    auto* answer = new QWidget;
    auto* answerLayout = new QVBoxLayout(answer);
    answerLayout->addWidget(m_verdictBar);
    answerLayout->addWidget(m_optionBars, 1);
    m_answerDock = new QDockWidget(tr("Answer"), this);
    m_answerDock->setObjectName(QStringLiteral("answerDock"));
    m_answerDock->setWidget(answer);
    addDockWidget(Qt::RightDockWidgetArea, m_answerDock);
    splitDockWidget(m_runDock, m_answerDock, Qt::Vertical);

    m_perturbationEditor = new PerturbationEditor;
    m_perturbationEditor->setObjectName(QStringLiteral("perturbationEditor"));
    m_perturbDock = new QDockWidget(tr("Perturb"), this);
    m_perturbDock->setObjectName(QStringLiteral("perturbDock"));
    m_perturbDock->setWidget(m_perturbationEditor);
    addDockWidget(Qt::RightDockWidgetArea, m_perturbDock);
    tabifyDockWidget(m_runDock, m_perturbDock);
    m_runDock->raise();
    connect(m_inspector->conditionView()->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this] { m_perturbationEditor->setSample(m_inspector->sampleId(), m_inspector->currentConditionId()); });
    // "Suggest with model" uses whatever checkpoint the run panel loaded.
    connect(m_controller->backend(), &LocalBackend::modelLoaded, m_perturbationEditor,
        [this](const LoadedModelInfo& info) { m_perturbationEditor->setBackend(m_controller->backend(), info.name); });
    connect(m_controller->backend(), &LocalBackend::modelLoadFailed, m_perturbationEditor,
        [this] { m_perturbationEditor->setBackend(nullptr, QString()); });
    connect(m_perturbationEditor, &PerturbationEditor::conditionCreated, this, [this](qint64 conditionId) {
        m_inspector->reload();
        m_inspector->selectCondition(conditionId);
    });

    m_tradeoffDock = new TradeoffDock;
    m_tradeoffDock->setObjectName(QStringLiteral("tradeoffDock"));
    auto* tradeoff = new QDockWidget(tr("Trade-off"), this);
    tradeoff->setObjectName(QStringLiteral("tradeoffDockWidget"));
    tradeoff->setWidget(m_tradeoffDock);
    addDockWidget(Qt::BottomDockWidgetArea, tradeoff);
    connect(m_controller, &ProbeController::metricsReady, m_tradeoffDock, &TradeoffDock::setMetrics);
    connect(m_tradeoffDock, &TradeoffDock::errorOccurred, this,
        [this](const QString& message) { statusBar()->showMessage(message, kStatusMessageMs); });
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newAction);
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::populateRecentMenu);
    file->addAction(m_demoAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu* go = menuBar()->addMenu(tr("&Go"));
    go->addAction(m_nextAction);
    go->addAction(m_previousAction);
    go->addSeparator();
    go->addAction(m_findAction);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_runPanel->loadAction());
    run->addAction(m_runPanel->runAction());
    run->addAction(m_runPanel->cancelAction());
    run->addAction(m_batchAction);
    run->addSeparator();
    run->addAction(m_compareAction);
    m_judgeAction = run->addAction(tr("&Judge with Model"), m_controller, &ProbeController::judgeCurrentRun);
    m_judgeAction->setObjectName(QStringLiteral("judgeAction"));
    m_judgeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
    run->addSeparator();
    QMenu* verdict = run->addMenu(tr("Human &Verdict"));
    verdict->addAction(m_verdictBar->consistentAction());
    verdict->addAction(m_verdictBar->inconsistentAction());
    verdict->addAction(m_verdictBar->noConclusionAction());

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_fitAction);
    view->addAction(m_actualPixelsAction);
    view->addAction(m_heatMapAction);
    view->addSeparator();
    for (QDockWidget* dock : findChildren<QDockWidget*>(Qt::FindDirectChildrenOnly))
        view->addAction(dock->toggleViewAction());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);
    QAction* aboutQt = help->addAction(tr("About &Qt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
    populateRecentMenu();
}

bool MainWindow::openWorkspace(const QString& path, QString* errorMessage)
{
    std::unique_ptr<Workspace> opened;
    try {
        opened = Workspace::open(path);
    } catch (const WorkspaceError& error) {
        if (error.reason() == WorkspaceError::Reason::NotFound)
            RecentFiles().remove(path);
        if (errorMessage)
            *errorMessage = error.message();
        Q_EMIT workspaceFailed(error.message());
        return false;
    }
    adopt(std::move(opened));
    return true;
}

bool MainWindow::openWorkspaceInteractively(const QString& path)
{
    QString message;
    if (openWorkspace(path, &message))
        return true;
    showError(tr("Cannot open workspace"), message);
    return false;
}

bool MainWindow::createWorkspace(const QString& path, QString* errorMessage)
{
    std::unique_ptr<Workspace> created;
    try {
        created = Workspace::create(path);
    } catch (const WorkspaceError& error) {
        if (errorMessage)
            *errorMessage = error.message();
        Q_EMIT workspaceFailed(error.message());
        return false;
    }
    adopt(std::move(created));
    return true;
}

void MainWindow::openDemoWorkspace()
{
    const QString path = defaultDemoWorkspacePath();
    if (QFileInfo::exists(path)) {
        openWorkspaceInteractively(path);
        return;
    }
    if (m_creatingDemo)
        return;
    m_creatingDemo = true;
    m_demoPath = path;
    m_adoptionsAtDemoStart = m_adoptions;
    m_demoAction->setEnabled(false);
    statusBar()->showMessage(tr("Writing the demo workspace to %1\u2026").arg(QDir::toNativeSeparators(path)));
    // Rendering and encoding the demo images takes a while: it runs on a worker thread with its own connection.
    m_demoWatcher->setFuture(QtConcurrent::run([path]() -> QString {
        try {
            QDir().mkpath(QFileInfo(path).absolutePath());
            writeDemoWorkspace(path);
            return {};
        } catch (const std::exception& error) {
            return QString::fromUtf8(error.what());
        }
    }));
}

void MainWindow::openStartupWorkspace()
{
    const QString last = RecentFiles().lastWorkspace();
    if (!last.isEmpty() && QFileInfo::exists(last) && openWorkspace(last))
        return;
    openDemoWorkspace();
}

void MainWindow::onDemoWritten()
{
    m_creatingDemo = false;
    m_demoAction->setEnabled(true);
    statusBar()->clearMessage();
    const QString failure = m_demoWatcher->result();
    if (!failure.isEmpty()) {
        showError(tr("Cannot write the demo workspace"), failure);
        Q_EMIT workspaceFailed(failure);
        return;
    }
    if (m_adoptions == m_adoptionsAtDemoStart)
        openWorkspaceInteractively(m_demoPath);
    else
        statusBar()->showMessage(tr("The demo workspace is ready: File > Open Demo Workspace"), kStatusMessageMs);
}

void MainWindow::adopt(std::unique_ptr<Workspace> workspace)
{
    // The batch dialog runs on the old workspace: it goes (cancelling its job in flight) before that one closes.
    delete m_batchDialog.data();
    // The views switch to the new workspace before the old one closes: nothing ever points at a closed one.
    // The inspector goes first: the browser selects its first row while switching and the inspector shows it.
    std::swap(m_workspace, workspace);
    ++m_adoptions;
    m_controller->setWorkspace(m_workspace.get());
    m_perturbationEditor->setWorkspace(m_workspace.get());
    m_inspector->setWorkspace(m_workspace.get());
    m_browser->setWorkspace(m_workspace.get());
    workspace.reset();

    const QString path = m_workspace->path();
    RecentFiles recent;
    recent.add(path);
    recent.setLastWorkspace(path);
    setWindowFilePath(path);
    setWindowTitle(tr("%1 \u2014 %2").arg(QFileInfo(path).fileName(), QApplication::applicationDisplayName()));
    updateStatus();
    m_controller->recomputeMetrics();
    Q_EMIT workspaceOpened(path);
}

BatchDialog* MainWindow::batchDialog() const
{
    return m_batchDialog.data();
}

qint64 MainWindow::loadedModelId()
{
    // The same ModelEntry the controller registers for a checkpoint: one per Local folder, found by location.
    const std::optional<LoadedModelInfo> info = m_controller->backend()->modelInfo();
    if (!info)
        return 0;
    return m_workspace->models().findOrInsertLocal(info->directory);
}

QList<qint64> MainWindow::filteredSampleIds() const
{
    // Every sample matching the browser's filters, loaded or not, in id order: one SQL query.
    SampleQuery query;
    query.datasetId = m_sampleModel->datasetFilter();
    query.category = m_sampleModel->categoryFilter();
    query.text = m_sampleModel->textFilter();
    query.limit = static_cast<int>(std::min<qint64>(m_sampleModel->totalCount(), std::numeric_limits<int>::max()));
    QList<qint64> ids;
    if (query.limit <= 0)
        return ids;
    for (const SampleRow& row : m_workspace->samples().page(query))
        ids << row.id;
    return ids;
}

void MainWindow::openBatchDialog()
{
    if (m_batchDialog && m_batchDialog->isRunning()) {
        m_batchDialog->show();
        m_batchDialog->raise();
        m_batchDialog->activateWindow();
        return;
    }
    delete m_batchDialog.data();
    if (!m_workspace || !m_controller->backend()->isModelLoaded()) {
        statusBar()->showMessage(tr("Load a model first."), kStatusMessageMs);
        return;
    }
    qint64 modelId = 0;
    QList<qint64> filtered;
    try {
        modelId = loadedModelId();
        filtered = filteredSampleIds();
    } catch (const WorkspaceError& error) {
        showError(tr("Run Batch"), error.message());
        return;
    }
    QList<qint64> selected;
    if (const qint64 current = m_browser->currentSampleId(); current != 0)
        selected << current;
    auto* dialog = new BatchDialog(
        m_workspace.get(), m_controller->backend(), modelId, m_runPanel->decodeSettings(), selected, this);
    dialog->setObjectName(QStringLiteral("batchDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFilteredSampleIds(filtered);
    if (selected.isEmpty() && !filtered.isEmpty())
        dialog->setScope(BatchDialog::Scope::Filter);
    connect(dialog, &BatchDialog::runStored, this, [this] { m_inspector->reload(); });
    connect(dialog, &BatchDialog::runStored, m_controller, &ProbeController::recomputeMetrics);
    m_batchDialog = dialog;
    dialog->show();
}

void MainWindow::showError(const QString& title, const QString& message)
{
    // Window-modal and non-blocking: the event loop (and tests) keep running while it is shown.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::populateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList paths = RecentFiles().paths();
    for (const QString& path : paths) {
        QAction* action = m_recentMenu->addAction(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] { openWorkspaceInteractively(path); });
    }
    if (paths.isEmpty()) {
        m_recentMenu->addAction(tr("No recent workspaces"))->setEnabled(false);
        return;
    }
    m_recentMenu->addSeparator();
    connect(m_recentMenu->addAction(tr("Clear List")), &QAction::triggered, this, [] { RecentFiles().clear(); });
}

void MainWindow::updateStatus()
{
    if (!m_workspace) {
        m_statusLabel->setText(tr("No workspace open"));
        return;
    }
    const qint64 count = m_sampleModel->totalCount();
    const QString samples = count == 1 ? tr("1 sample") : tr("%L1 samples").arg(count);
    m_statusLabel->setText(tr("%1 \u00b7 %2").arg(samples, QDir::toNativeSeparators(m_workspace->path())));
}

void MainWindow::chooseAndOpen()
{
    const QString start = m_workspace ? QFileInfo(m_workspace->path()).absolutePath() : QDir::homePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Workspace"), start, workspaceFileFilter());
    if (!path.isEmpty())
        openWorkspaceInteractively(path);
}

void MainWindow::chooseAndCreate()
{
    const QString start = m_workspace ? QFileInfo(m_workspace->path()).absolutePath() : QDir::homePath();
    QFileDialog dialog(this, tr("New Workspace"), start, workspaceFileFilter());
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setDefaultSuffix(kWorkspaceSuffix);
    // An existing file is never overwritten (Workspace::create refuses), so do not ask to overwrite it either.
    dialog.setOption(QFileDialog::DontConfirmOverwrite);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return;
    QString message;
    if (!createWorkspace(dialog.selectedFiles().constFirst(), &message))
        showError(tr("Cannot create workspace"), message);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About VLM Probe"),
        tr("<h3>VLM Probe %1</h3>"
           "<p>Probe the robustness and chain-of-thought faithfulness of reasoning vision-language models: perturb "
           "a sample, re-run the model, and keep every run in one workspace file.</p>"
           "<p>Keys: J / K or Alt+Down / Alt+Up step through samples, Ctrl+F searches, Esc clears the search. "
           "Ctrl+Enter runs the selected condition, Esc cancels the run, C / I / N set a human verdict.</p>")
            .arg(applicationVersion().toHtmlEscaped()));
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("window/inspector"), m_inspector->saveState());
    settings.setValue(QStringLiteral("browser/header"), m_browser->saveHeaderState());
    settings.setValue(QStringLiteral("view/heatMap"), m_heatMapAction->isChecked());
    m_runPanel->saveSettings(settings);
}

void MainWindow::restoreSettings()
{
    const QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    const QByteArray splitter = settings.value(QStringLiteral("window/splitter")).toByteArray();
    if (!splitter.isEmpty())
        m_splitterSized = m_splitter->restoreState(splitter);
    m_inspector->restoreState(settings.value(QStringLiteral("window/inspector")).toByteArray());
    m_browser->restoreHeaderState(settings.value(QStringLiteral("browser/header")).toByteArray());
    m_heatMapAction->setChecked(settings.value(QStringLiteral("view/heatMap"), false).toBool());
    m_runPanel->restoreSettings(settings);
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    if (!m_splitterSized) {
        // First start: the browser takes about 30 % of the width, the inspector the rest. Sizes only mean
        // something once the window has its real width, hence here and not in the constructor.
        const int width = m_splitter->width();
        m_splitter->setSizes({ width * 3 / 10, width - width * 3 / 10 });
        m_splitterSized = true;
    }
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    m_controller->cancel();
    QMainWindow::closeEvent(event);
}

} // namespace vlmprobe
