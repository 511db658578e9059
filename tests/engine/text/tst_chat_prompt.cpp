// The chat prompt renderer against the real template rendered by the real Jinja2 (tests/oracles/
// render_chat_template.py in HF's apply_chat_template environment): every case in fixtures/chat_prompt/cases.json
// must render to the oracle's bytes exactly. Also the §5 examples as literals, the raw prefill, parsing errors and
// pad expansion. tst_chat_prompt_cli checks the `render` command on the same cases.

#include "tst_chat_prompt_support.h"

#include "vlmprobe/engine/chat_prompt.h"
#include "vlmprobe/engine/errors.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstdint>
#include <limits>
#include <vector>

using namespace vlmprobe::engine;

namespace {

std::vector<ChatMessage> parse(const QByteArray& json)
{
    return parseChatMessages(std::string_view(json.constData(), static_cast<size_t>(json.size())));
}

QByteArray bytes(const std::string& text)
{
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

} // namespace

class TestChatPrompt : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void matchesJinja_data();
    void matchesJinja();
    void specExamples();
    void prefillAppendedRaw();
    void parseClassifiesItems();
    void parseRejects_data();
    void parseRejects();
    void expandImagePads_data();
    void expandImagePads();
    void expandImagePadsRejects_data();
    void expandImagePadsRejects();
    void appendPrefillIds();

private:
    QTemporaryDir m_dir;
    QList<OracleCase> m_cases;
};

void TestChatPrompt::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString error = renderOracleCases(m_dir.path(), m_cases);
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
}

void TestChatPrompt::matchesJinja_data()
{
    QTest::addColumn<int>("index");
    for (qsizetype i = 0; i < m_cases.size(); ++i)
        QTest::newRow(m_cases[i].name.toUtf8().constData()) << static_cast<int>(i);
}

void TestChatPrompt::matchesJinja()
{
    QFETCH(int, index);
    const OracleCase& c = m_cases[index];
    const std::vector<ChatMessage> messages = loadChatMessages(c.messagesPath.toStdString());
    const std::string prompt = renderChatPrompt(messages, { c.addGenerationPrompt, c.addVisionId });
    QCOMPARE(bytes(prompt), c.expected);
    QCOMPARE(countImages(messages), static_cast<std::int64_t>(c.expected.count("<|image_pad|>")));
    QCOMPARE(countVideos(messages), static_cast<std::int64_t>(c.expected.count("<|video_pad|>")));
}

void TestChatPrompt::specExamples()
{
    const std::string question = "What is shown in the image?";
    const std::vector<ChatMessage> noSystem {
        { ChatRole::User, { ChatContentItem::makeImage("a.png"), ChatContentItem::makeText(question) } },
    };
    QCOMPARE(renderChatPrompt(noSystem),
        std::string("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n"
                    "<|vision_start|><|image_pad|><|vision_end|>What is shown in the image?<|im_end|>\n"
                    "<|im_start|>assistant\n"));

    std::vector<ChatMessage> withSystem = noSystem;
    withSystem.insert(withSystem.begin(), ChatMessage::makeText(ChatRole::System, "Think step by step."));
    QCOMPARE(renderChatPrompt(withSystem),
        std::string("<|im_start|>system\nThink step by step.<|im_end|>\n<|im_start|>user\n"
                    "<|vision_start|><|image_pad|><|vision_end|>What is shown in the image?<|im_end|>\n"
                    "<|im_start|>assistant\n"));

    // The same conversation parsed from HF-style JSON renders the same.
    const QByteArray json = R"([{"role": "system", "content": "Think step by step."},
        {"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "What is shown in the image?"}]}])";
    QCOMPARE(renderChatPrompt(parse(json)), renderChatPrompt(withSystem));
}

void TestChatPrompt::prefillAppendedRaw()
{
    const std::vector<ChatMessage> messages { ChatMessage::makeText(ChatRole::User, "Which option?") };
    const std::string prompt = renderChatPrompt(messages);
    const std::string prefill = "<think>Okay let's see. This should be the final answer.</think>";
    const std::string withPrefill = renderChatPrompt(messages, {}, prefill);
    QCOMPARE(withPrefill, prompt + prefill);
    QVERIFY(withPrefill.ends_with("<|im_start|>assistant\n" + prefill)); // no <|im_end|> after the prefill

    ChatPromptOptions noGeneration;
    noGeneration.addGenerationPrompt = false;
    QVERIFY_THROWS_EXCEPTION(InvalidInputError, renderChatPrompt(messages, noGeneration, "<think>"));
    QCOMPARE(renderChatPrompt(messages, noGeneration, ""), renderChatPrompt(messages, noGeneration));
    QVERIFY_THROWS_EXCEPTION(InvalidInputError, renderChatPrompt(messages, {}, "\xC3"));
    QVERIFY_THROWS_EXCEPTION(InvalidInputError, renderChatPrompt(messages, {}, "\xED\xA0\x80")); // a surrogate
    QCOMPARE(renderChatPrompt(messages, {}, "\xF0\x9F\x99\x82"), prompt + "\xF0\x9F\x99\x82");
}

void TestChatPrompt::parseClassifiesItems()
{
    const QByteArray json = R"([{"role": "user", "content": [
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
        {"image": "plain.jpg"},
        {"type": "image", "url": "https://example.org/cat.jpg"},
        {"type": "text", "image_url": "file:///x.png", "text": "not rendered"},
        {"type": "video", "video": ["f1.jpg", "f2.jpg"]},
        {"type": "text"},
        {"type": "text", "text": "Describe."}]}, {"role": "assistant", "content": "Sure."}])";
    const std::vector<ChatMessage> messages = parse(json);
    QCOMPARE(messages.size(), size_t(2));
    const std::vector<ChatContentItem>& items = messages[0].content;
    QCOMPARE(items.size(), size_t(6)); // the text item without text renders nothing, so it is dropped
    QVERIFY(items[0].kind == ChatContentKind::Image);
    QCOMPARE(items[0].source, std::string("data:image/png;base64,AAAA"));
    QCOMPARE(items[1].source, std::string("plain.jpg"));
    QCOMPARE(items[2].source, std::string("https://example.org/cat.jpg"));
    QVERIFY(items[3].kind == ChatContentKind::Image);
    QCOMPARE(items[3].source, std::string("file:///x.png"));
    QVERIFY(items[4].kind == ChatContentKind::Video);
    QCOMPARE(items[4].source, std::string());
    QVERIFY(items[5].kind == ChatContentKind::Text);
    QCOMPARE(items[5].text, std::string("Describe."));
    QVERIFY(messages[1].role == ChatRole::Assistant);
    QCOMPARE(messages[1].content.size(), size_t(1));
    QCOMPARE(messages[1].content[0].text, std::string("Sure."));
}

void TestChatPrompt::parseRejects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("reason");

    QTest::newRow("not JSON") << QByteArray("role: user") << QByteArray("messages JSON");
    QTest::newRow("truncated") << QByteArray(R"([{"role": "user")") << QByteArray("messages JSON");
    QTest::newRow("a number") << QByteArray("42") << QByteArray("array");
    QTest::newRow("object without messages") << QByteArray(R"({"role": "user"})") << QByteArray("\"messages\"");
    QTest::newRow("message not an object") << QByteArray(R"(["user"])") << QByteArray("message 1 is not an object");
    QTest::newRow("no role") << QByteArray(R"([{"content": "x"}])") << QByteArray("role");
    QTest::newRow("tool role") << QByteArray(R"([{"role": "user", "content": "a"}, {"role": "tool", "content": "x"}])")
                               << QByteArray("message 2 has the unsupported role 'tool'");
    QTest::newRow("no content") << QByteArray(R"([{"role": "user"}])") << QByteArray("no content");
    QTest::newRow("null content") << QByteArray(R"([{"role": "user", "content": null}])") << QByteArray("no content");
    QTest::newRow("number content") << QByteArray(R"([{"role": "user", "content": 5}])")
                                    << QByteArray("a string or an array");
    QTest::newRow("object content") << QByteArray(R"([{"role": "user", "content": {"type": "text"}}])")
                                    << QByteArray("a string or an array");
    QTest::newRow("string item") << QByteArray(R"([{"role": "user", "content": ["x"]}])")
                                 << QByteArray("item 1 is not an object");
    QTest::newRow("number text") << QByteArray(R"([{"role": "user", "content": [{"type": "image"}, {"text": 5}]}])")
                                 << QByteArray("item 2: \"text\" must be a string");
    QTest::newRow("invalid UTF-8") << QByteArray("[{\"role\": \"user\", \"content\": \"\xC3(\"}]")
                                   << QByteArray("messages JSON");
    QTest::newRow("lone surrogate") << QByteArray(R"([{"role": "user", "content": "\ud800"}])")
                                    << QByteArray("messages JSON");
    QTest::newRow("multi-line role") << QByteArray(R"([{"role": "a\nb", "content": "x"}])")
                                     << QByteArray("unsupported role 'a b'");
}

void TestChatPrompt::parseRejects()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, reason);
    try {
        parse(json);
        QFAIL("no InvalidInputError");
    } catch (const InvalidInputError& error) {
        const QByteArray message = error.what();
        QVERIFY2(message.contains(reason), message.constData());
        QVERIFY2(!message.contains('\n'), message.constData());
    }
}

void TestChatPrompt::expandImagePads_data()
{
    QTest::addColumn<QList<int>>("ids");
    QTest::addColumn<QList<qint64>>("counts");
    QTest::addColumn<QList<int>>("expected");

    constexpr int pad = 151655;
    QTest::newRow("no image") << QList<int> { 1, 2, 3 } << QList<qint64> {} << QList<int> { 1, 2, 3 };
    QTest::newRow("one image, 2x2 merged grid") << QList<int> { 151652, pad, 151653, 7 } << QList<qint64> { 4 }
                                                << QList<int> { 151652, pad, pad, pad, pad, 151653, 7 };
    QTest::newRow("two images in order") << QList<int> { 1, pad, 2, pad, 3 } << QList<qint64> { 2, 3 }
                                         << QList<int> { 1, pad, pad, 2, pad, pad, pad, 3 };
    QTest::newRow("adjacent pads") << QList<int> { pad, pad } << QList<qint64> { 1, 2 } << QList<int> { pad, pad, pad };
    QTest::newRow("other special ids untouched")
        << QList<int> { 151656, pad, 151656 } << QList<qint64> { 1 } << QList<int> { 151656, pad, 151656 };
}

void TestChatPrompt::expandImagePads()
{
    QFETCH(QList<int>, ids);
    QFETCH(QList<qint64>, counts);
    QFETCH(QList<int>, expected);
    const std::vector<std::int32_t> in(ids.begin(), ids.end());
    const std::vector<std::int64_t> perImage(counts.begin(), counts.end());
    const std::vector<std::int32_t> out = vlmprobe::engine::expandImagePads(in, 151655, perImage);
    QCOMPARE(QList<int>(out.begin(), out.end()), expected);
}

void TestChatPrompt::expandImagePadsRejects_data()
{
    QTest::addColumn<QList<int>>("ids");
    QTest::addColumn<QList<qint64>>("counts");

    constexpr int pad = 151655;
    QTest::newRow("more pads than images") << QList<int> { pad, 1, pad } << QList<qint64> { 4 };
    QTest::newRow("more images than pads") << QList<int> { 1, pad } << QList<qint64> { 4, 4 };
    QTest::newRow("already expanded") << QList<int> { pad, pad, pad, pad } << QList<qint64> { 4 };
    QTest::newRow("zero count") << QList<int> { pad } << QList<qint64> { 0 };
    QTest::newRow("negative count") << QList<int> { pad } << QList<qint64> { -3 };
    QTest::newRow("absurd count") << QList<int> { pad, pad } << QList<qint64> { std::numeric_limits<qint64>::max(), 4 };
}

void TestChatPrompt::expandImagePadsRejects()
{
    QFETCH(QList<int>, ids);
    QFETCH(QList<qint64>, counts);
    const std::vector<std::int32_t> in(ids.begin(), ids.end());
    const std::vector<std::int64_t> perImage(counts.begin(), counts.end());
    QVERIFY_THROWS_EXCEPTION(InvalidInputError, vlmprobe::engine::expandImagePads(in, 151655, perImage));
}

void TestChatPrompt::appendPrefillIds()
{
    const std::vector<std::int32_t> prompt { 151644, 77091, 198 };
    const std::vector<std::int32_t> prefill { 13708, 766, 29 };
    QCOMPARE(vlmprobe::engine::appendPrefillIds(prompt, prefill),
        (std::vector<std::int32_t> { 151644, 77091, 198, 13708, 766, 29 }));
    QCOMPARE(vlmprobe::engine::appendPrefillIds(prompt, {}), prompt);
}

QTEST_GUILESS_MAIN(TestChatPrompt)
#include "tst_chat_prompt.moc"
