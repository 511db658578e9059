// config.json resolution (qwen25vl.md §1.2): the golden checkpoints, the serialisations seen in the wild (original
// flat release with a sparse vision_config, nested text_config, transformers 5.x rope_parameters/dtype), the HF class
// defaults for absent keys, and LoadErrors naming file and key.
#include "vlmprobe/engine/checkpoint_config.h"
#include "vlmprobe/engine/errors.h"

#include "config_folder.h"

#include <QTest>

using namespace vlmprobe::engine;
using vlmprobe::test::ConfigFolder;

namespace {

const QString kGolden = QStringLiteral(VLMPROBE_SHARED_DIR "/golden/checkpoints");

std::string golden(const char* name)
{
    return QString(kGolden + QLatin1Char('/') + QLatin1String(name)).toStdString();
}

// The original Qwen2.5-VL-3B-Instruct layout: text fields at the top level, sparse vision_config with the legacy
// in_chans/spatial_patch_size keys (here deliberately different from the defaults, which must win).
const QByteArray kSparseRelease = R"({
  "architectures": ["Qwen2_5_VLForConditionalGeneration"],
  "attention_dropout": 0.0, "bos_token_id": 151643, "eos_token_id": 151645,
  "vision_start_token_id": 151652, "vision_end_token_id": 151653, "vision_token_id": 151654,
  "image_token_id": 151655, "video_token_id": 151656,
  "hidden_act": "silu", "hidden_size": 2048, "initializer_range": 0.02, "intermediate_size": 11008,
  "max_position_embeddings": 128000, "max_window_layers": 70, "model_type": "qwen2_5_vl",
  "num_attention_heads": 16, "num_hidden_layers": 36, "num_key_value_heads": 2, "rms_norm_eps": 1e-06,
  "rope_theta": 1000000.0, "sliding_window": 32768, "tie_word_embeddings": true, "torch_dtype": "bfloat16",
  "transformers_version": "4.49.0.dev0", "use_cache": true, "use_sliding_window": false,
  "vision_config": {"hidden_size": 1280, "in_chans": 4, "model_type": "qwen2_5_vl", "out_hidden_size": 2048,
                    "spatial_patch_size": 7, "tokens_per_second": 2, "torch_dtype": "bfloat16"},
  "rope_scaling": {"type": "mrope", "mrope_section": [16, 24, 24]},
  "vocab_size": 151936
})";

// transformers 5.x style: nested text_config with rope_parameters (rope_theta inside) and `dtype`.
const QByteArray kRopeParameters = R"({
  "model_type": "qwen2_5_vl", "dtype": "bfloat16", "image_token_id": 70, "video_token_id": 71,
  "vision_start_token_id": 72, "vision_end_token_id": 73,
  "text_config": {"model_type": "qwen2_5_vl_text", "hidden_size": 64, "intermediate_size": 96,
                  "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 1, "vocab_size": 100,
                  "rms_norm_eps": 1e-06, "max_position_embeddings": 2048, "bos_token_id": 90, "eos_token_id": [91, 92],
                  "pad_token_id": 93, "tie_word_embeddings": true,
                  "rope_parameters": {"rope_type": "default", "rope_theta": 500000.0, "mrope_section": [2, 3, 3]}},
  "vision_config": {"depth": 2, "hidden_size": 32, "num_heads": 2, "intermediate_size": 48, "patch_size": 2,
                    "spatial_merge_size": 2, "temporal_patch_size": 2, "window_size": 8, "out_hidden_size": 64,
                    "fullatt_block_indexes": [1], "in_channels": 3}
})";

// The smallest file that resolves: every other field takes its class default.
const QByteArray kMinimal = R"({"model_type": "qwen2_5_vl", "rope_scaling": {"mrope_section": [16, 24, 24]},
  "vision_config": {"out_hidden_size": 8192}})";

const QByteArray kQwen2Vl = R"({
  "model_type": "qwen2_vl", "hidden_size": 1536, "intermediate_size": 8960, "num_hidden_layers": 28,
  "num_attention_heads": 12, "num_key_value_heads": 2, "vocab_size": 151936, "rms_norm_eps": 1e-06,
  "rope_scaling": {"type": "mrope", "mrope_section": [16, 24, 24]}, "tie_word_embeddings": true,
  "vision_config": {"depth": 32, "embed_dim": 1280, "mlp_ratio": 4, "num_heads": 16, "in_chans": 3,
                    "hidden_size": 1536, "patch_size": 14, "spatial_merge_size": 2, "spatial_patch_size": 14,
                    "temporal_patch_size": 2}
})";

} // namespace

class TestCheckpointConfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void goldenCheckpoints_data()
    {
        QTest::addColumn<QString>("checkpoint");
        QTest::addColumn<bool>("tied");
        QTest::addColumn<QString>("dtype");
        QTest::newRow("flat_f32") << QStringLiteral("flat_f32") << false << QStringLiteral("float32");
        QTest::newRow("nested_tied_bf16") << QStringLiteral("nested_tied_bf16") << true << QStringLiteral("bfloat16");
    }

    void goldenCheckpoints()
    {
        QFETCH(QString, checkpoint);
        QFETCH(bool, tied);
        QFETCH(QString, dtype);
        const ModelConfig config = loadModelConfig(golden(checkpoint.toLatin1().constData()));
        QCOMPARE(config.modelType, std::string("qwen2_5_vl"));
        QCOMPARE(config.architectures, std::vector<std::string> { "Qwen2_5_VLForConditionalGeneration" });
        QCOMPARE(QString::fromStdString(config.torchDtype), dtype);
        QCOMPARE(config.tieWordEmbeddings, tied);

        const TextConfig& t = config.text;
        QCOMPARE(t.hiddenSize, 64);
        QCOMPARE(t.intermediateSize, 128);
        QCOMPARE(t.numHiddenLayers, 3);
        QCOMPARE(t.numAttentionHeads, 4);
        QCOMPARE(t.numKeyValueHeads, 2);
        QCOMPARE(t.headDim, 16);
        QCOMPARE(t.vocabSize, std::int64_t { 512 });
        QCOMPARE(t.rmsNormEps, 1e-6);
        QCOMPARE(t.ropeTheta, 1e6);
        QCOMPARE(t.mropeSection, (std::vector<int> { 2, 3, 3 }));
        QCOMPARE(t.maxPositionEmbeddings, std::int64_t { 4096 });
        QCOMPARE(t.hiddenAct, std::string("silu"));
        QCOMPARE(QString::fromStdString(t.ropeType), tied ? QStringLiteral("default") : QStringLiteral("mrope"));

        const VisionConfig& v = config.vision;
        QCOMPARE(v.depth, 4);
        QCOMPARE(v.hiddenSize, 64);
        QCOMPARE(v.numHeads, 4);
        QCOMPARE(v.intermediateSize, 96);
        QCOMPARE(v.patchSize, 2);
        QCOMPARE(v.temporalPatchSize, 2);
        QCOMPARE(v.spatialMergeSize, 2);
        QCOMPARE(v.windowSize, 16);
        QCOMPARE(v.inChannels, 3);
        QCOMPARE(v.outHiddenSize, 64);
        QCOMPARE(v.fullattBlockIndexes, (std::vector<int> { 1, 3 }));
        QCOMPARE(v.tokensPerSecond, 2.0);

        const SpecialTokenIds& ids = config.tokens;
        QCOMPARE(ids.bos, std::int64_t { 500 });
        QCOMPARE(ids.pad, std::int64_t { 500 }); // no pad_token_id: falls back to bos (<|endoftext|>)
        QCOMPARE(ids.eos, std::vector<std::int64_t> { 502 });
        QCOMPARE(ids.visionStart, std::int64_t { 503 });
        QCOMPARE(ids.visionEnd, std::int64_t { 504 });
        QCOMPARE(ids.visionPad, std::int64_t { 505 });
        QCOMPARE(ids.imagePad, std::int64_t { 506 });
        QCOMPARE(ids.videoPad, std::int64_t { 507 });
    }

    void sparseVisionConfigTakesClassDefaults()
    {
        ConfigFolder folder;
        folder.write("config.json", kSparseRelease);
        const ModelConfig config = loadModelConfig(folder.path());
        const VisionConfig& v = config.vision;
        QCOMPARE(v.depth, 32);
        QCOMPARE(v.numHeads, 16);
        QCOMPARE(v.intermediateSize, 3420);
        QCOMPARE(v.hiddenAct, std::string("silu"));
        QCOMPARE(v.patchSize, 14); // spatial_patch_size 7 is a legacy key and ignored
        QCOMPARE(v.inChannels, 3); // in_chans 4 likewise
        QCOMPARE(v.temporalPatchSize, 2);
        QCOMPARE(v.spatialMergeSize, 2);
        QCOMPARE(v.windowSize, 112);
        QCOMPARE(v.fullattBlockIndexes, (std::vector<int> { 7, 15, 23, 31 }));
        QCOMPARE(v.hiddenSize, 1280);
        QCOMPARE(v.outHiddenSize, 2048);
        QCOMPARE(v.tokensPerSecond, 2.0);
        QCOMPARE(config.text.hiddenSize, 2048);
        QCOMPARE(config.text.numHiddenLayers, 36);
        QCOMPARE(config.text.headDim, 128);
        QCOMPARE(config.text.vocabSize, std::int64_t { 151936 });
        QCOMPARE(config.text.maxPositionEmbeddings, std::int64_t { 128000 });
        QCOMPARE(config.tieWordEmbeddings, true);
        QCOMPARE(config.tokens.eos, std::vector<std::int64_t> { 151645 });
        QCOMPARE(config.tokens.imagePad, std::int64_t { 151655 });
    }

    void ropeParametersAndDtype()
    {
        ConfigFolder folder;
        folder.write("config.json", kRopeParameters);
        const ModelConfig config = loadModelConfig(folder.path());
        QCOMPARE(config.torchDtype, std::string("bfloat16"));
        QCOMPARE(config.text.ropeTheta, 500000.0);
        QCOMPARE(config.text.ropeType, std::string("default"));
        QCOMPARE(config.text.mropeSection, (std::vector<int> { 2, 3, 3 }));
        QCOMPARE(config.text.numKeyValueHeads, 1);
        QCOMPARE(config.text.headDim, 16);
        QCOMPARE(config.tieWordEmbeddings, true);
        QCOMPARE(config.tokens.bos, std::int64_t { 90 });
        QCOMPARE(config.tokens.eos, (std::vector<std::int64_t> { 91, 92 }));
        QCOMPARE(config.tokens.pad, std::int64_t { 93 });
        QCOMPARE(config.tokens.imagePad, std::int64_t { 70 });
        QCOMPARE(config.tokens.videoPad, std::int64_t { 71 });
        QCOMPARE(config.tokens.visionStart, std::int64_t { 72 });
        QCOMPARE(config.tokens.visionEnd, std::int64_t { 73 });
        QCOMPARE(config.vision.windowSize, 8);
        QCOMPARE(config.vision.tokensPerSecond, 4.0); // absent: class default
    }

    void textClassDefaults()
    {
        const ModelConfig config = parseModelConfig(kMinimal.toStdString(), "minimal.json");
        const TextConfig& t = config.text;
        QCOMPARE(t.hiddenSize, 8192);
        QCOMPARE(t.intermediateSize, 29568);
        QCOMPARE(t.numHiddenLayers, 80);
        QCOMPARE(t.numAttentionHeads, 64);
        QCOMPARE(t.numKeyValueHeads, 8);
        QCOMPARE(t.headDim, 128);
        QCOMPARE(t.vocabSize, std::int64_t { 152064 });
        QCOMPARE(t.rmsNormEps, 1e-5); // the trap: shipped files say 1e-6
        QCOMPARE(t.ropeTheta, 1e6);
        QCOMPARE(t.maxPositionEmbeddings, std::int64_t { 32768 });
        QCOMPARE(t.hiddenAct, std::string("silu"));
        QCOMPARE(config.tieWordEmbeddings, false);
        QCOMPARE(config.torchDtype, std::string());
        QCOMPARE(config.vision.hiddenSize, 3584);
        QCOMPARE(config.vision.tokensPerSecond, 4.0);
        const SpecialTokenIds& ids = config.tokens;
        QCOMPARE(ids.bos, std::int64_t { 151643 });
        QCOMPARE(ids.pad, std::int64_t { 151643 });
        QCOMPARE(ids.eos, std::vector<std::int64_t> { 151645 });
        QCOMPARE(ids.imagePad, std::int64_t { 151655 });
        QCOMPARE(ids.videoPad, std::int64_t { 151656 });
        QCOMPARE(ids.visionStart, std::int64_t { 151652 });
        QCOMPARE(ids.visionEnd, std::int64_t { 151653 });
        QCOMPARE(ids.visionPad, std::int64_t { 151654 });
    }

    void textConfigWinsOverTopLevel()
    {
        const QByteArray json = R"({"model_type": "qwen2_5_vl", "hidden_size": 999, "rms_norm_eps": 1e-3,
            "rope_theta": 10000.0, "num_key_value_heads": 3,
            "rope_scaling": {"type": "mrope", "mrope_section": [1, 1, 1]},
            "text_config": {"hidden_size": 48, "num_attention_heads": 4, "num_key_value_heads": null,
                            "rope_scaling": {"type": "default", "mrope_section": [2, 2, 2]}},
            "vision_config": {"out_hidden_size": 48}})";
        const ModelConfig config = parseModelConfig(json.toStdString(), "mixed.json");
        QCOMPARE(config.text.hiddenSize, 48); // text_config wins
        QCOMPARE(config.text.rmsNormEps, 1e-3); // only at the top level
        QCOMPARE(config.text.ropeTheta, 10000.0); // top level, no rope_theta in the dict
        QCOMPARE(config.text.numKeyValueHeads, 4); // explicit null means num_attention_heads
        QCOMPARE(config.text.mropeSection, (std::vector<int> { 2, 2, 2 }));
        QCOMPARE(config.text.ropeType, std::string("default"));
    }

    void ropeDictThetaWinsOverTopLevel()
    {
        const QByteArray json
            = R"({"model_type": "qwen2_5_vl", "hidden_size": 48, "num_attention_heads": 4, "num_key_value_heads": 2,
            "rope_theta": 10000.0, "rope_parameters": {"rope_type": "mrope", "rope_theta": 25000.0,
            "mrope_section": [2, 2, 2]}, "vision_config": {"out_hidden_size": 48}})";
        const ModelConfig config = parseModelConfig(json.toStdString(), "theta.json");
        QCOMPARE(config.text.ropeTheta, 25000.0);
        QCOMPARE(config.text.ropeType, std::string("mrope"));
    }

    void qwen2VlVisionFields()
    {
        const ModelConfig config = parseModelConfig(kQwen2Vl.toStdString(), "qwen2vl.json");
        QCOMPARE(config.modelType, std::string("qwen2_vl"));
        QCOMPARE(config.vision.hiddenSize, 1280);
        QCOMPARE(config.vision.outHiddenSize, 1536);
        QCOMPARE(config.vision.intermediateSize, 5120);
        QCOMPARE(config.vision.hiddenAct, std::string("quick_gelu"));
        QCOMPARE(config.vision.windowSize, 0);
        QCOMPARE(config.vision.fullattBlockIndexes.size(), std::size_t { 32 });
        QCOMPARE(config.vision.fullattBlockIndexes.back(), 31);
        QCOMPARE(config.text.headDim, 128);
    }

    void rejectsBadModelConfigs_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("key"); // must appear in the message
        const auto withText = [](const char* replacement) {
            QByteArray json = kRopeParameters;
            return json.replace("\"hidden_size\": 64,", replacement);
        };
        QTest::newRow("not JSON") << QByteArray("{\"model_type\": ") << QStringLiteral("invalid JSON");
        QTest::newRow("top level list") << QByteArray("[]") << QStringLiteral("JSON object");
        QTest::newRow("missing model_type") << QByteArray("{}") << QStringLiteral("model_type");
        QTest::newRow("unknown model_type")
            << QByteArray(kRopeParameters).replace("\"qwen2_5_vl\"", "\"llava\"") << QStringLiteral("llava");
        QTest::newRow("string hidden_size")
            << withText("\"hidden_size\": \"64\",") << QStringLiteral("text_config.hidden_size");
        QTest::newRow("fractional hidden_size") << withText("\"hidden_size\": 64.5,") << QStringLiteral("hidden_size");
        QTest::newRow("negative hidden_size") << withText("\"hidden_size\": -64,") << QStringLiteral("hidden_size");
        QTest::newRow("heads do not divide")
            << withText("\"hidden_size\": 66,") << QStringLiteral("num_attention_heads");
        QTest::newRow("mrope sum") << QByteArray(kRopeParameters).replace("[2, 3, 3]", "[2, 3, 4]")
                                   << QStringLiteral("mrope_section");
        QTest::newRow("missing mrope_section")
            << QByteArray(kRopeParameters).replace(", \"mrope_section\": [2, 3, 3]", "")
            << QStringLiteral("mrope_section");
        QTest::newRow("missing rope dict")
            << QByteArray(R"({"model_type": "qwen2_5_vl"})") << QStringLiteral("rope_scaling");
        QTest::newRow("yarn")
            << QByteArray(kRopeParameters).replace("\"rope_type\": \"default\"", "\"rope_type\": \"yarn\"")
            << QStringLiteral("yarn");
        QTest::newRow("out_hidden_size mismatch")
            << QByteArray(kRopeParameters).replace("\"out_hidden_size\": 64", "\"out_hidden_size\": 32")
            << QStringLiteral("vision_config.out_hidden_size");
        QTest::newRow("fullatt outside depth")
            << QByteArray(kRopeParameters).replace("[1]", "[2]") << QStringLiteral("fullatt_block_indexes");
        QTest::newRow("window below one merged patch")
            << QByteArray(kRopeParameters).replace("\"window_size\": 8", "\"window_size\": 2")
            << QStringLiteral("window_size");
        QTest::newRow("token outside vocab")
            << QByteArray(kRopeParameters).replace("\"image_token_id\": 70", "\"image_token_id\": 100")
            << QStringLiteral("image_token_id");
        QTest::newRow("eos outside vocab")
            << QByteArray(kRopeParameters).replace("[91, 92]", "[91, 200]") << QStringLiteral("eos_token_id");
        QTest::newRow("vision_config not an object")
            << QByteArray(kRopeParameters).replace("\"vision_config\": {", "\"vision_config\": 3, \"x\": {")
            << QStringLiteral("vision_config");
        QTest::newRow("bool as number") << withText("\"hidden_size\": true,") << QStringLiteral("hidden_size");
    }

    void rejectsBadModelConfigs()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, key);
        ConfigFolder folder;
        folder.write("config.json", json);
        try {
            const ModelConfig config = loadModelConfig(folder.path());
            QFAIL("the bad config was accepted");
        } catch (const LoadError& error) {
            const QString message = QString::fromUtf8(error.what());
            QVERIFY2(message.startsWith(folder.filePath("config.json") + QLatin1Char(':')), error.what());
            QVERIFY2(message.contains(key), error.what());
        }
    }

    void missingConfigFile()
    {
        ConfigFolder folder;
        try {
            loadModelConfig(folder.path());
            QFAIL("a missing config.json was accepted");
        } catch (const LoadError& error) {
            QVERIFY2(QString::fromUtf8(error.what()).contains(QStringLiteral("config.json")), error.what());
        }
        QVERIFY_THROWS_EXCEPTION(LoadError, loadPreprocessorConfig(folder.path()));
    }
};

QTEST_GUILESS_MAIN(TestCheckpointConfig)
#include "tst_checkpoint_config.moc"
