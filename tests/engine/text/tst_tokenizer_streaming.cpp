// StreamingDecoder: multi-byte characters split over several tokens come out whole, never half; broken
// sequences become U+FFFD exactly where Tokenizer::decode puts them.

#include "tst_tokenizer_corpus.h"
#include "tst_tokenizer_support.h"

#include "vlmprobe/engine/streaming_decoder.h"
#include "vlmprobe/engine/tokenizer.h"

#include <QTest>

#include <optional>

using vlmprobe::engine::StreamingDecoder;
using vlmprobe::engine::Tokenizer;
using Ids = std::vector<std::int32_t>;

Q_DECLARE_METATYPE(Ids)

class TestTokenizerStreaming : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pushes_data();
    void pushes();
    void finishResets();
    void concatenationEqualsDecode();

private:
    std::optional<Tokenizer> m_tokenizer;
};

void TestTokenizerStreaming::initTestCase()
{
    QString error;
    const QString path = vlmprobe::testing::qwenTokenizerJson(&error);
    if (path.isEmpty())
        QFAIL(qPrintable(error));
    m_tokenizer = Tokenizer::load(path.toStdString());
}

// Byte tokens: 127 = 0xC3, 102 = 0xA9 (é = C3 A9); 172, 253, 246, 222 = F0 9F 98 80 (😀);
// 160, 121, 254 = E4 BD A0 (你); 64 = "a"; 151645 = <|im_end|>.
void TestTokenizerStreaming::pushes_data()
{
    QTest::addColumn<Ids>("ids");
    QTest::addColumn<bool>("skipSpecial");
    QTest::addColumn<QStringList>("outputs"); // one per push, then finish()
    QTest::newRow("two-byte character") << Ids { 127, 102 } << false
                                        << QStringList { QString(), QStringLiteral("é"), QString() };
    const QString emoji = QStringLiteral("😀");
    QTest::newRow("four-byte emoji") << Ids { 172, 253, 246, 222 } << false
                                     << QStringList { QString(), QString(), QString(), emoji, QString() };
    QTest::newRow("text then half") << Ids { 64, 160, 121, 254, 64 } << false
                                    << QStringList { QStringLiteral("a"), QString(), QString(), QStringLiteral("你"),
                                           QStringLiteral("a"), QString() };
    QTest::newRow("broken by ascii") << Ids { 127, 64 } << false
                                     << QStringList { QString(), QStringLiteral("\ufffda"), QString() };
    QTest::newRow("broken by a new lead")
        << Ids { 172, 253, 127, 102 } << false
        << QStringList { QString(), QString(), QStringLiteral("\ufffd"), QStringLiteral("é"), QString() };
    QTest::newRow("lone continuation") << Ids { 102 } << false << QStringList { QStringLiteral("\ufffd"), QString() };
    QTest::newRow("dangling tail at finish") << Ids { 64, 172,
        253 } << false << QStringList { QStringLiteral("a"), QString(), QString(), QStringLiteral("\ufffd") };
    QTest::newRow("special kept") << Ids { 64, 151645 } << false
                                  << QStringList { QStringLiteral("a"), QStringLiteral("<|im_end|>"), QString() };
    QTest::newRow("special skipped inside a character")
        << Ids { 127, 151645, 102 } << true << QStringList { QString(), QString(), QStringLiteral("é"), QString() };
    QTest::newRow("unknown id") << Ids { 64, 151700, 64 } << false
                                << QStringList { QStringLiteral("a"), QString(), QStringLiteral("a"), QString() };
    QTest::newRow("whole token") << Ids { 108386 } << false << QStringList { QStringLiteral("你好"), QString() };
}

void TestTokenizerStreaming::pushes()
{
    QFETCH(Ids, ids);
    QFETCH(bool, skipSpecial);
    QFETCH(QStringList, outputs);
    StreamingDecoder decoder(*m_tokenizer, skipSpecial);
    QStringList actual;
    for (const std::int32_t id : ids)
        actual << QString::fromStdString(decoder.push(id));
    actual << QString::fromStdString(decoder.finish());
    QCOMPARE(actual, outputs);
}

void TestTokenizerStreaming::finishResets()
{
    StreamingDecoder decoder(*m_tokenizer);
    QCOMPARE(decoder.push(127), std::string());
    QCOMPARE(QString::fromStdString(decoder.finish()), QStringLiteral("\ufffd"));
    QCOMPARE(decoder.push(102), std::string("\xEF\xBF\xBD"));
    QCOMPARE(decoder.finish(), std::string());
}

// Over real ids (the corpus) and over random ids (which cut characters anywhere), streaming and whole-sequence
// decoding agree; every piece streamed is valid UTF-8 on its own.
void TestTokenizerStreaming::concatenationEqualsDecode()
{
    std::vector<Ids> sequences;
    for (const std::string& document : vlmprobe::testing::tokenizerCorpus(64 * 1024, 7))
        sequences.push_back(m_tokenizer->encode(document));
    std::uint64_t state = 12345;
    for (int s = 0; s < 300; ++s) {
        Ids ids;
        for (int i = 0; i < 40; ++i) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            const auto value = static_cast<std::int32_t>((state >> 33) % 152000);
            // Favour the byte tokens (ids below 256), which split characters.
            ids.push_back(i % 3 == 0 ? value : value % 256);
        }
        sequences.push_back(ids);
    }
    for (const bool skipSpecial : { false, true }) {
        for (const Ids& ids : sequences) {
            StreamingDecoder decoder(*m_tokenizer, skipSpecial);
            std::string streamed;
            for (const std::int32_t id : ids) {
                const std::string piece = decoder.push(id);
                QVERIFY(QString::fromStdString(piece).toStdString() == piece);
                streamed += piece;
            }
            streamed += decoder.finish();
            QCOMPARE(streamed, m_tokenizer->decode(ids, skipSpecial));
        }
    }
}

QTEST_GUILESS_MAIN(TestTokenizerStreaming)
#include "tst_tokenizer_streaming.moc"
