// The vision tower and one prefill pass through the engine's public API against every golden case of both tiny
// checkpoints (shared/golden/README.md): image embeddings, every hidden state and the logits of every position within
// 1e-4 of their scale (float32), positions and rope delta exact.

#include "golden_case.h"

#include "vlmprobe/engine/model.h"
#include "vlmprobe/engine/session.h"

#include <QJsonArray>
#include <QTest>

#include <map>
#include <memory>

using namespace vlmprobe;

namespace {

constexpr double kTolerance = 1e-4;

} // namespace

class TestQwen25VlGolden : public QObject {
    Q_OBJECT

    std::map<QString, std::shared_ptr<const engine::Model>> m_models;

    std::shared_ptr<const engine::Model> model(const test::GoldenCase& c)
    {
        auto& slot = m_models[c.checkpoint];
        if (!slot)
            slot = engine::Model::load(
                c.checkpointDir().toStdString(), { engine::Device::Cpu, engine::Precision::Float32, 1 });
        return slot;
    }

    static void addCases()
    {
        QTest::addColumn<QString>("checkpoint");
        QTest::addColumn<QString>("name");
        for (const QString& checkpoint : test::goldenCheckpoints()) {
            for (const QString& name : test::goldenCaseNames())
                QTest::newRow(qPrintable(checkpoint + QLatin1Char('/') + name)) << checkpoint << name;
        }
    }

private Q_SLOTS:
    void imageEmbeds_data() { addCases(); }
    void imageEmbeds()
    {
        QFETCH(QString, checkpoint);
        QFETCH(QString, name);
        const test::GoldenCase c = test::loadGoldenCase(checkpoint, name);
        if (c.grids().empty())
            QSKIP("text only");
        const engine::FloatArray embeds = model(c)->encodeImages(c.images());
        const engine::FloatArray expected = test::readFloatNpy(c.path(QStringLiteral("image_embeds.npy")));
        QCOMPARE(embeds.shape, expected.shape);
        const QString diff = test::compareScaled(embeds, expected, kTolerance);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void prefill_data() { addCases(); }
    void prefill()
    {
        QFETCH(QString, checkpoint);
        QFETCH(QString, name);
        const test::GoldenCase c = test::loadGoldenCase(checkpoint, name);
        engine::Session session(model(c));
        engine::AppendOptions options;
        options.allLogits = true;
        options.hiddenStates = true;
        const engine::AppendResult result = session.append(c.inputIds(), c.images(), options);

        const engine::FloatArray logits = test::readFloatNpy(c.path(QStringLiteral("prefill_logits.npy")));
        QCOMPARE(result.logits.shape, logits.shape);
        QString diff = test::compareScaled(result.logits, logits, kTolerance);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("logits: ") + diff));

        const engine::FloatArray hidden = test::readFloatNpy(c.path(QStringLiteral("hidden_states.npy")));
        QCOMPARE(result.hiddenStates.values.size(), hidden.values.size());
        const std::int64_t perLayer = hidden.dim(1) * hidden.dim(2);
        for (std::int64_t layer = 0; layer < hidden.dim(0); ++layer) {
            const std::vector<float> a(result.hiddenStates.values.begin() + layer * perLayer,
                result.hiddenStates.values.begin() + (layer + 1) * perLayer);
            const std::vector<float> e(
                hidden.values.begin() + layer * perLayer, hidden.values.begin() + (layer + 1) * perLayer);
            diff = test::compareScaled(a, e, kTolerance);
            QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("hidden state %1: ").arg(layer) + diff));
        }

        const QJsonArray rows = c.json.value(QStringLiteral("position_ids")).toArray();
        QCOMPARE(session.positions().t, test::jsonInts(rows.at(0)));
        QCOMPARE(session.positions().h, test::jsonInts(rows.at(1)));
        QCOMPARE(session.positions().w, test::jsonInts(rows.at(2)));
        QCOMPARE(
            session.ropeDelta(), static_cast<std::int64_t>(c.json.value(QStringLiteral("rope_deltas")).toDouble()));
    }
};

QTEST_GUILESS_MAIN(TestQwen25VlGolden)
#include "tst_qwen25vl_golden.moc"
