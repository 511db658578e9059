// determiningHash: the same job hashes the same in any workspace (row ids and timestamps left out), and every
// input that changes what the model sees or how it decodes changes the hash.

#include "runner/determining_hash.h"

#include <QTest>

#include <functional>

using namespace vlmprobe;

namespace {

struct Job {
    ModelEntry model;
    Sample sample;
    Condition condition;
    AssembledPrompt prompt;
    DecodeSettings decode;
    QString engineVersion = QStringLiteral("0.4.0");

    QString hash() const { return determiningHash(model, sample, condition, prompt, decode, engineVersion); }
};

Job referenceJob()
{
    Job job;
    job.model.id = 3;
    job.model.name = QStringLiteral("tiny");
    job.model.location = QStringLiteral("/models/tiny");
    job.model.revision = QStringLiteral("abc123");
    job.sample.id = 11;
    job.sample.datasetId = 2;
    job.sample.externalId = QStringLiteral("s-11");
    job.sample.question = QStringLiteral("Which shape is left of the square?");
    job.sample.options = { QStringLiteral("circle"), QStringLiteral("triangle"), QStringLiteral("star") };
    job.sample.goldAnswer = QStringLiteral("A");
    job.sample.imageHash = QString(64, QLatin1Char('a'));
    job.condition.id = 40;
    job.condition.sampleId = 11;
    job.condition.kind = ConditionKind::WrongThink;
    job.condition.parentId = 39;
    job.condition.thinkPrefix = QStringLiteral("The triangle is clearly on the left.");
    job.condition.targetOption = QStringLiteral("B");
    job.prompt = assemblePrompt(job.sample, job.condition, PromptSettings {});
    return job;
}

using JobChange = std::function<void(Job&)>;

} // namespace

Q_DECLARE_METATYPE(JobChange)

class TestDeterminingHash : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void isStableLowercaseSha256();
    void ignoresRowIdsAndTimes();
    void changesWithEachDeterminingInput_data();
    void changesWithEachDeterminingInput();
    void prefillTokenIdsCount();
};

void TestDeterminingHash::isStableLowercaseSha256()
{
    const Job job = referenceJob();
    const QString hash = job.hash();
    QCOMPARE(hash.size(), 64);
    for (const QChar c : hash)
        QVERIFY2((c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('a') && c <= QLatin1Char('f')),
            qPrintable(hash));
    QCOMPARE(referenceJob().hash(), hash);
    // The assembled prompt of a copy is the same prompt: assembling again changes nothing.
    Job again = referenceJob();
    again.prompt = assemblePrompt(again.sample, again.condition, PromptSettings {});
    QCOMPARE(again.hash(), hash);
}

void TestDeterminingHash::ignoresRowIdsAndTimes()
{
    const QString hash = referenceJob().hash();
    Job moved = referenceJob();
    moved.model.id = 900;
    moved.model.name = QStringLiteral("tiny (copy)");
    moved.model.notes = QStringLiteral("imported from another study");
    moved.model.createdAt = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC);
    moved.sample.id = 901;
    moved.sample.datasetId = 902;
    moved.sample.createdAt = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC);
    moved.condition.id = 903;
    moved.condition.sampleId = 901;
    moved.condition.parentId = 904;
    moved.condition.createdAt = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC);
    QCOMPARE(moved.hash(), hash);
}

void TestDeterminingHash::changesWithEachDeterminingInput_data()
{
    QTest::addColumn<JobChange>("change");
    QTest::newRow("max new tokens") << JobChange([](Job& j) { j.decode.maxNewTokens = 511; });
    QTest::newRow("temperature") << JobChange([](Job& j) { j.decode.temperature = 0.7; });
    QTest::newRow("greedy") << JobChange([](Job& j) { j.decode.greedy = false; });
    QTest::newRow("seed") << JobChange([](Job& j) { j.decode.seed = 1; });
    QTest::newRow("max pixels") << JobChange([](Job& j) { j.decode.maxPixels = 200704; });
    QTest::newRow("engine version") << JobChange([](Job& j) { j.engineVersion = QStringLiteral("0.4.1"); });
    QTest::newRow("model location") << JobChange([](Job& j) { j.model.location = QStringLiteral("/models/tiny-2"); });
    QTest::newRow("model revision") << JobChange([](Job& j) { j.model.revision = QStringLiteral("def456"); });
    QTest::newRow("image") << JobChange([](Job& j) { j.prompt.imageHash = QString(64, QLatin1Char('b')); });
    QTest::newRow("gold") << JobChange([](Job& j) { j.prompt.goldAnswer = QStringLiteral("C"); });
    QTest::newRow("options") << JobChange([](Job& j) { j.prompt.options.append(QStringLiteral("I'm not sure")); });
    QTest::newRow("condition kind") << JobChange([](Job& j) { j.condition.kind = ConditionKind::CorrectThink; });
    QTest::newRow("condition parameters")
        << JobChange([](Job& j) { j.condition.parameters.insert(QStringLiteral("severity"), 2); });
    QTest::newRow("think prefix") << JobChange([](Job& j) {
        j.condition.thinkPrefix = QStringLiteral("The star is clearly on the left.");
        j.prompt = assemblePrompt(j.sample, j.condition, PromptSettings {});
    });
    QTest::newRow("question") << JobChange([](Job& j) {
        j.sample.question = QStringLiteral("Which shape is right of the square?");
        j.prompt = assemblePrompt(j.sample, j.condition, PromptSettings {});
    });
    QTest::newRow("system prompt") << JobChange([](Job& j) {
        PromptSettings settings;
        settings.systemPrompt = QStringLiteral("Answer briefly.");
        j.prompt = assemblePrompt(j.sample, j.condition, settings);
    });
}

void TestDeterminingHash::changesWithEachDeterminingInput()
{
    QFETCH(JobChange, change);
    const QString reference = referenceJob().hash();
    Job changed = referenceJob();
    change(changed);
    QVERIFY(changed.hash() != reference);
}

void TestDeterminingHash::prefillTokenIdsCount()
{
    // Two prefills with the same text but different ids are different prompts for the model.
    Job first = referenceJob();
    first.prompt.prefill = { PrefillSegment { QStringLiteral("<think>"), {}, QString() },
        PrefillSegment { QStringLiteral("left"), { 2151 }, QStringLiteral("source-cot") } };
    Job second = first;
    second.prompt.prefill[1].ids = { 75, 2034 };
    QCOMPARE(first.prompt.prefillText(), second.prompt.prefillText());
    QVERIFY(first.hash() != second.hash());
}

QTEST_GUILESS_MAIN(TestDeterminingHash)
#include "tst_determining_hash.moc"
