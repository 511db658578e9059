// vlmprobe: the desktop instrument. Without a subcommand it opens the window (on the last workspace, or the demo
// the first time); `vlmprobe FILE` opens FILE; `vlmprobe <subcommand> ...` runs headless under a
// QCoreApplication, so scripts and CI need no display. The command-line surface is stable (docs/architecture.md).

#include "app_info.h"
#include "command_dispatcher.h"
#include "console.h"
#include "demo_command.h"
#include "judge_command.h"
#include "main_window.h"
#include "metrics_command.h"
#include "run_command.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>

namespace {

using namespace vlmprobe;

constexpr int kUsageError = 2;
const QString kProgram = QStringLiteral("vlmprobe");

void applyIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("vlmprobe"));
    QCoreApplication::setApplicationName(QStringLiteral("vlmprobe"));
    QCoreApplication::setApplicationVersion(applicationVersion());
}

CommandDispatcher makeDispatcher()
{
    CommandDispatcher dispatcher;
    dispatcher.add(demoCommand());
    dispatcher.add(runCommand());
    dispatcher.add(metricsCommand());
    dispatcher.add(judgeCommand());
    return dispatcher;
}

QString usage(const CommandDispatcher& dispatcher)
{
    return QStringLiteral("usage: vlmprobe [FILE]                 open the window (on FILE, or the last workspace)\n"
                          "       vlmprobe <subcommand> [options]  run headless (vlmprobe <subcommand> --help)\n"
                          "\n"
                          "Subcommands:\n")
        + dispatcher.overview()
        + QStringLiteral("\n"
                         "Options:\n"
                         "  -h, --help     show this help\n"
                         "  -v, --version  show the version");
}

int runGui(int argc, char** argv, const QString& file)
{
    QApplication app(argc, argv);
    applyIdentity();
    QApplication::setApplicationDisplayName(QStringLiteral("VLM Probe"));
    // Matches the installed desktop entry, so the shell pairs the window with its launcher and icon.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.vlmprobe.VlmProbe"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/vlmprobe/icons/vlmprobe.svg")));

    MainWindow window;
    if (file.isEmpty()) {
        window.openStartupWorkspace();
    } else {
        QString error;
        if (!window.openWorkspace(file, &error)) {
            console::printError(kProgram, error);
            return 1;
        }
    }
    window.show();
    return QApplication::exec();
}

} // namespace

int main(int argc, char** argv)
{
    QStringList arguments;
    arguments.reserve(argc);
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);

    const CommandDispatcher dispatcher = makeDispatcher();
    if (arguments.size() > 1) {
        if (const HeadlessCommand* command = dispatcher.find(arguments.at(1))) {
            QCoreApplication app(argc, argv);
            applyIdentity();
            return command->run(arguments.mid(1));
        }
    }

    // The top-level options are parsed before any application object exists: --help and --version must work
    // without a display.
    QCommandLineParser parser;
    const QCommandLineOption helpOption(QStringList { QStringLiteral("h"), QStringLiteral("help") }, QString());
    const QCommandLineOption versionOption(QStringList { QStringLiteral("v"), QStringLiteral("version") }, QString());
    parser.addOptions({ helpOption, versionOption });
    if (!parser.parse(arguments)) {
        console::printError(kProgram, parser.errorText() + QStringLiteral(" (see vlmprobe --help)"));
        return kUsageError;
    }
    if (parser.isSet(helpOption)) {
        console::printLine(usage(dispatcher));
        return 0;
    }
    if (parser.isSet(versionOption)) {
        console::printLine(kProgram + QLatin1Char(' ') + applicationVersion());
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        console::printError(
            kProgram, QStringLiteral("unknown subcommand '%1' (see vlmprobe --help)").arg(positional.first()));
        return kUsageError;
    }
    const QString file = positional.value(0);
    if (!file.isEmpty() && !QFileInfo(file).isFile()) {
        console::printError(kProgram,
            QFileInfo::exists(file) ? QStringLiteral("%1 is not a file").arg(file)
                                    : QStringLiteral("no such workspace: %1").arg(file));
        return 1;
    }
    return runGui(argc, argv, file);
}
