// vlmprobe-engine tokenize / detokenize: ids as a JSON array, text back byte for byte, one-line errors.

#include "tst_tokenizer_support.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Result {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Result runTool(const QStringList& arguments)
{
    QProcess process;
    process.start(QStringLiteral(VLMPROBE_ENGINE_TOOL), arguments);
    if (!process.waitForStarted() || !process.waitForFinished(60000))
        return {};
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
        process.readAllStandardError() };
}

} // namespace

class TestTokenizerCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void tokenizeText();
    void tokenizeFileAndDetokenize();
    void badInput_data();
    void badInput();

private:
    QTemporaryDir m_dir;
    QString m_tokenizer;
};

void TestTokenizerCli::initTestCase()
{
    QString error;
    m_tokenizer = vlmprobe::testing::qwenTokenizerJson(&error);
    if (m_tokenizer.isEmpty())
        QFAIL(qPrintable(error));
    QVERIFY(m_dir.isValid());
}

void TestTokenizerCli::tokenizeText()
{
    const Result result = runTool({ QStringLiteral("tokenize"), QStringLiteral("--tokenizer"), m_tokenizer,
        QStringLiteral("--text"), QStringLiteral("What is 2 plus 2?") });
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("[3838,374,220,17,5519,220,17,30]\n"));
}

void TestTokenizerCli::tokenizeFileAndDetokenize()
{
    const QByteArray text = "<|im_start|>user\r\nCafé 你好 👍🏽\t<tool_call>\n";
    const QString textPath = m_dir.filePath(QStringLiteral("text.txt"));
    QFile textFile(textPath);
    QVERIFY(textFile.open(QIODevice::WriteOnly));
    textFile.write(text);
    textFile.close();
    const Result tokenized = runTool({ QStringLiteral("tokenize"), QStringLiteral("--tokenizer"), m_tokenizer,
        QStringLiteral("--text-file"), textPath });
    QCOMPARE(tokenized.exitCode, 0);
    QVERIFY(tokenized.out.startsWith("[151644,872,"));

    const QString idsPath = m_dir.filePath(QStringLiteral("ids.json"));
    QFile idsFile(idsPath);
    QVERIFY(idsFile.open(QIODevice::WriteOnly));
    idsFile.write(tokenized.out);
    idsFile.close();
    const Result decoded = runTool({ QStringLiteral("detokenize"), QStringLiteral("--tokenizer"), m_tokenizer,
        QStringLiteral("--ids-file"), idsPath });
    QCOMPARE(decoded.exitCode, 0);
    QCOMPARE(decoded.out, text);
    const Result skipped = runTool({ QStringLiteral("detokenize"), QStringLiteral("--tokenizer"), m_tokenizer,
        QStringLiteral("--ids-file"), idsPath, QStringLiteral("--skip-special") });
    QCOMPARE(skipped.exitCode, 0);
    QCOMPARE(skipped.out, text.mid(12));
}

void TestTokenizerCli::badInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("idsFile");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("no tokenizer") << QStringList { QStringLiteral("tokenize"), QStringLiteral("--text"),
        QStringLiteral("x") } << QByteArray()
                                  << QByteArray("missing --tokenizer");
    QTest::newRow("text and file") << QStringList { QStringLiteral("tokenize"), QStringLiteral("--tokenizer"),
        QStringLiteral("TOKENIZER"), QStringLiteral("--text"), QStringLiteral("x"), QStringLiteral("--text-file"),
        QStringLiteral("y") } << QByteArray()
                                   << QByteArray("exactly one of --text or --text-file");
    QTest::newRow("missing tokenizer file") << QStringList { QStringLiteral("tokenize"), QStringLiteral("--tokenizer"),
        QStringLiteral("/nonexistent/tokenizer.json"), QStringLiteral("--text"), QStringLiteral("x") }
                                            << QByteArray() << QByteArray("does not exist");
    QTest::newRow("ids not json") << QStringList { QStringLiteral("detokenize"), QStringLiteral("--tokenizer"),
        QStringLiteral("TOKENIZER"), QStringLiteral("--ids-file"), QStringLiteral("IDS") }
                                  << QByteArray("[1, 2") << QByteArray("is not valid JSON");
    QTest::newRow("ids not integers") << QStringList { QStringLiteral("detokenize"), QStringLiteral("--tokenizer"),
        QStringLiteral("TOKENIZER"), QStringLiteral("--ids-file"), QStringLiteral("IDS") }
                                      << QByteArray("[1, \"x\"]") << QByteArray("element 1 is not");
    QTest::newRow("negative id") << QStringList { QStringLiteral("detokenize"), QStringLiteral("--tokenizer"),
        QStringLiteral("TOKENIZER"), QStringLiteral("--ids-file"), QStringLiteral("IDS") }
                                 << QByteArray("[-1]") << QByteArray("element 0 is not");
    QTest::newRow("unknown option") << QStringList { QStringLiteral("detokenize"), QStringLiteral("--tokenizer"),
        QStringLiteral("TOKENIZER"), QStringLiteral("--ids"), QStringLiteral("x") }
                                    << QByteArray() << QByteArray("unknown option --ids");
}

void TestTokenizerCli::badInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, idsFile);
    QFETCH(QByteArray, message);
    const QString idsPath = m_dir.filePath(QStringLiteral("bad_ids.json"));
    if (!idsFile.isNull()) {
        QFile file(idsPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(idsFile);
    }
    arguments.replaceInStrings(QStringLiteral("TOKENIZER"), m_tokenizer);
    arguments.replaceInStrings(QStringLiteral("IDS"), idsPath);
    const Result result = runTool(arguments);
    QVERIFY(result.exitCode > 0);
    QVERIFY(result.out.isEmpty());
    QVERIFY2(result.err.contains(message), result.err.constData());
    QCOMPARE(result.err.count('\n'), 1);
}

QTEST_GUILESS_MAIN(TestTokenizerCli)
#include "tst_tokenizer_cli.moc"
