// Tokenizer: the known ids of the Qwen2.5-VL chat scaffold, added tokens, NFC, decoding, loading errors.
// The large comparison with Hugging Face tokenizers is tst_tokenizer_oracle; here the expectations are literal.

#include "tst_tokenizer_support.h"

#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/tokenizer.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <optional>
#include <thread>

using vlmprobe::engine::InvalidInputError;
using vlmprobe::engine::LoadError;
using vlmprobe::engine::Tokenizer;
using Ids = std::vector<std::int32_t>;

Q_DECLARE_METATYPE(Ids)

namespace {

constexpr char Qwen2Pattern[] = R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N})"
                                R"(| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

// A tiny byte-level BPE file: every byte symbol, a few merges, one special and one plain added token.
QByteArray tinyTokenizerJson(const QJsonArray& merges, const QString& modelType = QStringLiteral("BPE"),
    const QString& pattern = QString::fromLatin1(Qwen2Pattern))
{
    QJsonObject vocab;
    // The GPT-2 byte alphabet, ids 0..255 in byte order.
    char32_t next = 256;
    for (int byte = 0; byte < 256; ++byte) {
        const bool printable = (byte >= 0x21 && byte <= 0x7E) || (byte >= 0xA1 && byte <= 0xAC) || byte >= 0xAE;
        const char32_t symbol = printable ? static_cast<char32_t>(byte) : next++;
        vocab.insert(QString::fromUcs4(&symbol, 1), byte);
    }
    vocab.insert(QStringLiteral("ab"), 256);
    vocab.insert(QStringLiteral("abc"), 257);
    vocab.insert(QStringLiteral("\u0120ab"), 258);
    const auto addedToken = [](int id, const char* content, bool special) {
        return QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("content"), QLatin1String(content) },
            { QStringLiteral("single_word"), false }, { QStringLiteral("lstrip"), false },
            { QStringLiteral("rstrip"), false }, { QStringLiteral("normalized"), false },
            { QStringLiteral("special"), special } };
    };
    const QJsonObject byteLevel { { QStringLiteral("type"), QStringLiteral("ByteLevel") },
        { QStringLiteral("add_prefix_space"), false }, { QStringLiteral("trim_offsets"), false },
        { QStringLiteral("use_regex"), false } };
    const QJsonObject split { { QStringLiteral("type"), QStringLiteral("Split") },
        { QStringLiteral("pattern"), QJsonObject { { QStringLiteral("Regex"), pattern } } },
        { QStringLiteral("behavior"), QStringLiteral("Isolated") }, { QStringLiteral("invert"), false } };
    const QJsonObject model { { QStringLiteral("type"), modelType }, { QStringLiteral("dropout"), QJsonValue() },
        { QStringLiteral("unk_token"), QJsonValue() }, { QStringLiteral("continuing_subword_prefix"), QString() },
        { QStringLiteral("end_of_word_suffix"), QString() }, { QStringLiteral("fuse_unk"), false },
        { QStringLiteral("byte_fallback"), false }, { QStringLiteral("ignore_merges"), false },
        { QStringLiteral("vocab"), vocab }, { QStringLiteral("merges"), merges } };
    const QJsonObject root { { QStringLiteral("version"), QStringLiteral("1.0") },
        { QStringLiteral("truncation"), QJsonValue() }, { QStringLiteral("padding"), QJsonValue() },
        { QStringLiteral("added_tokens"),
            QJsonArray { addedToken(259, "<|end|>", true), addedToken(260, "<x>", false) } },
        { QStringLiteral("normalizer"), QJsonObject { { QStringLiteral("type"), QStringLiteral("NFC") } } },
        { QStringLiteral("pre_tokenizer"),
            QJsonObject { { QStringLiteral("type"), QStringLiteral("Sequence") },
                { QStringLiteral("pretokenizers"), QJsonArray { split, byteLevel } } } },
        { QStringLiteral("post_processor"), byteLevel }, { QStringLiteral("decoder"), byteLevel },
        { QStringLiteral("model"), model } };
    return QJsonDocument(root).toJson();
}

QJsonArray jsonStrings(std::initializer_list<const char*> items)
{
    QJsonArray array;
    for (const char* item : items)
        array.append(QString::fromUtf8(item));
    return array;
}

} // namespace

class TestTokenizer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void knownIds_data();
    void knownIds();
    void addedTokensFollowTheFile_data();
    void addedTokensFollowTheFile();
    void nfcBeforeBpe_data();
    void nfcBeforeBpe();
    void decodeSkipsOnlySpecialTokens();
    void decodeIgnoresUnknownIds();
    void decodeReplacesBrokenUtf8();
    void tokenLookups();
    void invalidUtf8IsRejected();
    void concurrentEncodeAgrees();

    void tinyFileBothMergeEncodings();
    void loadErrors_data();
    void loadErrors();

private:
    const Tokenizer& tokenizer(int index) const { return index == 0 ? *m_qwen3 : *m_qwen25vl; }

    QTemporaryDir m_dir;
    QString m_paths[2];
    std::optional<Tokenizer> m_qwen3;
    std::optional<Tokenizer> m_qwen25vl;
};

void TestTokenizer::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_paths[0] = vlmprobe::testing::qwenTokenizerJson(&error);
    if (m_paths[0].isEmpty())
        QFAIL(qPrintable(error));
    m_paths[1] = vlmprobe::testing::writeQwen25VlCopy(m_paths[0], m_dir.path(), &error);
    if (m_paths[1].isEmpty())
        QFAIL(qPrintable(error));
    m_qwen3 = Tokenizer::load(m_paths[0].toStdString());
    // A folder holding tokenizer.json loads too.
    m_qwen25vl = Tokenizer::load(m_dir.path().toStdString());
}

void TestTokenizer::knownIds_data()
{
    QTest::addColumn<int>("file");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<Ids>("ids");
    const QByteArray systemPrefix = "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n"
                                    "<|vision_start|><|image_pad|><|vision_end|>";
    for (int file = 0; file < 2; ++file) {
        const char* name = file == 0 ? "qwen3 file" : "qwen2.5-vl copy";
        QTest::addRow("%s: 2 plus 2", name)
            << file << QByteArray("What is 2 plus 2?") << Ids { 3838, 374, 220, 17, 5519, 220, 17, 30 };
        QTest::addRow("%s: hello world", name) << file << QByteArray("Hello world") << Ids { 9707, 1879 };
        QTest::addRow("%s: leading space", name) << file << QByteArray(" Hello world") << Ids { 21927, 1879 };
        QTest::addRow("%s: generation prompt", name)
            << file << QByteArray("<|im_start|>assistant\n") << Ids { 151644, 77091, 198 };
        QTest::addRow("%s: default system prefix", name) << file << systemPrefix
                                                         << Ids { 151644, 8948, 198, 2610, 525, 264, 10950, 17847, 13,
                                                                151645, 198, 151644, 872, 198, 151652, 151655, 151653 };
        QTest::addRow("%s: dog question", name)
            << file << QByteArray(systemPrefix + "What kind of dog is this?<|im_end|>\n<|im_start|>assistant\n")
            << Ids { 151644, 8948, 198, 2610, 525, 264, 10950, 17847, 13, 151645, 198, 151644, 872, 198, 151652, 151655,
                   151653, 3838, 3093, 315, 5562, 374, 419, 30, 151645, 198, 151644, 77091, 198 };
        QTest::addRow("%s: empty", name) << file << QByteArray() << Ids {};
        QTest::addRow("%s: CJK", name) << file << QByteArray("你好") << Ids { 108386 };
        QTest::addRow("%s: emoji", name) << file << QByteArray("😀") << Ids { 141334 };
        QTest::addRow("%s: skin tone", name) << file << QByteArray("👍🏽") << Ids { 144349, 145375 };
        QTest::addRow("%s: tool call is added", name)
            << file << QByteArray("<tool_call>x</tool_call>") << Ids { 151657, 87, 151658 };
        QTest::addRow("%s: literal special token wins", name)
            << file << QByteArray("a<|im_end|>b") << Ids { 64, 151645, 65 };
        QTest::addRow("%s: partial special token is text", name)
            << file << QByteArray("<|im_end|") << Ids { 27, 91, 318, 6213, 91 };
    }
}

void TestTokenizer::knownIds()
{
    QFETCH(int, file);
    QFETCH(QByteArray, text);
    QFETCH(Ids, ids);
    QCOMPARE(tokenizer(file).encode(text.toStdString()), ids);
    QCOMPARE(QByteArray::fromStdString(tokenizer(file).decode(ids)), text);
}

// <think> and its friends are added tokens in one file and plain text in the other: the expectation comes from
// the file itself, not from this test.
void TestTokenizer::addedTokensFollowTheFile_data()
{
    QTest::addColumn<int>("file");
    QTest::newRow("qwen3 file") << 0;
    QTest::newRow("qwen2.5-vl copy") << 1;
}

void TestTokenizer::addedTokensFollowTheFile()
{
    QFETCH(int, file);
    const auto added = vlmprobe::testing::addedTokensOf(m_paths[file]);
    QVERIFY(added.size() >= 22);
    for (const auto& [content, id] : added) {
        const std::string text = content.toStdString();
        QCOMPARE(tokenizer(file).tokenId(text), std::optional<std::int32_t>(id));
        QCOMPARE(tokenizer(file).encode("x" + text + "y"), (Ids { 87, id, 88 }));
    }
    const bool hasThink = tokenizer(file).tokenId("<think>").has_value();
    bool listed = false;
    for (const auto& token : added)
        listed = listed || token.first == QLatin1String("<think>");
    QCOMPARE(hasThink, listed);
    const Ids think = tokenizer(file).encode("<think>\nStep 1:");
    if (hasThink) {
        QCOMPARE(think.front(), *tokenizer(file).tokenId("<think>"));
    } else {
        // Pre-tokenized as "<think", ">\n", "Step", " ", "1", ":".
        QCOMPARE(think, (Ids { 13708, 766, 397, 8304, 220, 16, 25 }));
    }
    QCOMPARE(tokenizer(file).size(), static_cast<std::int64_t>(151643 + added.size()));
}

void TestTokenizer::nfcBeforeBpe_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("composed");
    QTest::newRow("e + acute") << QStringLiteral("e\u0301") << QStringLiteral("\u00e9");
    QTest::newRow("angstrom sign") << QStringLiteral("\u212b") << QStringLiteral("\u00c5");
    QTest::newRow("marks out of order") << QStringLiteral("a\u0301\u0323") << QStringLiteral("\u1ea1\u0301");
    QTest::newRow("hangul jamo") << QStringLiteral("\u1100\u1161\u11a8") << QStringLiteral("\uac01");
    QTest::newRow("devanagari nukta stays") << QStringLiteral("\u0958") << QStringLiteral("\u0915\u093c");
    QTest::newRow("added token is not normalized")
        << QStringLiteral("e\u0301<|im_end|>\u212b") << QStringLiteral("\u00e9<|im_end|>\u00c5");
}

void TestTokenizer::nfcBeforeBpe()
{
    QFETCH(QString, input);
    QFETCH(QString, composed);
    const Ids ids = m_qwen25vl->encode(input.toStdString());
    QCOMPARE(ids, m_qwen25vl->encode(composed.toStdString()));
    QCOMPARE(QString::fromStdString(m_qwen25vl->decode(ids)), composed);
}

void TestTokenizer::decodeSkipsOnlySpecialTokens()
{
    const Ids ids { 151644, 77091, 198, 151657, 9707, 151658, 151645, 151643 };
    QCOMPARE(QByteArray::fromStdString(m_qwen25vl->decode(ids)),
        QByteArray("<|im_start|>assistant\n<tool_call>Hello</tool_call><|im_end|><|endoftext|>"));
    QCOMPARE(QByteArray::fromStdString(m_qwen25vl->decode(ids, true)),
        QByteArray("assistant\n<tool_call>Hello</tool_call>"));
    QVERIFY(m_qwen25vl->isSpecial(151645));
    QVERIFY(m_qwen25vl->isSpecial(151656));
    QVERIFY(!m_qwen25vl->isSpecial(151657));
    QVERIFY(!m_qwen25vl->isSpecial(9707));
    QVERIFY(!m_qwen25vl->isSpecial(-1));
}

void TestTokenizer::decodeIgnoresUnknownIds()
{
    // The model's embedding has padding rows past the tokenizer (151665..151935): they decode to nothing.
    QCOMPARE(QByteArray::fromStdString(m_qwen25vl->decode(Ids { 9707, 151665, 151935, 1879, -5 })),
        QByteArray("Hello world"));
    QCOMPARE(m_qwen25vl->tokenText(151700), std::string());
    QCOMPARE(m_qwen25vl->tokenBytes(-1), std::string_view());
}

void TestTokenizer::decodeReplacesBrokenUtf8()
{
    // 127 and 102 are the byte tokens of 0xC3 and 0xA9 (é); 172, 253, 246, 222 spell 😀 byte by byte.
    QCOMPARE(QString::fromStdString(m_qwen25vl->decode(Ids { 127, 102 })), QStringLiteral("\u00e9"));
    QCOMPARE(QString::fromStdString(m_qwen25vl->decode(Ids { 127, 64 })), QStringLiteral("\ufffda"));
    QCOMPARE(QString::fromStdString(m_qwen25vl->decode(Ids { 172, 253, 246 })), QStringLiteral("\ufffd"));
    QCOMPARE(QString::fromStdString(m_qwen25vl->decode(Ids { 172, 253, 246, 222 })), QStringLiteral("😀"));
    // A lone continuation byte and a truncated sequence before a complete one: one U+FFFD each.
    QCOMPARE(QString::fromStdString(m_qwen25vl->decode(Ids { 102, 172, 253, 127, 102 })),
        QStringLiteral("\ufffd\ufffd\u00e9"));
}

void TestTokenizer::tokenLookups()
{
    QCOMPARE(m_qwen25vl->tokenId("Ġworld"), std::optional<std::int32_t>(1879));
    QCOMPARE(m_qwen25vl->tokenId("<|im_end|>"), std::optional<std::int32_t>(151645));
    QCOMPARE(m_qwen25vl->tokenId("no such token here"), std::nullopt);
    QCOMPARE(m_qwen25vl->tokenText(1879), std::string("Ġworld"));
    QCOMPARE(m_qwen25vl->tokenText(151644), std::string("<|im_start|>"));
    QCOMPARE(m_qwen25vl->tokenBytes(1879), std::string_view(" world"));
}

void TestTokenizer::invalidUtf8IsRejected()
{
    QVERIFY_THROWS_EXCEPTION(InvalidInputError, m_qwen25vl->encode("abc\xC3"));
    QVERIFY_THROWS_EXCEPTION(InvalidInputError, m_qwen25vl->encode("\xED\xA0\x80")); // a surrogate
    QVERIFY_THROWS_EXCEPTION(InvalidInputError, m_qwen25vl->encode("\xC0\xAF")); // overlong
    try {
        m_qwen25vl->encode("ok \xFF");
        QFAIL("no exception");
    } catch (const InvalidInputError& error) {
        QCOMPARE(QByteArray(error.what()), QByteArray("text to tokenize is not valid UTF-8 (at byte 3)"));
    }
}

void TestTokenizer::concurrentEncodeAgrees()
{
    std::string text;
    for (int i = 0; i < 400; ++i)
        text += "Sample " + std::to_string(i) + ": the dog's 第" + std::to_string(i % 7) + "个 answer (B) ";
    const Ids expected = Tokenizer::load(m_paths[1].toStdString()).encode(text);
    std::vector<Ids> results(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < results.size(); ++t)
        threads.emplace_back([&, t] { results[t] = m_qwen25vl->encode(text); });
    for (auto& thread : threads)
        thread.join();
    for (const Ids& result : results)
        QCOMPARE(result, expected);
}

void TestTokenizer::tinyFileBothMergeEncodings()
{
    QTemporaryDir dir;
    const QString strings = dir.filePath(QStringLiteral("strings.json"));
    const QString pairs = dir.filePath(QStringLiteral("pairs.json"));
    QFile stringsFile(strings);
    QVERIFY(stringsFile.open(QIODevice::WriteOnly));
    stringsFile.write(tinyTokenizerJson(jsonStrings({ "a b", "ab c", "Ġ ab" })));
    stringsFile.close();
    QFile pairsFile(pairs);
    QVERIFY(pairsFile.open(QIODevice::WriteOnly));
    pairsFile.write(tinyTokenizerJson(
        QJsonArray { jsonStrings({ "a", "b" }), jsonStrings({ "ab", "c" }), jsonStrings({ "Ġ", "ab" }) }));
    pairsFile.close();
    for (const QString& path : { strings, pairs }) {
        const Tokenizer tiny = Tokenizer::load(path.toStdString());
        // "abc ab<|end|>abab<x>": abc -> 257; " ab" -> 258; added tokens split out first.
        QCOMPARE(tiny.encode("abc ab<|end|>abab<x>"), (Ids { 257, 258, 259, 256, 256, 260 }));
        QCOMPARE(tiny.encode("cab"), (Ids { 'c', 256 }));
        QCOMPARE(tiny.size(), std::int64_t { 261 });
        QCOMPARE(tiny.decode(Ids { 257, 259, 260 }, true), std::string("abc<x>"));
    }
}

void TestTokenizer::loadErrors_data()
{
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<QString>("message");
    QTest::newRow("not json") << QByteArray("{\"model\": ") << QStringLiteral("is not valid JSON");
    QTest::newRow("not an object") << QByteArray("[1, 2]") << QStringLiteral("is not a JSON object");
    QTest::newRow("no model") << QByteArray("{}") << QStringLiteral("the file has no \"model\"");
    QTest::newRow("word piece") << tinyTokenizerJson({}, QStringLiteral("WordPiece"))
                                << QStringLiteral("model type 'WordPiece' is not supported (only BPE)");
    QTest::newRow("other pre-tokenizer") << tinyTokenizerJson({}, QStringLiteral("BPE"), QStringLiteral("\\s+"))
                                         << QStringLiteral("pre-tokenizer is not the Qwen2 one");
    QTest::newRow("unknown merge token") << tinyTokenizerJson(jsonStrings({ "a zz" }))
                                         << QStringLiteral("is not in the vocabulary");
    QTest::newRow("bad merge line") << tinyTokenizerJson(jsonStrings({ "a b c" }))
                                    << QStringLiteral("merges[0] is not two tokens separated by one space");
    QTest::newRow("bad merge pair") << tinyTokenizerJson(QJsonArray { jsonStrings({ "a" }) })
                                    << QStringLiteral("merges[0] is neither");
}

void TestTokenizer::loadErrors()
{
    QFETCH(QByteArray, contents);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("tokenizer.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(contents);
    file.close();
    try {
        Tokenizer::load(path.toStdString());
        QFAIL("no LoadError");
    } catch (const LoadError& error) {
        const QString what = QString::fromUtf8(error.what());
        QVERIFY2(what.startsWith(path + QStringLiteral(": ")), qPrintable(what));
        QVERIFY2(what.contains(message), qPrintable(what));
        QVERIFY2(!what.contains(QLatin1Char('\n')), qPrintable(what));
    }
    QVERIFY_THROWS_EXCEPTION(LoadError, Tokenizer::load(dir.filePath(QStringLiteral("missing.json")).toStdString()));
    QTemporaryDir empty;
    QVERIFY_THROWS_EXCEPTION(LoadError, Tokenizer::load(empty.path().toStdString()));
}

QTEST_GUILESS_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"
