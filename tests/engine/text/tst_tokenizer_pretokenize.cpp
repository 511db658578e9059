// Qwen2PreTokenizer: the pieces of the Qwen2 split regex. The table of the design notes (§6, computed with an
// equivalent Python regex) and cases checked against Hugging Face tokenizers' Oniguruma regex.

#include "text/qwen2_pre_tokenizer.h"

#include <QTest>

using vlmprobe::engine::Qwen2PreTokenizer;

class TestTokenizerPreTokenize : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pieces_data();
    void pieces();
};

void TestTokenizerPreTokenize::pieces_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    const auto row = [](const char* name, const char* text, std::initializer_list<const char*> pieces) {
        QStringList list;
        for (const char* piece : pieces)
            list << QString::fromUtf8(piece);
        QTest::newRow(name) << QString::fromUtf8(text) << list;
    };
    row("hello world", "Hello world", { "Hello", " world" });
    row("two spaces", "  hello", { " ", " hello" });
    row("contractions", "I'm here, they'RE", { "I", "'m", " here", ",", " they", "'RE" });
    row("digits split", "12345 apples", { "1", "2", "3", "4", "5", " apples" });
    row("symbols and newlines", "x=3.14;\n\ny", { "x", "=", "3", ".", "1", "4", ";\n\n", "y" });
    row("blank line then space", "a\n\n b", { "a", "\n\n", " b" });
    row("question", "What is 2+2?\n", { "What", " is", " ", "2", "+", "2", "?\n" });
    row("chinese", "你好，世界！", { "你好", "，世界", "！" });
    row("tabs and spaces", "tabs\tand   spaces  \n", { "tabs", "\tand", "  ", " spaces", "  \n" });
    row("think tag", "<think>\nStep 1:", { "<think", ">\n", "Step", " ", "1", ":" });
    row("price", "price: $1,299.99!!", { "price", ":", " $", "1", ",", "2", "9", "9", ".", "9", "9", "!!" });
    // Checked against Hugging Face tokenizers (Oniguruma).
    row("long s folds to s", "'ſa", { "'ſ", "a" });
    row("upper contraction", "'Sa", { "'S", "a" });
    row("upper ll", "'LLx", { "'LL", "x" });
    row("ligature does not fold", "'ﬆa", { "'ﬆa" });
    row("space before apostrophe", " 's", { " '", "s" });
    row("line breaks inside white space", "  \n  \n  x", { "  \n  \n", " ", " x" });
    row("combining mark starts a word", "a\u0301b", { "a", "\u0301b" });
    row("zero width joiner", "x\u200db", { "x", "\u200db" });
    row("no-break space joins a word", "\u00a0hi", { "\u00a0hi" });
    row("line separator joins a word", "\u2028x", { "\u2028x" });
    row("trailing white space", "end   ", { "end", "   " });
    row("single space before symbol", "a .", { "a", " ." });
    row("tab before symbol", "a\t.", { "a", "\t", "." });
    row("carriage returns", "a\r\n\r\nb\rc", { "a", "\r\n\r\n", "b", "\r", "c" });
    row("symbols then crlf", "});\r\n", { "});\r\n" });
    row("roman numeral is a number", "Ⅻx", { "Ⅻ", "x" });
    row("apostrophe alone", "'", { "'" });
    row("apostrophe at end", "a'", { "a", "'" });
    row("emoji run", "👍🏽 ok", { "👍🏽", " ok" });
}

void TestTokenizerPreTokenize::pieces()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    const std::string utf8 = text.toStdString();
    std::vector<std::string_view> pieces;
    Qwen2PreTokenizer::split(utf8, pieces);
    QStringList actual;
    for (const std::string_view piece : pieces)
        actual << QString::fromUtf8(piece.data(), static_cast<qsizetype>(piece.size()));
    QCOMPARE(actual, expected);
}

QTEST_GUILESS_MAIN(TestTokenizerPreTokenize)
#include "tst_tokenizer_pretokenize.moc"
