// RunPanel: the model spec and decode settings survive a QSettings round trip, the stage line reads as specified,
// and Cancel is only enabled while a run is in flight.

#include "run_panel.h"

#include <QAction>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace vlmprobe;

class TestRunPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultsAreGreedy();
    void settingsRoundTrip();
    void stageLineAndActions();
    void errorsShowOneLine();
};

void TestRunPanel::defaultsAreGreedy()
{
    RunPanel panel;
    const DecodeSettings settings = panel.decodeSettings();
    QVERIFY(settings.greedy);
    QCOMPARE(settings.maxNewTokens, 512);
    QCOMPARE(settings.minPixels, qint64 { 3136 });
    QCOMPARE(settings.maxPixels, qint64 { 1003520 });
    QCOMPARE(panel.modelSpec().device, QStringLiteral("cpu"));
    QCOMPARE(panel.modelSpec().precision, QStringLiteral("auto"));
}

void TestRunPanel::settingsRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("settings.ini"));

    DecodeSettings decode;
    decode.greedy = false;
    decode.temperature = 0.7;
    decode.topP = 0.9;
    decode.topK = 40;
    decode.repetitionPenalty = 1.1;
    decode.seed = 1234;
    decode.maxNewTokens = 64;
    decode.minPixels = 6272;
    decode.maxPixels = 200704;
    ModelSpec spec;
    spec.directory = QStringLiteral("/models/tiny-qwen");
    spec.device = QStringLiteral("cuda");
    spec.precision = QStringLiteral("bf16");
    {
        RunPanel panel;
        panel.setDecodeSettings(decode);
        panel.setModelSpec(spec);
        QSettings settings(file, QSettings::IniFormat);
        panel.saveSettings(settings);
    }
    RunPanel restored;
    const QSettings settings(file, QSettings::IniFormat);
    restored.restoreSettings(settings);
    const DecodeSettings read = restored.decodeSettings();
    QCOMPARE(read.greedy, false);
    QCOMPARE(read.temperature, 0.7);
    QCOMPARE(read.topP, 0.9);
    QCOMPARE(read.topK, 40);
    QCOMPARE(read.repetitionPenalty, 1.1);
    QCOMPARE(read.seed, quint64 { 1234 });
    QCOMPARE(read.maxNewTokens, 64);
    QCOMPARE(read.minPixels, qint64 { 6272 });
    QCOMPARE(read.maxPixels, qint64 { 200704 });
    QCOMPARE(restored.modelSpec().directory, QStringLiteral("/models/tiny-qwen"));
    QCOMPARE(restored.modelSpec().device, QStringLiteral("cuda"));
    QCOMPARE(restored.modelSpec().precision, QStringLiteral("bf16"));
}

void TestRunPanel::stageLineAndActions()
{
    RunPanel panel;
    QVERIFY(!panel.runAction()->isEnabled());
    QVERIFY(!panel.cancelAction()->isEnabled());
    panel.setRunAvailable(true);
    QVERIFY(panel.runAction()->isEnabled());

    QSignalSpy runs(&panel, &RunPanel::runRequested);
    panel.runAction()->trigger();
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.first().first().value<DecodeSettings>().maxNewTokens, 512);

    panel.setRunning(true);
    QVERIFY(panel.cancelAction()->isEnabled());
    panel.setStage(RunStage::EncodingImage);
    QCOMPARE(panel.stageText(), QStringLiteral("Encoding image\u2026"));
    panel.setStage(RunStage::Prefill);
    QCOMPARE(panel.stageText(), QStringLiteral("Prefill\u2026"));
    panel.setDecodeProgress(12, 34.2);
    QCOMPARE(panel.stageText(), QStringLiteral("Decoding 12 tokens, 34 tok/s"));
    panel.setStage(RunStage::Scoring);
    QCOMPARE(panel.stageText(), QStringLiteral("Scoring\u2026"));

    QSignalSpy cancels(&panel, &RunPanel::cancelRequested);
    panel.cancelAction()->trigger();
    QCOMPARE(cancels.size(), 1);
    panel.setFinished(QStringLiteral("Cancelled"));
    QCOMPARE(panel.stageText(), QStringLiteral("Cancelled"));
    QVERIFY(!panel.cancelAction()->isEnabled());
}

void TestRunPanel::errorsShowOneLine()
{
    RunPanel panel;
    QSignalSpy loads(&panel, &RunPanel::loadRequested);
    panel.loadAction()->trigger();
    QCOMPARE(loads.size(), 0);
    QCOMPARE(panel.errorText(), QStringLiteral("Choose a checkpoint folder first."));

    panel.setModelLoading(QStringLiteral("/m"));
    QVERIFY(!panel.loadAction()->isEnabled());
    panel.setModelLoadFailed(QStringLiteral("config.json is missing\nsecond line"));
    QCOMPARE(panel.errorText(), QStringLiteral("config.json is missing"));
    QVERIFY(panel.loadAction()->isEnabled());

    LoadedModelInfo info;
    info.name = QStringLiteral("tiny");
    info.device = QStringLiteral("cpu");
    info.precision = QStringLiteral("f32");
    info.parameterCount = 1'234'567;
    info.loadSeconds = 0.31;
    panel.setModelLoaded(info);
    QCOMPARE(panel.modelText(), QStringLiteral("tiny \u00b7 1.2 M params \u00b7 cpu f32 \u00b7 loaded in 0.3 s"));
}

QTEST_MAIN(TestRunPanel)
#include "tst_run_panel.moc"
