// Base and Wrong-Caption of one demo sample, run live in the window with a tiny make-tiny checkpoint: Compare Runs
// (Ctrl+D) opens the Wrong-Caption run beside its Base run, the option bars show one bar per option, the rule verdict
// is shown, and the trade-off plot has a point per condition. With VLMPROBE_SCREENSHOT_DIR set it saves
// probe_compare.png: the window while a Wrong-Caption run streams, beside the comparison of the finished runs.

#include "backends/local_backend.h"
#include "chain_of_thought_view.h"
#include "charts/tradeoff_dock.h"
#include "charts/tradeoff_plot.h"
#include "data/demo_workspace.h"
#include "main_window.h"
#include "option_bars.h"
#include "probe_controller.h"
#include "run_diff_view.h"
#include "run_panel.h"
#include "sample_browser.h"
#include "sample_inspector.h"
#include "sample_table_model.h"
#include "verdict_bar.h"
#include "workspace/condition_repository.h"
#include "workspace/run_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDir>
#include <QPainter>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace vlmprobe;

namespace {

constexpr int kTimeoutMs = 180000;

} // namespace

class TestProbeCompare : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void compareWrongCaptionWithBase();

private:
    qint64 conditionOf(qint64 sampleId, ConditionKind kind) const;
    // Selects the condition and runs it; the caller waits for the stored run.
    qsizetype startRun(qint64 conditionId);

    QTemporaryDir m_dir;
    QString m_checkpoint;
    std::unique_ptr<MainWindow> m_window;
};

void TestProbeCompare::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("vlmprobe-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_probe_compare"));
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    m_checkpoint = m_dir.filePath(QStringLiteral("tiny"));
    QProcess tool;
    tool.start(QStringLiteral(VLMPROBE_ENGINE_TOOL),
        { QStringLiteral("make-tiny"), QStringLiteral("--out"), m_checkpoint, QStringLiteral("--seed"),
            QStringLiteral("7") });
    QVERIFY(tool.waitForFinished(kTimeoutMs));
    QVERIFY2(tool.exitCode() == 0, tool.readAllStandardError().constData());
    const QString workspacePath = m_dir.filePath(QStringLiteral("demo.vlmprobe"));
    writeDemoWorkspace(workspacePath, 3, 5);

    m_window = std::make_unique<MainWindow>();
    m_window->resize(1600, 1000);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QString error;
    QVERIFY2(m_window->openWorkspace(workspacePath, &error), qPrintable(error));

    RunPanel* panel = m_window->runPanel();
    ModelSpec spec;
    spec.directory = m_checkpoint;
    panel->setModelSpec(spec);
    DecodeSettings decode;
    decode.maxNewTokens = 24;
    decode.maxPixels = 28 * 28 * 16; // a small image keeps the tiny model's vision tower quick on a busy CPU
    panel->setDecodeSettings(decode);
    QSignalSpy loaded(m_window->probeController()->backend(), &LocalBackend::modelLoaded);
    panel->loadAction()->trigger();
    QVERIFY(loaded.wait(kTimeoutMs));
}

qint64 TestProbeCompare::conditionOf(qint64 sampleId, ConditionKind kind) const
{
    for (const Condition& condition : m_window->workspace()->conditions().listForSample(sampleId)) {
        if (condition.kind == kind)
            return condition.id;
    }
    return 0;
}

qsizetype TestProbeCompare::startRun(qint64 conditionId)
{
    m_window->inspector()->selectCondition(conditionId);
    const qsizetype before = m_window->workspace()->runs().listForCondition(conditionId).size();
    m_window->runPanel()->runAction()->trigger();
    return before;
}

void TestProbeCompare::compareWrongCaptionWithBase()
{
    const qint64 sampleId = m_window->browser()->model()->sampleId(0);
    m_window->browser()->selectSample(sampleId);
    const Sample sample = *m_window->workspace()->samples().get(sampleId);
    const qint64 base = conditionOf(sampleId, ConditionKind::Base);
    const qint64 wrongCaption = conditionOf(sampleId, ConditionKind::WrongCaption);
    QVERIFY(base != 0 && wrongCaption != 0);

    RunRepository& runs = m_window->workspace()->runs();
    qsizetype before = startRun(base);
    QTRY_COMPARE_WITH_TIMEOUT(runs.listForCondition(base).size(), before + 1, kTimeoutMs);
    QCOMPARE(runs.listForCondition(base).constLast().status, RunStatus::Done);
    before = startRun(wrongCaption);
    QTRY_COMPARE_WITH_TIMEOUT(runs.listForCondition(wrongCaption).size(), before + 1, kTimeoutMs);
    QCOMPARE(runs.listForCondition(wrongCaption).constLast().status, RunStatus::Done);

    // The answer panel shows the Wrong-Caption run: one bar per option and its rule verdict.
    QCOMPARE(m_window->optionBars()->barCount(), static_cast<int>(sample.options.size()));
    QVERIFY(m_window->verdictBar()->ruleText().startsWith(QStringLiteral("Rule: ")));
    // One point per condition on the trade-off plot (metrics are computed off the GUI thread).
    QTRY_VERIFY_WITH_TIMEOUT(m_window->tradeoffDock()->plot()->pointCount() >= 2, 60000);

    // Compare Runs pairs the Wrong-Caption run with the Base run of its parent condition.
    m_window->compareAction()->trigger();
    QDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<QDialog*>(QStringLiteral("runDiffDialog"))) != nullptr);
    auto* diff = dialog->findChild<RunDiffView*>(QStringLiteral("runDiffView"));
    QVERIFY(diff);
    const QStringList titles { diff->leftTitle(), diff->rightTitle() };
    QVERIFY2(titles.join(u'|').contains(QStringLiteral("Base")), qPrintable(titles.join(u'|')));
    QVERIFY2(titles.join(u'|').contains(QStringLiteral("Wrong-Caption")), qPrintable(titles.join(u'|')));

    // The screenshot: the window while the Wrong-Caption condition streams again, beside the comparison.
    const QString folder = qEnvironmentVariable("VLMPROBE_SCREENSHOT_DIR");
    m_window->inspector()->selectCondition(wrongCaption);
    ChainOfThoughtView* chainOfThought = m_window->inspector()->chainOfThoughtView();
    bool grabbed = false;
    QPixmap streaming;
    connect(m_window->probeController()->backend(), &LocalBackend::tokensStreamed, this, [&] {
        if (grabbed || chainOfThought->tokens().isEmpty())
            return;
        grabbed = true;
        streaming = m_window->grab();
    });
    before = runs.listForCondition(wrongCaption).size();
    m_window->runPanel()->runAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(
        m_window->workspace()->runs().listForCondition(wrongCaption).size(), before + 1, kTimeoutMs);
    QVERIFY(grabbed);
    // After the run: its option bars, verdict and the plot's points.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->optionBars()->barCount() == static_cast<int>(sample.options.size()), 10000);
    if (!folder.isEmpty()) {
        // Top: the window mid-stream beside the comparison; bottom: the same window once the run is stored.
        QTest::qWait(100); // rows rebuilt on reload are shown by a queued call
        const QPixmap finished = m_window->grab();
        const QPixmap comparison = dialog->grab();
        QPixmap composite(streaming.width() + comparison.width(), streaming.height() + finished.height());
        composite.fill(Qt::white);
        QPainter painter(&composite);
        painter.drawPixmap(0, 0, streaming);
        painter.drawPixmap(streaming.width(), 0, comparison);
        painter.drawPixmap(0, streaming.height(), finished);
        painter.end();
        QDir().mkpath(folder);
        composite.save(QDir(folder).filePath(QStringLiteral("probe_compare.png")));
    }
}

QTEST_MAIN(TestProbeCompare)
#include "tst_probe_compare.moc"
