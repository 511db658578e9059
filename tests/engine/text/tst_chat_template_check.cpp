// Which chat template a checkpoint carries and whether it is the one the engine renders. The fingerprint is checked
// against Qt's own SHA-256 (QCryptographicHash), the shared template is read independently with QJsonDocument, and
// the claim that one trailing newline does not change a template is checked by rendering both with Jinja2.

#include "vlmprobe/engine/chat_template_check.h"
#include "vlmprobe/engine/errors.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace vlmprobe::engine;

namespace {

const QString kSharedTemplate = QStringLiteral(VLMPROBE_SHARED_DIR "/data/qwen2_5_vl/chat_template.json");
const QString kOracle = QStringLiteral(VLMPROBE_SOURCE_DIR "/tests/oracles/render_chat_template.py");

// An abridged Qwen2.5 (text-only) tool template, the kind Qwen2.5-VL ships in tokenizer_config.json.
const QByteArray kLlmTemplate
    = "{%- if messages[0]['role'] == 'system' %}{{- '<|im_start|>system\\n' + messages[0]['content'] + "
      "'<|im_end|>\\n' }}{%- else %}{{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a "
      "helpful assistant.<|im_end|>\\n' }}{%- endif %}";

QByteArray sharedTemplateText()
{
    QFile file(kSharedTemplate);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object()[QLatin1String("chat_template")].toString().toUtf8();
}

QByteArray qtSha256(const QByteArray& bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

QByteArray bytes(const std::string& text)
{
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

bool writeFile(const QString& path, const QByteArray& content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

QByteArray jsonWithTemplate(const QByteArray& templateText)
{
    return QJsonDocument(QJsonObject { { QStringLiteral("chat_template"), QString::fromUtf8(templateText) } }).toJson();
}

} // namespace

class TestChatTemplateCheck : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void fingerprintIsSha256_data();
    void fingerprintIsSha256();
    void fingerprintIgnoresOneTrailingNewline();
    void sharedTemplateIsKnown();
    void trailingNewlineRendersTheSame();
    void lookupOrder_data();
    void lookupOrder();
    void differentTemplatesWarn_data();
    void differentTemplatesWarn();
    void missingTemplateWarns();
    void loadErrors_data();
    void loadErrors();

private:
    QString makeCheckpoint(const QList<QPair<QString, QByteArray>>& files);

    QTemporaryDir m_dir;
    QByteArray m_shared;
    int m_checkpoints = 0;
};

void TestChatTemplateCheck::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_shared = sharedTemplateText();
    QVERIFY2(m_shared.contains("<|vision_start|><|image_pad|><|vision_end|>"), "cannot read the shared template");
}

QString TestChatTemplateCheck::makeCheckpoint(const QList<QPair<QString, QByteArray>>& files)
{
    const QString dir = m_dir.filePath(QStringLiteral("checkpoint_%1").arg(++m_checkpoints));
    if (!QDir().mkpath(dir))
        return {};
    for (const auto& [name, content] : files) {
        if (!writeFile(dir + QLatin1Char('/') + name, content))
            return {};
    }
    return dir;
}

void TestChatTemplateCheck::fingerprintIsSha256_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("abc") << QByteArray("abc");
    // Lengths around the 55/56/64-byte padding boundaries of SHA-256.
    for (int length : { 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000 })
        QTest::newRow(qPrintable(QStringLiteral("%1 bytes").arg(length))) << QByteArray(length, 'x');
    QTest::newRow("binary") << QByteArray("\x00\xff\x80 tail", 8);
    QTest::newRow("unicode") << QByteArray("Réponds 日本語 🙂");
}

void TestChatTemplateCheck::fingerprintIsSha256()
{
    QFETCH(QByteArray, text);
    QCOMPARE(bytes(chatTemplateFingerprint(std::string_view(text.constData(), static_cast<size_t>(text.size())))),
        qtSha256(text));
}

void TestChatTemplateCheck::fingerprintIgnoresOneTrailingNewline()
{
    QCOMPARE(bytes(chatTemplateFingerprint("abc\n")), qtSha256("abc"));
    QCOMPARE(bytes(chatTemplateFingerprint("abc\r\n")), qtSha256("abc"));
    QCOMPARE(bytes(chatTemplateFingerprint("abc\r")), qtSha256("abc"));
    QCOMPARE(bytes(chatTemplateFingerprint("abc\n\n")), qtSha256("abc\n"));
    QCOMPARE(bytes(chatTemplateFingerprint("\n")), qtSha256(""));
}

void TestChatTemplateCheck::sharedTemplateIsKnown()
{
    const QString dir = makeCheckpoint({ { QStringLiteral("chat_template.json"), jsonWithTemplate(m_shared) } });
    QVERIFY(!dir.isEmpty());
    QFile::remove(dir + QStringLiteral("/chat_template.json"));
    QVERIFY(QFile::copy(kSharedTemplate, dir + QStringLiteral("/chat_template.json")));

    const std::optional<ChatTemplateSource> source = loadChatTemplate(dir.toStdString());
    QVERIFY(source.has_value());
    QCOMPARE(source->fileName, std::string("chat_template.json"));
    QCOMPARE(bytes(source->text), m_shared);

    const ChatTemplateCheck check = checkChatTemplate(dir.toStdString());
    QVERIFY(check.found);
    QVERIFY(check.matchesKnownTemplate);
    QCOMPARE(check.fileName, std::string("chat_template.json"));
    QCOMPARE(bytes(check.fingerprint), qtSha256(m_shared));
    QVERIFY(check.warning.empty());

    // Newer saves write the same text to chat_template.jinja, sometimes with a final newline.
    const QString jinja = makeCheckpoint({ { QStringLiteral("chat_template.jinja"), m_shared + '\n' } });
    const ChatTemplateCheck jinjaCheck = checkChatTemplate(jinja.toStdString());
    QCOMPARE(jinjaCheck.fileName, std::string("chat_template.jinja"));
    QVERIFY(jinjaCheck.matchesKnownTemplate);
}

void TestChatTemplateCheck::trailingNewlineRendersTheSame()
{
    const QString python = QStandardPaths::findExecutable(QStringLiteral(VLMPROBE_ORACLE_PYTHON));
    if (python.isEmpty())
        QFAIL("python3 is not installed: the chat-template oracle needs python3 and python3-jinja2");
    const QString jinjaPath = m_dir.filePath(QStringLiteral("newline.jinja"));
    const QString messagesPath = m_dir.filePath(QStringLiteral("newline_messages.json"));
    QVERIFY(writeFile(jinjaPath, m_shared + '\n'));
    QVERIFY(writeFile(
        messagesPath, R"([{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "Hi\n"}]}])"));

    QByteArray renderings[2];
    const QString templates[2] = { kSharedTemplate, jinjaPath };
    for (int i = 0; i < 2; ++i) {
        QProcess oracle;
        oracle.start(python,
            { kOracle, QStringLiteral("--template"), templates[i], QStringLiteral("--messages"), messagesPath,
                QStringLiteral("--add-vision-id") });
        QVERIFY(oracle.waitForFinished(60000));
        if (oracle.exitCode() == 2)
            QFAIL("python3-jinja2 is missing, so the chat-template oracle cannot run");
        QVERIFY2(oracle.exitCode() == 0, oracle.readAllStandardError().constData());
        renderings[i] = oracle.readAllStandardOutput();
    }
    QVERIFY(renderings[0].contains("Picture 1: "));
    QCOMPARE(renderings[1], renderings[0]);
}

void TestChatTemplateCheck::lookupOrder_data()
{
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QList<QByteArray>>("contents");
    QTest::addColumn<QString>("expectedFile"); // empty: no template found
    QTest::addColumn<QByteArray>("expectedText");

    const QByteArray a = "{{ 'A' }}";
    const QByteArray b = "{{ 'B' }}";
    const QByteArray c = "{{ 'C' }}";
    const QString json = QStringLiteral("chat_template.json");
    const QString jinja = QStringLiteral("chat_template.jinja");
    const QString processor = QStringLiteral("processor_config.json");
    const QString tokenizer = QStringLiteral("tokenizer_config.json");
    const auto withKey = [](const QByteArray& text) { return jsonWithTemplate(text); };

    QTest::newRow("json only") << QStringList { json } << QList<QByteArray> { withKey(a) } << json << a;
    QTest::newRow("jinja only") << QStringList { jinja } << QList<QByteArray> { b } << jinja << b;
    QTest::newRow("json before jinja") << QStringList { jinja, json } << QList<QByteArray> { b, withKey(a) } << json
                                       << a;
    QTest::newRow("jinja before tokenizer")
        << QStringList { tokenizer, jinja } << QList<QByteArray> { withKey(c), b } << jinja << b;
    QTest::newRow("processor before tokenizer")
        << QStringList { tokenizer, processor } << QList<QByteArray> { withKey(c), withKey(a) } << processor << a;
    QTest::newRow("null processor template")
        << QStringList { processor, tokenizer }
        << QList<QByteArray> { R"({"chat_template": null, "x": 1})", withKey(c) } << tokenizer << c;
    QTest::newRow("tokenizer only") << QStringList { tokenizer } << QList<QByteArray> { withKey(c) } << tokenizer << c;
    QTest::newRow("named templates")
        << QStringList { tokenizer }
        << QList<
               QByteArray> { R"({"chat_template": [{"name": "tool_use", "template": "T"}, {"name": "default", "template": "D"}]})" }
        << tokenizer << QByteArray("D");
    QTest::newRow("named templates without default")
        << QStringList { tokenizer } << QList<QByteArray> { R"({"chat_template": [{"name": "rag", "template": "R"}]})" }
        << QString() << QByteArray();
    QTest::newRow("tokenizer without template")
        << QStringList { tokenizer } << QList<QByteArray> { R"({"model_max_length": 32768})" } << QString()
        << QByteArray();
    QTest::newRow("nothing") << QStringList {} << QList<QByteArray> {} << QString() << QByteArray();
}

void TestChatTemplateCheck::lookupOrder()
{
    QFETCH(QStringList, names);
    QFETCH(QList<QByteArray>, contents);
    QFETCH(QString, expectedFile);
    QFETCH(QByteArray, expectedText);
    QList<QPair<QString, QByteArray>> files;
    for (qsizetype i = 0; i < names.size(); ++i)
        files.append({ names[i], contents[i] });
    const QString dir = makeCheckpoint(files);
    QVERIFY(!dir.isEmpty());

    const std::optional<ChatTemplateSource> source = loadChatTemplate(dir.toStdString());
    QCOMPARE(source.has_value(), !expectedFile.isEmpty());
    if (source) {
        QCOMPARE(QString::fromStdString(source->fileName), expectedFile);
        QCOMPARE(bytes(source->text), expectedText);
    }
}

void TestChatTemplateCheck::differentTemplatesWarn_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content");

    QByteArray oneCharacter = m_shared;
    oneCharacter.replace("helpful assistant", "helpfull assistant");
    QTest::newRow("one character changed") << QStringLiteral("chat_template.json") << jsonWithTemplate(oneCharacter);
    QTest::newRow("leading space") << QStringLiteral("chat_template.jinja") << " " + m_shared;
    QTest::newRow("Qwen2.5 LLM template in the tokenizer config")
        << QStringLiteral("tokenizer_config.json") << jsonWithTemplate(kLlmTemplate);
}

void TestChatTemplateCheck::differentTemplatesWarn()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    const QString dir = makeCheckpoint({ { fileName, content } });
    const ChatTemplateCheck check = checkChatTemplate(dir.toStdString());
    QVERIFY(check.found);
    QCOMPARE(QString::fromStdString(check.fileName), fileName);
    QVERIFY(!check.matchesKnownTemplate);
    QCOMPARE(check.fingerprint.size(), size_t(64));
    QVERIFY(!check.warning.empty());
    QVERIFY2(check.warning.find(fileName.toStdString()) != std::string::npos, check.warning.c_str());
    QVERIFY(check.warning.find("differs") != std::string::npos);
    QVERIFY(check.warning.find('\n') == std::string::npos);
}

void TestChatTemplateCheck::missingTemplateWarns()
{
    const ChatTemplateCheck check = checkChatTemplateSource(std::nullopt);
    QVERIFY(!check.found);
    QVERIFY(!check.matchesKnownTemplate);
    QVERIFY(check.fileName.empty());
    QVERIFY(check.fingerprint.empty());
    QVERIFY2(check.warning.find("no chat template") != std::string::npos, check.warning.c_str());
    QVERIFY(check.warning.find('\n') == std::string::npos);

    const QString dir = makeCheckpoint({ { QStringLiteral("config.json"), "{}" } });
    QCOMPARE(checkChatTemplate(dir.toStdString()).warning, check.warning);
}

void TestChatTemplateCheck::loadErrors_data()
{
    QTest::addColumn<QString>("fileName"); // empty: no checkpoint folder at all
    QTest::addColumn<QByteArray>("content");

    QTest::newRow("no folder") << QString() << QByteArray();
    QTest::newRow("malformed chat_template.json")
        << QStringLiteral("chat_template.json") << QByteArray(R"({"chat_template": )");
    QTest::newRow("chat_template.json without the key")
        << QStringLiteral("chat_template.json") << QByteArray(R"({"template": "x"})");
    QTest::newRow("chat_template.json with a number")
        << QStringLiteral("chat_template.json") << QByteArray(R"({"chat_template": 3})");
    QTest::newRow("chat_template.json holding an array")
        << QStringLiteral("chat_template.json") << QByteArray(R"(["x"])");
    QTest::newRow("malformed tokenizer_config.json")
        << QStringLiteral("tokenizer_config.json") << QByteArray("{\n\"chat_template\": 'x'\n}");
    QTest::newRow("default template not a string") << QStringLiteral(
        "tokenizer_config.json") << QByteArray(R"({"chat_template": [{"name": "default", "template": 1}]})");
}

void TestChatTemplateCheck::loadErrors()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    const QString dir = fileName.isEmpty() ? m_dir.filePath(QStringLiteral("does_not_exist"))
                                           : makeCheckpoint({ { fileName, content } });
    try {
        loadChatTemplate(dir.toStdString());
        QFAIL("no LoadError");
    } catch (const LoadError& error) {
        const QByteArray message = error.what();
        QVERIFY2(!message.contains('\n'), message.constData());
        if (!fileName.isEmpty())
            QVERIFY2(message.contains(fileName.toUtf8()), message.constData());
    }
}

QTEST_GUILESS_MAIN(TestChatTemplateCheck)
#include "tst_chat_template_check.moc"
