// The live probing loop end to end, offscreen, with a tiny random-weight checkpoint written by vlmprobe-engine
// make-tiny and a demo workspace: select a sample's Wrong-Caption condition, load the model, Run, watch the tokens
// stream into the chain-of-thought pane, and find the run stored with its rule verdict, one option bar per option,
// and a human verdict set with one key. Also: Esc stores a Cancelled run, Run Run Run keeps only the last one, and
// closing the window mid-run is clean. Set VLMPROBE_SCREENSHOT_DIR to keep a screenshot taken mid-stream.

#include "backends/local_backend.h"
#include "chain_of_thought_view.h"
#include "charts/tradeoff_dock.h"
#include "charts/tradeoff_plot.h"
#include "data/demo_workspace.h"
#include "image_panel.h"
#include "image_view.h"
#include "main_window.h"
#include "option_bars.h"
#include "probe_controller.h"
#include "run_list_model.h"
#include "run_panel.h"
#include "sample_browser.h"
#include "sample_inspector.h"
#include "sample_table_model.h"
#include "verdict_bar.h"
#include "workspace/condition_repository.h"
#include "workspace/judgment_repository.h"
#include "workspace/run_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace.h"

#include <QAction>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace vlmprobe;

namespace {

constexpr int kLoadTimeoutMs = 120000;
constexpr int kRunTimeoutMs = 120000;

} // namespace

class TestProbeLoop : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void runsStreamsStoresAndJudges();
    void escapeStoresCancelledRun();
    void latestRunWins();
    void closingMidRunIsClean();

private:
    // Selects the first sample's Wrong-Caption condition and loads the tiny model; returns the condition id.
    qint64 prepare(int maxNewTokens);

    QTemporaryDir m_dir;
    QString m_checkpoint;
    QString m_workspacePath;
    std::unique_ptr<MainWindow> m_window;
};

void TestProbeLoop::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("vlmprobe-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_probe_loop"));
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    m_checkpoint = m_dir.filePath(QStringLiteral("tiny"));
    QProcess tool;
    tool.start(
        QStringLiteral(VLMPROBE_ENGINE_TOOL), { QStringLiteral("make-tiny"), QStringLiteral("--out"), m_checkpoint });
    QVERIFY(tool.waitForFinished(kLoadTimeoutMs));
    QVERIFY2(tool.exitCode() == 0, tool.readAllStandardError().constData());
    m_workspacePath = m_dir.filePath(QStringLiteral("demo.vlmprobe"));
    writeDemoWorkspace(m_workspacePath, 3, 5);
}

void TestProbeLoop::init()
{
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QString error;
    QVERIFY2(m_window->openWorkspace(m_workspacePath, &error), qPrintable(error));
}

void TestProbeLoop::cleanup()
{
    m_window.reset();
}

qint64 TestProbeLoop::prepare(int maxNewTokens)
{
    SampleBrowser* browser = m_window->browser();
    const qint64 sampleId = browser->model()->sampleId(0);
    browser->selectSample(sampleId);
    qint64 conditionId = 0;
    for (const Condition& condition : m_window->workspace()->conditions().listForSample(sampleId)) {
        if (condition.kind == ConditionKind::WrongCaption)
            conditionId = condition.id;
    }
    m_window->inspector()->selectCondition(conditionId);
    if (m_window->inspector()->currentConditionId() != conditionId)
        return 0;

    RunPanel* panel = m_window->runPanel();
    ModelSpec spec;
    spec.directory = m_checkpoint;
    panel->setModelSpec(spec);
    DecodeSettings decode;
    decode.maxNewTokens = maxNewTokens;
    // A small image (at most 16 merged patches) keeps the tiny model's vision tower quick on a busy CPU.
    decode.maxPixels = 28 * 28 * 16;
    panel->setDecodeSettings(decode);
    QSignalSpy loaded(m_window->probeController()->backend(), &LocalBackend::modelLoaded);
    panel->loadAction()->trigger();
    if (!loaded.wait(kLoadTimeoutMs))
        return 0;
    return panel->runAction()->isEnabled() ? conditionId : 0;
}

void TestProbeLoop::runsStreamsStoresAndJudges()
{
    const qint64 conditionId = prepare(16);
    QVERIFY(conditionId != 0);
    Workspace& workspace = *m_window->workspace();
    ChainOfThoughtView* chainOfThought = m_window->inspector()->chainOfThoughtView();
    const qint64 runsBefore = workspace.runs().count();

    // Connected after the controller: when this runs, the batch is already in the pane.
    int tokensSeenOnScreen = 0;
    bool grabbed = false;
    bool heatWhileStreaming = false;
    ImageView* imageView = m_window->inspector()->imagePanel()->view();
    connect(m_window->probeController()->backend(), &LocalBackend::tokensStreamed, this, [&] {
        tokensSeenOnScreen = std::max(tokensSeenOnScreen, static_cast<int>(chainOfThought->tokens().size()));
        heatWhileStreaming = heatWhileStreaming || imageView->hasHeatMap();
        const QString folder = qEnvironmentVariable("VLMPROBE_SCREENSHOT_DIR");
        if (!grabbed && !folder.isEmpty()) {
            grabbed = true;
            QDir().mkpath(folder);
            m_window->grab().save(QDir(folder).filePath(QStringLiteral("probe_loop_streaming.png")));
        }
    });
    m_window->runPanel()->runAction()->trigger();
    QVERIFY(m_window->probeController()->isRunning());
    QVERIFY(chainOfThought->isStreaming());
    QTRY_COMPARE_WITH_TIMEOUT(workspace.runs().count(), runsBefore + 1, kRunTimeoutMs);
    QVERIFY(tokensSeenOnScreen > 0);
    QVERIFY(!m_window->probeController()->isRunning());

    const Run run = workspace.runs().listForCondition(conditionId).constLast();
    QCOMPARE(run.status, RunStatus::Done);
    QVERIFY(run.completionTokens.value_or(0) >= 1);
    QVERIFY(run.completionTokens.value_or(0) <= 16);
    // What streamed onto the screen is exactly what was stored.
    QCOMPARE(chainOfThought->completion(), run.completion);
    QCOMPARE(chainOfThought->prefill(), run.prefill);
    QVERIFY(!chainOfThought->isStreaming());

    // The attention overlay: the running mean while streaming, then the stored run's own grid.
    QVERIFY(heatWhileStreaming);
    const QJsonObject attention = run.metadata.value(QStringLiteral("image_attention")).toObject();
    const int rows = attention.value(QStringLiteral("rows")).toInt();
    const int columns = attention.value(QStringLiteral("columns")).toInt();
    QVERIFY2(rows >= 1 && columns >= 1, QJsonDocument(run.metadata).toJson(QJsonDocument::Compact).constData());
    QCOMPARE(attention.value(QStringLiteral("mass")).toArray().size(), rows * columns);
    QVERIFY(imageView->hasHeatMap());
    QCOMPARE(imageView->heatMap().size(), QSize(columns, rows));
    // No run selected: the overlay goes.
    m_window->inspector()->runView()->setCurrentIndex({});
    QVERIFY(!imageView->hasHeatMap());
    const RunListModel* runs = m_window->inspector()->runModel();
    for (int row = 0; row < runs->rowCount(); ++row) {
        if (runs->run(row) && runs->run(row)->id == run.id)
            m_window->inspector()->runView()->setCurrentIndex(runs->index(row, 0));
    }
    QVERIFY(imageView->hasHeatMap());
    QCOMPARE(m_window->verdictBar()->runId(), run.id);

    const Sample sample = *workspace.samples().get(m_window->inspector()->sampleId());
    QCOMPARE(m_window->optionBars()->barCount(), static_cast<int>(sample.options.size()));
    double total = 0;
    for (double value : m_window->optionBars()->values())
        total += value;
    QVERIFY(std::abs(total - 1.0) < 1e-3);

    VerdictBar* verdicts = m_window->verdictBar();
    QCOMPARE(verdicts->runId(), run.id);
    QVERIFY(verdicts->ruleText() != QStringLiteral("Rule: \u2014"));
    QVERIFY(verdicts->ruleText().startsWith(QStringLiteral("Rule: ")));

    QTest::keyClick(m_window->optionBars(), Qt::Key_I);
    bool human = false;
    for (const Judgment& judgment : workspace.judgments().listForRun(run.id)) {
        if (judgment.judgeKind == JudgeKind::Human) {
            human = true;
            QCOMPARE(judgment.verdict, Verdict::Inconsistent);
            QCOMPARE(judgment.rater, VerdictBar::currentRater());
        }
    }
    QVERIFY(human);
    QVERIFY(verdicts->humanText().endsWith(QStringLiteral(": inconsistent")));

    // The loaded model as LLM judge (Ctrl+J): its judgment is stored with the filled prompt and shown in the bar.
    const QString llmBefore = verdicts->llmText();
    m_window->findChild<QAction*>(QStringLiteral("judgeAction"))->trigger();
    auto llmJudgments = [&] {
        int count = 0;
        for (const Judgment& judgment : workspace.judgments().listForRun(run.id))
            count += judgment.judgeKind == JudgeKind::Llm && !judgment.prompt.isEmpty() ? 1 : 0;
        return count;
    };
    QTRY_COMPARE_WITH_TIMEOUT(llmJudgments(), 1, kRunTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(verdicts->llmText() != llmBefore, 10000);
    // The metrics are recomputed off the GUI thread after the stored run; the plot gets the run's point.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->tradeoffDock()->plot()->pointCount() >= 1, 60000);
}

void TestProbeLoop::escapeStoresCancelledRun()
{
    const qint64 conditionId = prepare(4000);
    QVERIFY(conditionId != 0);
    Workspace& workspace = *m_window->workspace();
    const qint64 runsBefore = workspace.runs().count();
    QSignalSpy tokens(m_window->probeController()->backend(), &LocalBackend::tokensStreamed);
    m_window->runPanel()->runAction()->trigger();
    QVERIFY(tokens.wait(kRunTimeoutMs));
    QVERIFY(m_window->runPanel()->cancelAction()->isEnabled());
    QTest::keyClick(m_window->optionBars(), Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(workspace.runs().count(), runsBefore + 1, kRunTimeoutMs);
    const Run run = workspace.runs().listForCondition(conditionId).constLast();
    QCOMPARE(run.status, RunStatus::Cancelled);
    QVERIFY(run.completionTokens.value_or(0) < 4000);
    QVERIFY(m_window->runPanel()->stageText().startsWith(QStringLiteral("Cancelled")));
    QVERIFY(!m_window->runPanel()->cancelAction()->isEnabled());
}

void TestProbeLoop::latestRunWins()
{
    const qint64 conditionId = prepare(16);
    QVERIFY(conditionId != 0);
    Workspace& workspace = *m_window->workspace();
    const qint64 runsBefore = workspace.runs().count();
    LocalBackend* backend = m_window->probeController()->backend();
    QSignalSpy finished(backend, &LocalBackend::runFinished);
    QSignalSpy failed(backend, &LocalBackend::runFailed);
    QSignalSpy streamed(backend, &LocalBackend::tokensStreamed);

    QAction* run = m_window->runPanel()->runAction();
    run->trigger();
    run->trigger();
    run->trigger();
    const qint64 last = m_window->probeController()->currentRequestId();
    // Every request ends with exactly one terminal signal; only the last one is stored.
    QTRY_COMPARE_WITH_TIMEOUT(finished.size() + failed.size(), 3, kRunTimeoutMs);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(workspace.runs().count(), runsBefore + 1);
    for (const QList<QVariant>& signal : finished) {
        if (signal.at(0).toLongLong() != last)
            QCOMPARE(signal.at(1).value<Run>().status, RunStatus::Cancelled);
    }
    const Run stored = workspace.runs().listForCondition(conditionId).constLast();
    QCOMPARE(stored.status, RunStatus::Done);
    // The pane shows only the last request's tokens.
    QString lastText;
    for (const QList<QVariant>& signal : streamed) {
        if (signal.at(0).toLongLong() == last) {
            for (const StreamedToken& token : signal.at(1).value<QList<StreamedToken>>())
                lastText += token.text;
        }
    }
    QCOMPARE(m_window->inspector()->chainOfThoughtView()->completion(), lastText);
    QCOMPARE(stored.completion, lastText);
}

void TestProbeLoop::closingMidRunIsClean()
{
    QVERIFY(prepare(4000) != 0);
    const qint64 runsBefore = m_window->workspace()->runs().count();
    QSignalSpy tokens(m_window->probeController()->backend(), &LocalBackend::tokensStreamed);
    m_window->runPanel()->runAction()->trigger();
    QVERIFY(tokens.wait(kRunTimeoutMs));
    m_window->close();
    m_window.reset(); // cancels and joins the inference thread
    // Nothing half-written: the run in flight was not stored.
    const std::unique_ptr<Workspace> reopened = Workspace::open(m_workspacePath);
    QCOMPARE(reopened->runs().count(), runsBefore);
}

QTEST_MAIN(TestProbeLoop)
#include "tst_probe_loop.moc"
