// CommandDispatcher: finds subcommands by exact name, passes the arguments through, lists them for --help.

#include "command_dispatcher.h"

#include <QTest>

using namespace vlmprobe;

class TestCommandDispatcher : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void findsAndRuns();
    void listsCommands();
};

void TestCommandDispatcher::findsAndRuns()
{
    CommandDispatcher dispatcher;
    QStringList received;
    dispatcher.add({ QStringLiteral("demo"), QStringLiteral("write a demo"), [&received](const QStringList& arguments) {
                        received = arguments;
                        return 7;
                    } });
    dispatcher.add(
        { QStringLiteral("metrics"), QStringLiteral("compute metrics"), [](const QStringList&) { return 0; } });

    QVERIFY(dispatcher.find(QStringLiteral("run")) == nullptr);
    QVERIFY(dispatcher.find(QStringLiteral("Demo")) == nullptr);
    QVERIFY(dispatcher.find(QString()) == nullptr);
    const HeadlessCommand* demo = dispatcher.find(QStringLiteral("demo"));
    QVERIFY(demo);
    const QStringList arguments { QStringLiteral("demo"), QStringLiteral("--out"), QStringLiteral("x") };
    QCOMPARE(demo->run(arguments), 7);
    QCOMPARE(received, arguments);
    QCOMPARE(dispatcher.find(QStringLiteral("metrics"))->summary, QStringLiteral("compute metrics"));
}

void TestCommandDispatcher::listsCommands()
{
    CommandDispatcher dispatcher;
    QVERIFY(dispatcher.overview().isEmpty());
    dispatcher.add({ QStringLiteral("demo"), QStringLiteral("write a demo"), [](const QStringList&) { return 0; } });
    dispatcher.add({ QStringLiteral("export"), QStringLiteral("export runs"), [](const QStringList&) { return 0; } });
    QCOMPARE(dispatcher.overview(),
        QStringLiteral("  demo    write a demo\n"
                       "  export  export runs\n"));
}

QTEST_GUILESS_MAIN(TestCommandDispatcher)
#include "tst_command_dispatcher.moc"
