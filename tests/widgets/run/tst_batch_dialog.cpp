// BatchDialog end to end: the real engine on a tiny random checkpoint (made by `vlmprobe-engine make-tiny`) over a
// demo workspace. Base and Wrong-Caption (checked by default) over 2 samples store 4 runs and fill the bar;
// Start again skips all 4; Esc mid-batch stops after the stored job and Start resumes with the rest; bad input shows as
// an error line.

#include "run/batch_dialog.h"

#include "backends/local_backend.h"
#include "data/demo_workspace.h"
#include "workspace/dataset_repository.h"
#include "workspace/model_repository.h"
#include "workspace/run_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace.h"

#include <QLabel>
#include <QListWidget>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace vlmprobe;

namespace {

constexpr int kRunTimeoutMs = 240000;

} // namespace

class TestBatchDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void formatsProgress();
    void defaultsAndRefusals();
    void runsThenSkips();
    void cancelStopsMidBatch();

private:
    std::unique_ptr<BatchDialog> makeDialog(const QList<qint64>& sampleIds) const;

    QTemporaryDir m_dir;
    QString m_checkpoint;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<LocalBackend> m_backend;
    qint64 m_modelId = 0;
    QList<qint64> m_sampleIds;
};

void TestBatchDialog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_checkpoint = m_dir.filePath(QStringLiteral("tiny"));
    QProcess tool;
    tool.start(
        QStringLiteral(VLMPROBE_ENGINE_TOOL), { QStringLiteral("make-tiny"), QStringLiteral("--out"), m_checkpoint });
    QVERIFY(tool.waitForFinished(120000));
    QVERIFY2(tool.exitCode() == 0, tool.readAllStandardError().constData());

    const QString path = m_dir.filePath(QStringLiteral("study.vlmprobe"));
    writeDemoWorkspace(path, 2);
    m_workspace = Workspace::open(path);
    const QList<Dataset> datasets = m_workspace->datasets().list();
    QCOMPARE(datasets.size(), 1);
    for (const Sample& sample : m_workspace->samples().listForDataset(datasets.first().id))
        m_sampleIds << sample.id;
    QCOMPARE(m_sampleIds.size(), 2);
    ModelEntry model;
    model.name = QStringLiteral("tiny");
    model.location = m_checkpoint;
    m_modelId = m_workspace->models().insert(model);

    m_backend = std::make_unique<LocalBackend>();
    QSignalSpy loaded(m_backend.get(), &LocalBackend::modelLoaded);
    QSignalSpy failed(m_backend.get(), &LocalBackend::modelLoadFailed);
    ModelSpec spec;
    spec.directory = m_checkpoint;
    m_backend->loadModel(spec);
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() + failed.count() > 0, kRunTimeoutMs);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
}

std::unique_ptr<BatchDialog> TestBatchDialog::makeDialog(const QList<qint64>& sampleIds) const
{
    DecodeSettings decode;
    decode.maxNewTokens = 8;
    decode.maxPixels = 28 * 28 * 16; // 16 vision tokens: the CPU engine answers in well under a second
    return std::make_unique<BatchDialog>(m_workspace.get(), m_backend.get(), m_modelId, decode, sampleIds);
}

void TestBatchDialog::formatsProgress()
{
    QCOMPARE(
        BatchDialog::progressText(12, 3, 40, 80.0), QStringLiteral("12 / 40 \u00b7 3 skipped \u00b7 ETA 1 min 20 s"));
    QCOMPARE(BatchDialog::progressText(0, 0, 4, -1), QStringLiteral("0 / 4 \u00b7 0 skipped"));
    QCOMPARE(BatchDialog::progressText(4, 1, 4, 10.0), QStringLiteral("4 / 4 \u00b7 1 skipped"));
    QCOMPARE(BatchDialog::durationText(44.6), QStringLiteral("45 s"));
    QCOMPARE(BatchDialog::durationText(3600 + 5 * 60 + 7), QStringLiteral("1 h 05 min"));
}

void TestBatchDialog::defaultsAndRefusals()
{
    const auto dialog = makeDialog({});
    QCOMPARE(dialog->checkedKinds(), (QList<ConditionKind> { ConditionKind::Base, ConditionKind::WrongCaption }));
    QVERIFY(dialog->offeredKinds().contains(ConditionKind::WrongThinkCue));
    QVERIFY(!dialog->offeredKinds().contains(ConditionKind::GaussianBlur));
    QVERIFY(!dialog->offeredKinds().contains(ConditionKind::EarlyAnswering));
    QVERIFY(!dialog->isModal());
    // No sample selected and no filter list: nothing to start.
    QVERIFY(!dialog->startButton()->isEnabled());
    QCOMPARE(dialog->scope(), BatchDialog::Scope::Selected);
    dialog->setFilteredSampleIds(m_sampleIds);
    dialog->setScope(BatchDialog::Scope::Filter);
    QCOMPARE(dialog->scopeSampleIds(), m_sampleIds);
    QVERIFY(dialog->startButton()->isEnabled());

    // An unknown model is refused by the runner: one error line, nothing runs.
    DecodeSettings decode;
    BatchDialog unknown(m_workspace.get(), m_backend.get(), 999, decode, m_sampleIds);
    unknown.start();
    QVERIFY(!unknown.isRunning());
    QCOMPARE(unknown.errorList()->count(), 1);
    QVERIFY(unknown.errorList()->item(0)->text().contains(QStringLiteral("999")));
    QCOMPARE(m_workspace->runs().count(), 0);
}

void TestBatchDialog::runsThenSkips()
{
    const auto dialog = makeDialog(m_sampleIds);
    dialog->show();
    QSignalSpy finished(dialog.get(), &BatchDialog::batchFinished);
    QSignalSpy stored(dialog.get(), &BatchDialog::runStored);

    QVERIFY(dialog->startButton()->isEnabled());
    QTest::mouseClick(dialog->startButton(), Qt::LeftButton);
    QVERIFY(dialog->isRunning());
    QVERIFY(!dialog->startButton()->isEnabled());
    QVERIFY(dialog->cancelButton()->isEnabled());
    QVERIFY(finished.wait(kRunTimeoutMs));
    QVERIFY2(dialog->errorList()->count() == 0,
        dialog->errorList()->count() == 0 ? "" : qPrintable(dialog->errorList()->item(0)->text()));
    QCOMPARE(finished.first(), (QList<QVariant> { 4, 0, 0 }));
    QCOMPARE(stored.size(), 4);
    QCOMPARE(m_workspace->runs().count(), 4);
    QCOMPARE(dialog->progressBar()->maximum(), 4);
    QCOMPARE(dialog->progressBar()->value(), 4);
    QCOMPARE(dialog->progressLabel()->text(), QStringLiteral("4 / 4 \u00b7 0 skipped \u00b7 4 stored \u00b7 0 failed"));
    QVERIFY(!dialog->isRunning());
    QVERIFY(dialog->startButton()->isEnabled());
    QVERIFY(!dialog->cancelButton()->isEnabled());

    // Start again: every job's hash has a Done run.
    finished.clear();
    stored.clear();
    QTest::mouseClick(dialog->startButton(), Qt::LeftButton);
    QVERIFY(finished.wait(kRunTimeoutMs));
    QCOMPARE(finished.first(), (QList<QVariant> { 0, 4, 0 }));
    QCOMPARE(stored.size(), 0);
    QCOMPARE(m_workspace->runs().count(), 4);
    QCOMPARE(dialog->progressBar()->value(), 4);
    QCOMPARE(dialog->progressLabel()->text(), QStringLiteral("4 / 4 \u00b7 4 skipped \u00b7 0 stored \u00b7 0 failed"));
}

void TestBatchDialog::cancelStopsMidBatch()
{
    const qint64 before = m_workspace->runs().count();
    const auto dialog = makeDialog(m_sampleIds);
    dialog->show();
    dialog->setKindChecked(ConditionKind::Base, false);
    dialog->setKindChecked(ConditionKind::WrongCaption, false);
    dialog->setKindChecked(ConditionKind::CorrectCaption, true);
    dialog->setKindChecked(ConditionKind::WrongThink, true);
    QSignalSpy finished(dialog.get(), &BatchDialog::batchFinished);
    QSignalSpy stored(dialog.get(), &BatchDialog::runStored);

    // Esc as soon as the first job is stored, while the second is in the engine: the batch stops there.
    connect(dialog.get(), &BatchDialog::runStored, dialog.get(),
        [&dialog] { QTest::keyClick(dialog.get(), Qt::Key_Escape); });
    dialog->start();
    QVERIFY(dialog->isRunning());
    QCOMPARE(dialog->progressBar()->maximum(), 4);
    QVERIFY(finished.wait(kRunTimeoutMs));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first(), (QList<QVariant> { 1, 0, 0 }));
    QVERIFY(!dialog->isRunning());
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->progressBar()->value(), 1);
    QCOMPARE(dialog->progressLabel()->text(), QStringLiteral("1 / 4 \u00b7 0 skipped \u00b7 1 stored \u00b7 0 failed"));
    QVERIFY(dialog->startButton()->isEnabled());
    // The cancelled job's late result, if any, is not stored.
    QTest::qWait(1000);
    QCOMPARE(stored.size(), 1);
    QCOMPARE(m_workspace->runs().count(), before + 1);

    // Start again resumes: the stored job is skipped, the other three run.
    disconnect(dialog.get(), &BatchDialog::runStored, dialog.get(), nullptr);
    finished.clear();
    dialog->start();
    QVERIFY(finished.wait(kRunTimeoutMs));
    QCOMPARE(finished.first(), (QList<QVariant> { 3, 1, 0 }));
    QCOMPARE(dialog->progressBar()->value(), 4);
    QCOMPARE(m_workspace->runs().count(), before + 4);

    // Esc when idle closes.
    QTest::keyClick(dialog.get(), Qt::Key_Escape);
    QVERIFY(!dialog->isVisible());
}

QTEST_MAIN(TestBatchDialog)
#include "tst_batch_dialog.moc"
