// generation_config.json (qwen25vl.md §7): the golden file, the shipped 7B/3B forms, an int or list eos, the
// transformers GenerationConfig defaults for absent keys, the fallback to config.json's token ids when the file is
// absent, and LoadErrors naming file and key.
#include "config_folder.h"

#include "vlmprobe/engine/checkpoint_config.h"
#include "vlmprobe/engine/errors.h"

#include <QTest>

using namespace vlmprobe::engine;
using vlmprobe::test::ConfigFolder;

namespace {

const QString kGolden = QStringLiteral(VLMPROBE_SHARED_DIR "/golden/checkpoints");

std::string golden(const char* name)
{
    return QString(kGolden + QLatin1Char('/') + QLatin1String(name)).toStdString();
}

// Token ids in text_config, as GenerationConfig.from_model_config reads them.
const QByteArray kModelConfig = R"({"model_type": "qwen2_5_vl",
  "text_config": {"bos_token_id": 90, "eos_token_id": [91, 92], "pad_token_id": 93}, "eos_token_id": 5})";

} // namespace

class TestGenerationConfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void generationGolden()
    {
        const GenerationConfig config = loadGenerationConfig(golden("flat_f32"));
        QCOMPARE(config.eosTokenIds, (std::vector<std::int64_t> { 502, 500 }));
        QCOMPARE(config.bosTokenId, std::optional<std::int64_t>(500));
        QCOMPARE(config.padTokenId, std::optional<std::int64_t>(500));
        QCOMPARE(config.doSample, false);
        QCOMPARE(config.repetitionPenalty, 1.05);
        QCOMPARE(config.temperature, 1.0); // absent: GenerationConfig defaults
        QCOMPARE(config.topK, 50);
        QCOMPARE(config.topP, 1.0);
        QVERIFY(!config.maxNewTokens.has_value());
        QVERIFY(!config.maxLength.has_value());
    }

    void generationSevenBStyle()
    {
        const GenerationConfig config = parseGenerationConfig(
            R"({"bos_token_id": 151643, "pad_token_id": 151643, "do_sample": true, "eos_token_id": [151645, 151643],
                "repetition_penalty": 1.05, "temperature": 0.1, "top_p": 0.001, "top_k": 1, "max_new_tokens": 2048,
                "transformers_version": "4.49.0"})",
            "generation_config.json");
        QCOMPARE(config.doSample, true);
        QCOMPARE(config.temperature, 0.1);
        QCOMPARE(config.topP, 0.001);
        QCOMPARE(config.topK, 1);
        QCOMPARE(config.maxNewTokens, std::optional<int>(2048));
        QCOMPARE(config.eosTokenIds, (std::vector<std::int64_t> { 151645, 151643 }));
        const GenerationConfig single = parseGenerationConfig(R"({"eos_token_id": 7, "temperature": 1e-06})", "g.json");
        QCOMPARE(single.eosTokenIds, std::vector<std::int64_t> { 7 });
        QCOMPARE(single.temperature, 1e-6);
        QVERIFY(!single.bosTokenId.has_value());
    }

    void generationFallsBackToModelConfig()
    {
        ConfigFolder folder;
        QCOMPARE(loadGenerationConfig(folder.path()).eosTokenIds, std::vector<std::int64_t> {});
        folder.write("config.json", kModelConfig);
        const GenerationConfig config = loadGenerationConfig(folder.path());
        QCOMPARE(config.eosTokenIds, (std::vector<std::int64_t> { 91, 92 }));
        QCOMPARE(config.bosTokenId, std::optional<std::int64_t>(90));
        QCOMPARE(config.padTokenId, std::optional<std::int64_t>(93));
        QCOMPARE(config.doSample, false);
        QCOMPARE(config.repetitionPenalty, 1.0);
        QCOMPARE(config.topK, 50);
    }

    void rejectsBadGenerationConfigs_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("key");
        QTest::newRow("top_p above 1") << QByteArray(R"({"top_p": 1.5})") << QStringLiteral("top_p");
        QTest::newRow("zero penalty") << QByteArray(R"({"repetition_penalty": 0})")
                                      << QStringLiteral("repetition_penalty");
        QTest::newRow("string temperature") << QByteArray(R"({"temperature": "0.7"})") << QStringLiteral("temperature");
        QTest::newRow("negative top_k") << QByteArray(R"({"top_k": -1})") << QStringLiteral("top_k");
        QTest::newRow("eos list of strings")
            << QByteArray(R"({"eos_token_id": ["a"]})") << QStringLiteral("eos_token_id");
        QTest::newRow("do_sample as int") << QByteArray(R"({"do_sample": 1})") << QStringLiteral("do_sample");
    }

    void rejectsBadGenerationConfigs()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, key);
        ConfigFolder folder;
        folder.write("generation_config.json", json);
        try {
            loadGenerationConfig(folder.path());
            QFAIL("the bad generation config was accepted");
        } catch (const LoadError& error) {
            const QString message = QString::fromUtf8(error.what());
            QVERIFY2(message.startsWith(folder.filePath("generation_config.json")), error.what());
            QVERIFY2(message.contains(key), error.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestGenerationConfig)
#include "tst_generation_config.moc"
