// CheckpointWeights: the two golden checkpoints (flat/old names/F32/untied and nested/new names/BF16/tied), name
// canonicalisation, shapes against config.json, values against a Python decoding of the raw bytes
// (oracle/golden_tensor_values.py), and sharded folders with every kind of broken index.
#include "safetensors_test_support.h"

#include "vlmprobe/engine/checkpoint_config.h"
#include "vlmprobe/engine/checkpoint_weights.h"
#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/safetensors_writer.h"

#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <set>

using namespace vlmprobe::engine;
using Shape = std::vector<std::int64_t>;

namespace {

const QString kGolden = QStringLiteral(VLMPROBE_SHARED_DIR "/golden/checkpoints");

std::string golden(const char* name)
{
    return QString(kGolden + QLatin1Char('/') + QLatin1String(name)).toStdString();
}

// The tensor table of qwen25vl.md §1.4, built from the resolved config.
std::map<std::string, Shape> expectedShapes(const ModelConfig& config)
{
    std::map<std::string, Shape> shapes;
    const VisionConfig& v = config.vision;
    const std::int64_t width = v.hiddenSize;
    const std::int64_t merged = width * v.spatialMergeSize * v.spatialMergeSize;
    shapes["visual.patch_embed.proj.weight"] = { width, v.inChannels, v.temporalPatchSize, v.patchSize, v.patchSize };
    for (int i = 0; i < v.depth; ++i) {
        const std::string p = "visual.blocks." + std::to_string(i) + ".";
        shapes[p + "norm1.weight"] = { width };
        shapes[p + "norm2.weight"] = { width };
        shapes[p + "attn.qkv.weight"] = { 3 * width, width };
        shapes[p + "attn.qkv.bias"] = { 3 * width };
        shapes[p + "attn.proj.weight"] = { width, width };
        shapes[p + "attn.proj.bias"] = { width };
        for (const char* proj : { "gate_proj", "up_proj" }) {
            shapes[p + "mlp." + proj + ".weight"] = { v.intermediateSize, width };
            shapes[p + "mlp." + proj + ".bias"] = { v.intermediateSize };
        }
        shapes[p + "mlp.down_proj.weight"] = { width, v.intermediateSize };
        shapes[p + "mlp.down_proj.bias"] = { width };
    }
    shapes["visual.merger.ln_q.weight"] = { width };
    shapes["visual.merger.mlp.0.weight"] = { merged, merged };
    shapes["visual.merger.mlp.0.bias"] = { merged };
    shapes["visual.merger.mlp.2.weight"] = { v.outHiddenSize, merged };
    shapes["visual.merger.mlp.2.bias"] = { v.outHiddenSize };

    const TextConfig& t = config.text;
    const std::int64_t q = std::int64_t { t.numAttentionHeads } * t.headDim;
    const std::int64_t kv = std::int64_t { t.numKeyValueHeads } * t.headDim;
    shapes["model.embed_tokens.weight"] = { t.vocabSize, t.hiddenSize };
    for (int i = 0; i < t.numHiddenLayers; ++i) {
        const std::string p = "model.layers." + std::to_string(i) + ".";
        shapes[p + "input_layernorm.weight"] = { t.hiddenSize };
        shapes[p + "post_attention_layernorm.weight"] = { t.hiddenSize };
        shapes[p + "self_attn.q_proj.weight"] = { q, t.hiddenSize };
        shapes[p + "self_attn.q_proj.bias"] = { q };
        shapes[p + "self_attn.k_proj.weight"] = { kv, t.hiddenSize };
        shapes[p + "self_attn.k_proj.bias"] = { kv };
        shapes[p + "self_attn.v_proj.weight"] = { kv, t.hiddenSize };
        shapes[p + "self_attn.v_proj.bias"] = { kv };
        shapes[p + "self_attn.o_proj.weight"] = { t.hiddenSize, q };
        shapes[p + "mlp.gate_proj.weight"] = { t.intermediateSize, t.hiddenSize };
        shapes[p + "mlp.up_proj.weight"] = { t.intermediateSize, t.hiddenSize };
        shapes[p + "mlp.down_proj.weight"] = { t.hiddenSize, t.intermediateSize };
    }
    shapes["model.norm.weight"] = { t.hiddenSize };
    if (!config.tieWordEmbeddings)
        shapes["lm_head.weight"] = { t.vocabSize, t.hiddenSize };
    return shapes;
}

void writeText(const QString& path, const QByteArray& text)
{
    QVERIFY(vlmprobe::test::writeBytes(path, text));
}

// A sharded checkpoint in the new layout: shard 1 holds the vision tensor and the embedding, shard 2 the rest.
void writeShards(const QTemporaryDir& dir)
{
    const float a[] = { 1.0f, 2.0f };
    const float b[] = { -1.5f };
    const float c[] = { 0.25f, 0.5f, 0.75f };
    SafetensorsWriter first;
    first.addFloat32("model.visual.merger.ln_q.weight", { 2 }, a);
    first.addFloat32("model.language_model.embed_tokens.weight", { 1, 1 }, b, DType::BF16);
    first.write(dir.filePath(QStringLiteral("model-00001-of-00002.safetensors")).toStdString());
    SafetensorsWriter second;
    second.addFloat32("model.language_model.norm.weight", { 3 }, c, DType::F16);
    second.addFloat32("lm_head.weight", { 1, 2 }, a);
    second.write(dir.filePath(QStringLiteral("model-00002-of-00002.safetensors")).toStdString());
}

const QByteArray kGoodIndex = R"({"metadata":{"total_size":24},"weight_map":{
    "model.visual.merger.ln_q.weight":"model-00001-of-00002.safetensors",
    "model.language_model.embed_tokens.weight":"model-00001-of-00002.safetensors",
    "model.language_model.norm.weight":"model-00002-of-00002.safetensors",
    "lm_head.weight":"model-00002-of-00002.safetensors"}})";

} // namespace

class TestCheckpointWeights : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void canonicalNames_data()
    {
        QTest::addColumn<QString>("stored");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("new visual") << QStringLiteral("model.visual.blocks.3.attn.qkv.weight")
                                    << QStringLiteral("visual.blocks.3.attn.qkv.weight");
        QTest::newRow("new language") << QStringLiteral("model.language_model.layers.0.self_attn.q_proj.weight")
                                      << QStringLiteral("model.layers.0.self_attn.q_proj.weight");
        QTest::newRow("old visual") << QStringLiteral("visual.merger.ln_q.weight")
                                    << QStringLiteral("visual.merger.ln_q.weight");
        QTest::newRow("old language") << QStringLiteral("model.embed_tokens.weight")
                                      << QStringLiteral("model.embed_tokens.weight");
        QTest::newRow("head") << QStringLiteral("lm_head.weight") << QStringLiteral("lm_head.weight");
        QTest::newRow("prefix only as prefix")
            << QStringLiteral("x.model.visual.y") << QStringLiteral("x.model.visual.y");
        QTest::newRow("no dot") << QStringLiteral("model.visualx") << QStringLiteral("model.visualx");
    }

    void canonicalNames()
    {
        QFETCH(QString, stored);
        QFETCH(QString, canonical);
        QCOMPARE(QString::fromStdString(canonicalTensorName(stored.toStdString())), canonical);
    }

    void goldenCheckpointsMatchTheirConfigs_data()
    {
        QTest::addColumn<QString>("checkpoint");
        QTest::addColumn<bool>("tied");
        QTest::addColumn<int>("dtype"); // a DType
        QTest::addColumn<qulonglong>("totalBytes"); // file size - 8 - header length
        QTest::newRow("flat_f32") << QStringLiteral("flat_f32") << false << static_cast<int>(DType::F32)
                                  << qulonglong { 1610496 };
        QTest::newRow("nested_tied_bf16")
            << QStringLiteral("nested_tied_bf16") << true << static_cast<int>(DType::BF16) << qulonglong { 739712 };
    }

    void goldenCheckpointsMatchTheirConfigs()
    {
        QFETCH(QString, checkpoint);
        QFETCH(bool, tied);
        QFETCH(int, dtype);
        QFETCH(qulonglong, totalBytes);
        const std::string dir = golden(checkpoint.toLatin1().constData());
        const ModelConfig config = loadModelConfig(dir);
        const CheckpointWeights weights = CheckpointWeights::open(dir);
        QCOMPARE(config.tieWordEmbeddings, tied);
        QCOMPARE(weights.contains("lm_head.weight"), !tied);
        QCOMPARE(weights.totalBytes(), totalBytes);
        QCOMPARE(weights.shardPaths().size(), std::size_t { 1 });

        const std::map<std::string, Shape> expected = expectedShapes(config);
        const std::vector<std::string> names = weights.names();
        QCOMPARE(names.size(), expected.size());
        QCOMPARE(weights.size(), expected.size());
        for (const std::string& name : names) {
            QVERIFY2(name.rfind("model.visual.", 0) != 0 && name.rfind("model.language_model.", 0) != 0, name.c_str());
            const auto it = expected.find(name);
            QVERIFY2(it != expected.end(), name.c_str());
            const TensorView& tensor = weights.require(name);
            QCOMPARE(tensor.name, name);
            QCOMPARE(tensor.shape, it->second);
            QCOMPARE(static_cast<int>(tensor.dtype), dtype);
        }
    }

    void storedNamesFollowTheLayout()
    {
        const CheckpointWeights flat = CheckpointWeights::open(golden("flat_f32"));
        const CheckpointWeights nested = CheckpointWeights::open(golden("nested_tied_bf16"));
        QCOMPARE(flat.storedName("visual.blocks.0.attn.qkv.weight"), std::string("visual.blocks.0.attn.qkv.weight"));
        QCOMPARE(
            nested.storedName("visual.blocks.0.attn.qkv.weight"), std::string("model.visual.blocks.0.attn.qkv.weight"));
        QCOMPARE(nested.storedName("model.layers.2.mlp.up_proj.weight"),
            std::string("model.language_model.layers.2.mlp.up_proj.weight"));
        QCOMPARE(nested.storedName("lm_head.weight"), std::string());
        QVERIFY(nested.find("model.visual.blocks.0.attn.qkv.weight") == nullptr);
        try {
            nested.require("lm_head.weight");
            QFAIL("require did not throw");
        } catch (const LoadError& error) {
            QVERIFY2(QString::fromUtf8(error.what()).contains(QStringLiteral("nested_tied_bf16")), error.what());
            QVERIFY2(QString::fromUtf8(error.what()).contains(QStringLiteral("lm_head.weight")), error.what());
        }
    }

    // Literals from oracle/golden_tensor_values.py (json + struct on the raw file bytes).
    void valuesMatchThePythonDecoding_data()
    {
        QTest::addColumn<QString>("checkpoint");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QList<double>>("first8");
        QTest::addColumn<double>("last");
        QTest::addColumn<double>("sum");
        QTest::newRow("bf16 qkv") << QStringLiteral("nested_tied_bf16")
                                  << QStringLiteral("visual.blocks.0.attn.qkv.weight")
                                  << QList<double> { -0.059814453125, 0.353515625, -0.146484375, 0.1904296875,
                                         -0.169921875, -0.0263671875, -0.0155029296875, 0.054443359375 }
                                  << 0.12353515625 << 48.822649002075195;
        QTest::newRow("bf16 embed") << QStringLiteral("nested_tied_bf16") << QStringLiteral("model.embed_tokens.weight")
                                    << QList<double> { -0.2470703125, 0.28125, 0.158203125, 0.06689453125,
                                           -0.0576171875, 0.10986328125, -0.162109375, -0.0186767578125 }
                                    << 0.002777099609375 << 16.10345968604088;
        QTest::newRow("bf16 norm") << QStringLiteral("nested_tied_bf16") << QStringLiteral("model.norm.weight")
                                   << QList<double> { 0.5546875, 1.4921875, 1.3203125, 1.140625, 1.0234375, 1.28125,
                                          0.671875, 1.390625 }
                                   << 0.55859375 << 62.4296875;
        QTest::newRow("f32 merger bias") << QStringLiteral("flat_f32") << QStringLiteral("visual.merger.mlp.2.bias")
                                         << QList<double> { -0.014227730222046375, -0.12394358962774277,
                                                0.1512041538953781, -0.48643428087234497, 0.11582163721323013,
                                                0.014612728729844093, -0.010049345903098583, -0.123749278485775 }
                                         << 0.39681103825569153 << 0.6858223504386842;
        QTest::newRow("f32 lm_head") << QStringLiteral("flat_f32") << QStringLiteral("lm_head.weight")
                                     << QList<double> { -0.18977795541286469, 0.12789608538150787, -0.12634821236133575,
                                            -0.009120606817305088, 0.5652009844779968, -0.23067939281463623,
                                            -0.6330677270889282, -0.07325281947851181 }
                                     << 0.0052383700385689735 << -61.94051574570403;
    }

    void valuesMatchThePythonDecoding()
    {
        QFETCH(QString, checkpoint);
        QFETCH(QString, name);
        QFETCH(QList<double>, first8);
        QFETCH(double, last);
        QFETCH(double, sum);
        const CheckpointWeights weights = CheckpointWeights::open(golden(checkpoint.toLatin1().constData()));
        const std::vector<float> values = toFloat32(weights.require(name.toStdString()));
        for (int i = 0; i < first8.size(); ++i)
            QCOMPARE(static_cast<double>(values[static_cast<std::size_t>(i)]), first8[i]);
        QCOMPARE(static_cast<double>(values.back()), last);
        double total = 0.0;
        for (float value : values)
            total += static_cast<double>(value); // same order as the Python loop: bit-identical
        QCOMPARE(total, sum);
    }

    void opensShardedCheckpoints()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        writeShards(dir);
        writeText(dir.filePath(QStringLiteral("model.safetensors.index.json")), kGoodIndex);
        const CheckpointWeights weights = CheckpointWeights::open(dir.path().toStdString());
        QCOMPARE(weights.names(),
            (std::vector<std::string> {
                "lm_head.weight", "model.embed_tokens.weight", "model.norm.weight", "visual.merger.ln_q.weight" }));
        QCOMPARE(weights.shardPaths().size(), std::size_t { 2 });
        QVERIFY(QString::fromStdString(weights.shardPaths()[0])
                    .endsWith(QStringLiteral("model-00001-of-00002.safetensors")));
        QCOMPARE(toFloat32(weights.require("model.norm.weight")), (std::vector<float> { 0.25f, 0.5f, 0.75f }));
        QCOMPARE(toFloat32(weights.require("model.embed_tokens.weight")), (std::vector<float> { -1.5f }));
        QCOMPARE(weights.require("model.embed_tokens.weight").dtype, DType::BF16);
        QCOMPARE(weights.totalBytes(), std::uint64_t { 8 + 2 + 6 + 8 });
    }

    void rejectsBrokenShardedCheckpoints_data()
    {
        QTest::addColumn<QByteArray>("index");
        QTest::addColumn<QString>("mention"); // a file or tensor name the message must contain
        QTest::newRow("not JSON") << QByteArray("{\"weight_map\":") << QStringLiteral("model.safetensors.index.json");
        QTest::newRow("no weight_map") << QByteArray(R"({"metadata":{}})") << QStringLiteral("weight_map");
        QTest::newRow("weight_map not an object") << QByteArray(R"({"weight_map":[]})") << QStringLiteral("weight_map");
        QTest::newRow("empty weight_map") << QByteArray(R"({"weight_map":{}})") << QStringLiteral("weight_map");
        QTest::newRow("shard name not a string")
            << QByteArray(R"({"weight_map":{"lm_head.weight":3}})") << QStringLiteral("lm_head.weight");
        QTest::newRow("missing shard") << QByteArray(R"({"weight_map":{"lm_head.weight":"model-00003.safetensors"}})")
                                       << QStringLiteral("model-00003.safetensors");
        QTest::newRow("path escape") << QByteArray(R"({"weight_map":{"lm_head.weight":"../model.safetensors"}})")
                                     << QStringLiteral("lm_head.weight");
        QTest::newRow("absolute path") << QByteArray(R"({"weight_map":{"lm_head.weight":"/etc/passwd"}})")
                                       << QStringLiteral("lm_head.weight");
        QByteArray lacking = kGoodIndex;
        lacking.replace("}}", ",\"model.language_model.layers.9.x\":\"model-00002-of-00002.safetensors\"}}");
        QTest::newRow("shard lacks a listed tensor") << lacking << QStringLiteral("model.language_model.layers.9.x");
        QByteArray unlisted = kGoodIndex;
        unlisted.replace(
            "\"lm_head.weight\":\"model-00002-of-00002.safetensors\"", "\"x\":\"model-00002-of-00002.safetensors\"");
        QTest::newRow("shard tensor not in the index") << unlisted << QStringLiteral("lm_head.weight");
        QByteArray moved = kGoodIndex;
        moved.replace("\"lm_head.weight\":\"model-00002-of-00002.safetensors\"",
            "\"lm_head.weight\":\"model-00001-of-00002.safetensors\"");
        QTest::newRow("tensor assigned to the other shard") << moved << QStringLiteral("lm_head.weight");
        QTest::newRow("duplicate key") << QByteArray(R"({"weight_map":{"a":"x","a":"y"}})") << QStringLiteral("'a'");
    }

    void rejectsBrokenShardedCheckpoints()
    {
        QFETCH(QByteArray, index);
        QFETCH(QString, mention);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        writeShards(dir);
        writeText(dir.filePath(QStringLiteral("model.safetensors.index.json")), index);
        try {
            const CheckpointWeights weights = CheckpointWeights::open(dir.path().toStdString());
            QFAIL("the broken checkpoint was accepted");
        } catch (const LoadError& error) {
            const QString message = QString::fromUtf8(error.what());
            QVERIFY2(message.startsWith(dir.path()), error.what());
            QVERIFY2(message.contains(mention), error.what());
        }
    }

    void singleFileWinsOverIndex()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const float value[] = { 4.0f };
        SafetensorsWriter writer;
        writer.addFloat32("model.norm.weight", { 1 }, value);
        writer.write(dir.filePath(QStringLiteral("model.safetensors")).toStdString());
        writeText(dir.filePath(QStringLiteral("model.safetensors.index.json")), QByteArray("{not json"));
        const CheckpointWeights weights = CheckpointWeights::open(dir.path().toStdString());
        QCOMPARE(weights.names(), std::vector<std::string> { "model.norm.weight" });
        QCOMPARE(toFloat32(weights.require("model.norm.weight")), std::vector<float> { 4.0f });
    }

    void rejectsCorruptShard()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        writeShards(dir);
        writeText(dir.filePath(QStringLiteral("model.safetensors.index.json")), kGoodIndex);
        writeText(dir.filePath(QStringLiteral("model-00002-of-00002.safetensors")), QByteArray("garbage!"));
        try {
            const CheckpointWeights weights = CheckpointWeights::open(dir.path().toStdString());
            QFAIL("the corrupt shard was accepted");
        } catch (const LoadError& error) {
            QVERIFY2(QString::fromUtf8(error.what()).contains(QStringLiteral("model-00002-of-00002.safetensors")),
                error.what());
        }
    }

    void rejectsTwoNamesForOneTensor()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const float value[] = { 1.0f };
        SafetensorsWriter writer;
        writer.addFloat32("visual.merger.ln_q.weight", { 1 }, value);
        writer.addFloat32("model.visual.merger.ln_q.weight", { 1 }, value);
        writer.write(dir.filePath(QStringLiteral("model.safetensors")).toStdString());
        try {
            const CheckpointWeights weights = CheckpointWeights::open(dir.path().toStdString());
            QFAIL("two stored names for one canonical tensor were accepted");
        } catch (const LoadError& error) {
            QVERIFY2(
                QString::fromUtf8(error.what()).contains(QStringLiteral("visual.merger.ln_q.weight")), error.what());
        }
    }

    void rejectsFoldersWithoutWeights()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY_THROWS_EXCEPTION(LoadError, CheckpointWeights::open(dir.path().toStdString()));
        QVERIFY_THROWS_EXCEPTION(
            LoadError, CheckpointWeights::open(dir.filePath(QStringLiteral("absent")).toStdString()));
        try {
            CheckpointWeights::open(dir.path().toStdString());
        } catch (const LoadError& error) {
            QVERIFY2(QString::fromUtf8(error.what()).startsWith(dir.path()), error.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestCheckpointWeights)
#include "tst_checkpoint_weights.moc"
