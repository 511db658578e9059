// NFC normalisation of the tokenizer: literal cases, and every code point of the first three planes (alone and
// next to combining marks and Hangul jamo) against CPython's unicodedata.normalize as the oracle.

#include "text/nfc.h"
#include "text/unicode_properties.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTest>

namespace unicode = vlmprobe::engine::unicode;

class TestTokenizerNfc : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void literal_data();
    void literal();
    void quickCheck_data();
    void quickCheck();
    void matchesPython();
};

void TestTokenizerNfc::literal_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("ascii") << QStringLiteral("Hello, world!") << QStringLiteral("Hello, world!");
    QTest::newRow("e + acute") << QStringLiteral("e\u0301") << QStringLiteral("\u00e9");
    QTest::newRow("already composed") << QStringLiteral("\u00e9") << QStringLiteral("\u00e9");
    QTest::newRow("reorder below before above") << QStringLiteral("a\u0301\u0323") << QStringLiteral("\u1ea1\u0301");
    QTest::newRow("two accents") << QStringLiteral("u\u0308\u0304") << QStringLiteral("\u01d6");
    QTest::newRow("blocked by same class") << QStringLiteral("a\u0301\u0301") << QStringLiteral("\u00e1\u0301");
    QTest::newRow("ohm sign") << QStringLiteral("\u2126") << QStringLiteral("\u03a9");
    QTest::newRow("angstrom sign") << QStringLiteral("\u212b") << QStringLiteral("\u00c5");
    QTest::newRow("kelvin sign") << QStringLiteral("\u212a") << QStringLiteral("K");
    QTest::newRow("excluded nukta form") << QStringLiteral("\u0958") << QStringLiteral("\u0915\u093c");
    QTest::newRow("nukta stays decomposed") << QStringLiteral("\u0915\u093c") << QStringLiteral("\u0915\u093c");
    QTest::newRow("non-starter decomposition") << QStringLiteral("\u0344") << QStringLiteral("\u0308\u0301");
    QTest::newRow("leading mark") << QStringLiteral("\u0301e") << QStringLiteral("\u0301e");
    QTest::newRow("hangul LV") << QStringLiteral("\u1100\u1161") << QStringLiteral("\uac00");
    QTest::newRow("hangul LVT") << QStringLiteral("\u1100\u1161\u11a8") << QStringLiteral("\uac01");
    QTest::newRow("hangul LV + T") << QStringLiteral("\uac00\u11a8") << QStringLiteral("\uac01");
    QTest::newRow("hangul LVT + T") << QStringLiteral("\uac01\u11a8") << QStringLiteral("\uac01\u11a8");
    QTest::newRow("cjk compatibility") << QStringLiteral("\uf900") << QStringLiteral("\u8c48");
    QTest::newRow("arabic marks reordered")
        << QStringLiteral("\u0628\u0651\u064e") << QStringLiteral("\u0628\u064e\u0651");
    QTest::newRow("musical symbol excluded") << QStringLiteral("\U0001d15e") << QStringLiteral("\U0001d157\U0001d165");
    QTest::newRow("greek with ypogegrammeni") << QStringLiteral("\u03b1\u0345\u0301") << QStringLiteral("\u1fb4");
}

void TestTokenizerNfc::literal()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(unicode::toNfc(input.toStdString())), expected);
    QCOMPARE(QString::fromStdString(unicode::toNfc(expected.toStdString())), expected);
}

void TestTokenizerNfc::quickCheck_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("quick");
    QTest::newRow("ascii") << QStringLiteral("plain text\r\n") << true;
    QTest::newRow("cjk and hangul syllables") << QStringLiteral("你好 \uac01") << true;
    QTest::newRow("composed latin") << QStringLiteral("caf\u00e9") << true;
    QTest::newRow("marks in order") << QStringLiteral("\u05d0\u05b0\u05b8") << true;
    QTest::newRow("combining acute may compose") << QStringLiteral("e\u0301") << false;
    QTest::newRow("marks out of order") << QStringLiteral("x\u0301\u0323") << false;
    QTest::newRow("singleton") << QStringLiteral("\u2126") << false;
    QTest::newRow("trailing jamo") << QStringLiteral("\uac00\u11a8") << false;
}

void TestTokenizerNfc::quickCheck()
{
    QFETCH(QString, text);
    QFETCH(bool, quick);
    const std::string utf8 = text.toStdString();
    QCOMPARE(unicode::isQuickNfc(utf8), quick);
    if (quick)
        QCOMPARE(unicode::toNfc(utf8), utf8);
}

// Lines are independent under NFC (a line feed is a starter that composes with nothing), so one process call
// normalises them all.
void TestTokenizerNfc::matchesPython()
{
    const QString python = QStandardPaths::findExecutable(QStringLiteral(VLMPROBE_ORACLE_PYTHON));
    if (python.isEmpty())
        QFAIL("python3 is not installed (run the setup script)");
    std::vector<std::string> lines;
    const auto add = [&](std::initializer_list<char32_t> codePoints) {
        std::u32string text(codePoints);
        lines.push_back(QString::fromStdU32String(text).toStdString());
    };
    for (char32_t cp = 1; cp < 0x30000; ++cp) {
        if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029)
            continue;
        add({ cp });
        add({ 'A', cp });
        add({ cp, 0x301, 0x323 });
        add({ 0x1100, cp });
        add({ cp, 0x11A8 });
        add({ cp, 0x334, cp });
    }
    std::string input;
    for (const std::string& line : lines)
        input += line + '\n';

    QProcess process;
    process.start(python,
        { QStringLiteral("-c"),
            QStringLiteral("import sys, unicodedata; text = sys.stdin.buffer.read().decode('utf-8'); "
                           "sys.stdout.buffer.write((unicodedata.unidata_version + '\\n' + "
                           "unicodedata.normalize('NFC', text)).encode('utf-8'))") });
    QVERIFY(process.waitForStarted());
    process.write(input.data(), static_cast<qint64>(input.size()));
    process.closeWriteChannel();
    QVERIFY(process.waitForFinished(120000));
    QCOMPARE(process.exitCode(), 0);
    QList<QByteArray> expected = process.readAllStandardOutput().split('\n');
    const QByteArray pythonVersion = expected.takeFirst();
    if (pythonVersion != QByteArray(unicode::unicodeVersion())) {
        QSKIP(qPrintable(QStringLiteral("python3 has Unicode %1, the tables Unicode %2: rerun "
                                        "scripts/generate_unicode_tables.py to compare")
                             .arg(QString::fromLatin1(pythonVersion), QString::fromLatin1(unicode::unicodeVersion()))));
    }
    QCOMPARE(expected.size(), static_cast<qsizetype>(lines.size()) + 1);

    int mismatches = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string actual = unicode::toNfc(lines[i]);
        const QByteArray& wanted = expected[static_cast<qsizetype>(i)];
        if (QByteArray::fromStdString(actual) != wanted && ++mismatches <= 10) {
            qWarning("NFC differs for %s: ours %s, Python %s",
                QByteArray::fromStdString(lines[i]).toHex(' ').constData(),
                QByteArray::fromStdString(actual).toHex(' ').constData(), wanted.toHex(' ').constData());
        }
        // The quick check may only answer "certainly NFC" for text that is.
        if (unicode::isQuickNfc(lines[i]) && QByteArray::fromStdString(lines[i]) != wanted && ++mismatches <= 10)
            qWarning("quick check passes non-NFC %s", QByteArray::fromStdString(lines[i]).toHex(' ').constData());
    }
    QCOMPARE(mismatches, 0);
}

QTEST_GUILESS_MAIN(TestTokenizerNfc)
#include "tst_tokenizer_nfc.moc"
