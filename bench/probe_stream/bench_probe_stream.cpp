// bench_probe_stream [--runs N] [--tokens N] [--device cpu|cuda] [--model DIR]
//
// Drives MainWindow's probing loop offscreen: a demo workspace and a tiny random-weight checkpoint (written with
// vlmprobe-engine make-tiny unless --model is given) in a temporary folder, the first sample's Wrong-Caption
// condition, greedy decoding of N tokens. Per run it measures, on the GUI thread, the time from Run to the first
// token batch in the chain-of-thought pane and the tokens per second that reach the pane; the baseline is the
// backend's own figures for the same run (Run::timings first_token_ms and decode_ms). Prints one line per run and
// a JSON summary line with medians.

#include "backends/local_backend.h"
#include "chain_of_thought_view.h"
#include "data/demo_workspace.h"
#include "main_window.h"
#include "probe_controller.h"
#include "run_panel.h"
#include "sample_browser.h"
#include "sample_inspector.h"
#include "sample_table_model.h"
#include "workspace/condition_repository.h"
#include "workspace/workspace.h"

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace vlmprobe;

namespace {

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const qsizetype middle = values.size() / 2;
    return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
}

int fail(const QString& message)
{
    std::fprintf(stderr, "bench_probe_stream: %s\n", qPrintable(message));
    return 1;
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("vlmprobe-bench"));
    QCoreApplication::setApplicationName(QStringLiteral("bench_probe_stream"));

    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption runsOption(
        QStringLiteral("runs"), QStringLiteral("Runs to time."), QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption tokensOption(
        QStringLiteral("tokens"), QStringLiteral("New tokens per run."), QStringLiteral("N"), QStringLiteral("128"));
    const QCommandLineOption deviceOption(
        QStringLiteral("device"), QStringLiteral("cpu or cuda."), QStringLiteral("DEVICE"), QStringLiteral("cpu"));
    const QCommandLineOption modelOption(
        QStringLiteral("model"), QStringLiteral("Checkpoint folder (default: a tiny one)."), QStringLiteral("DIR"));
    parser.addOptions({ runsOption, tokensOption, deviceOption, modelOption });
    parser.process(app);
    bool ok = false;
    const int runs = parser.value(runsOption).toInt(&ok);
    if (!ok || runs < 1)
        return fail(QStringLiteral("--runs must be a positive integer"));
    const int tokens = parser.value(tokensOption).toInt(&ok);
    if (!ok || tokens < 1)
        return fail(QStringLiteral("--tokens must be a positive integer"));

    QTemporaryDir dir;
    if (!dir.isValid())
        return fail(QStringLiteral("cannot create a temporary folder"));
    QString checkpoint = parser.value(modelOption);
    if (checkpoint.isEmpty()) {
        checkpoint = dir.filePath(QStringLiteral("tiny"));
        QProcess tool;
        tool.start(
            QStringLiteral(VLMPROBE_ENGINE_TOOL), { QStringLiteral("make-tiny"), QStringLiteral("--out"), checkpoint });
        if (!tool.waitForFinished(300000) || tool.exitCode() != 0)
            return fail(
                QStringLiteral("make-tiny failed: ") + QString::fromUtf8(tool.readAllStandardError()).trimmed());
    }
    const QString workspacePath = dir.filePath(QStringLiteral("demo.vlmprobe"));
    writeDemoWorkspace(workspacePath, 2, 5);

    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QString error;
    if (!window.openWorkspace(workspacePath, &error))
        return fail(error);
    const qint64 sampleId = window.browser()->model()->sampleId(0);
    window.browser()->selectSample(sampleId);
    for (const Condition& condition : window.workspace()->conditions().listForSample(sampleId)) {
        if (condition.kind == ConditionKind::WrongCaption)
            window.inspector()->selectCondition(condition.id);
    }

    LocalBackend* backend = window.probeController()->backend();
    RunPanel* panel = window.runPanel();
    ModelSpec spec;
    spec.directory = checkpoint;
    spec.device = parser.value(deviceOption);
    panel->setModelSpec(spec);
    DecodeSettings decode;
    decode.maxNewTokens = tokens;
    // At most 16 merged patches: the figure is about streaming to the screen, not the vision tower.
    decode.maxPixels = 28 * 28 * 16;
    panel->setDecodeSettings(decode);

    QEventLoop loop;
    QString loadError;
    QObject::connect(backend, &LocalBackend::modelLoaded, &loop, &QEventLoop::quit);
    QObject::connect(backend, &LocalBackend::modelLoadFailed, &loop, [&](const QString& message) {
        loadError = message;
        loop.quit();
    });
    panel->loadAction()->trigger();
    loop.exec();
    if (!loadError.isEmpty())
        return fail(loadError);

    ChainOfThoughtView* pane = window.inspector()->chainOfThoughtView();
    QElapsedTimer clock;
    qint64 firstOnScreenNs = -1;
    qint64 lastOnScreenNs = -1;
    int tokensOnScreen = 0;
    // Connected after the controller: the batch is in the pane when this runs.
    QObject::connect(backend, &LocalBackend::tokensStreamed, &app, [&](qint64, const QList<StreamedToken>& batch) {
        if (firstOnScreenNs < 0)
            firstOnScreenNs = clock.nsecsElapsed();
        lastOnScreenNs = clock.nsecsElapsed();
        tokensOnScreen = static_cast<int>(pane->tokens().size());
        Q_UNUSED(batch);
    });
    QList<double> firstScreenMs, screenRates, firstBackendMs, backendRates;
    QObject::connect(window.probeController(), &ProbeController::runStored, &loop, &QEventLoop::quit);
    QObject::connect(backend, &LocalBackend::runFailed, &loop, [&](qint64, const QString& message) {
        loadError = message;
        loop.quit();
    });
    Run lastRun;
    QObject::connect(backend, &LocalBackend::runFinished, &app, [&](qint64, const Run& run) { lastRun = run; });

    for (int i = 0; i < runs; ++i) {
        firstOnScreenNs = -1;
        tokensOnScreen = 0;
        clock.start();
        panel->runAction()->trigger();
        loop.exec();
        if (!loadError.isEmpty())
            return fail(loadError);
        const double firstMs = static_cast<double>(firstOnScreenNs) / 1e6;
        const double spanS = static_cast<double>(lastOnScreenNs - firstOnScreenNs) / 1e9;
        const double rate = spanS > 0 ? (tokensOnScreen - 1) / spanS : 0.0;
        const double backendFirst = lastRun.timings.value(QLatin1String("first_token_ms")).toDouble();
        const double decodeMs = lastRun.timings.value(QLatin1String("decode_ms")).toDouble();
        const double backendRate = decodeMs > 0 ? lastRun.completionTokens.value_or(0) / (decodeMs / 1000.0) : 0.0;
        std::printf("run %d: first token on screen %.1f ms (backend %.1f ms), %d tokens, %.1f tok/s on screen "
                    "(backend %.1f tok/s)\n",
            i + 1, firstMs, backendFirst, tokensOnScreen, rate, backendRate);
        firstScreenMs << firstMs;
        screenRates << rate;
        firstBackendMs << backendFirst;
        backendRates << backendRate;
    }
    const QJsonObject summary { { QStringLiteral("runs"), runs }, { QStringLiteral("tokens"), tokens },
        { QStringLiteral("device"), spec.device },
        { QStringLiteral("first_token_on_screen_ms"), median(firstScreenMs) },
        { QStringLiteral("first_token_backend_ms"), median(firstBackendMs) },
        { QStringLiteral("tokens_per_s_on_screen"), median(screenRates) },
        { QStringLiteral("tokens_per_s_backend"), median(backendRates) } };
    std::printf("%s\n", QJsonDocument(summary).toJson(QJsonDocument::Compact).constData());
    return 0;
}
