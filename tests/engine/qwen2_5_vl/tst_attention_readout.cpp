// The attention read-out of generation (GenerationOptions::attentionLayers): shapes follow the image grid, values are
// probabilities, reading them changes nothing in the generated ids, and the read-out of a cached decode step equals
// the read-out of the same step recomputed from scratch.

#include "golden_case.h"

#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/model.h"
#include "vlmprobe/engine/session.h"

#include <QTest>

#include <cmath>

using namespace vlmprobe;

class TestAttentionReadout : public QObject {
    Q_OBJECT

    std::shared_ptr<const engine::Model> m_model;
    test::GoldenCase m_case;

    engine::GenerationResult generate(const std::vector<std::int32_t>& ids, int tokens, std::vector<int> layers)
    {
        engine::Session session(m_model);
        session.append(ids, m_case.images());
        engine::GenerationOptions options;
        options.maxNewTokens = tokens;
        options.attentionLayers = std::move(layers);
        return session.generate(options);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_case = test::loadGoldenCase(QStringLiteral("flat_f32"), QStringLiteral("one_image"));
        m_model = engine::Model::load(
            m_case.checkpointDir().toStdString(), { engine::Device::Cpu, engine::Precision::Float32, 1 });
    }

    void offByDefault()
    {
        const engine::GenerationResult r = generate(m_case.inputIds(), 3, {});
        for (const engine::TokenEvent& e : r.tokens)
            QVERIFY(e.imageAttention.empty());
    }

    void gridShapedProbabilities()
    {
        const engine::GenerationResult plain = generate(m_case.inputIds(), 6, {});
        const engine::GenerationResult read = generate(m_case.inputIds(), 6, { 0, -1 });
        QCOMPARE(read.ids(), plain.ids());

        const std::vector<engine::VisionInput> images = m_case.images();
        QCOMPARE(images.size(), std::size_t(1));
        const int merge = static_cast<int>(m_model->config().vision.spatialMergeSize);
        const auto& grid = images.front().grid;
        for (const engine::TokenEvent& e : read.tokens) {
            QCOMPARE(e.imageAttention.size(), std::size_t(1));
            const engine::ImageAttention& a = e.imageAttention.front();
            QCOMPARE(a.rows, static_cast<int>(grid.t * grid.h) / merge);
            QCOMPARE(a.columns, static_cast<int>(grid.w) / merge);
            QCOMPARE(a.mass.size(), static_cast<std::size_t>(a.rows * a.columns));
            double total = 0.0;
            for (const float m : a.mass) {
                QVERIFY(m >= 0.0f && m <= 1.0f);
                total += m;
            }
            QVERIFY(total > 0.0);
            QVERIFY(total <= 1.0 + 1e-5);
        }
    }

    void cachedStepEqualsRecomputation()
    {
        const std::vector<std::int32_t> prompt = m_case.inputIds();
        const engine::GenerationResult read = generate(prompt, 5, { 1 });
        for (std::size_t step : { std::size_t(0), std::size_t(2), std::size_t(4) }) {
            std::vector<std::int32_t> ids = prompt;
            for (std::size_t i = 0; i < step; ++i)
                ids.push_back(read.tokens[i].id);
            const engine::GenerationResult fresh = generate(ids, 1, { 1 });
            QCOMPARE(fresh.tokens.front().id, read.tokens[step].id);
            const std::vector<float>& expected = fresh.tokens.front().imageAttention.front().mass;
            const std::vector<float>& actual = read.tokens[step].imageAttention.front().mass;
            QCOMPARE(actual.size(), expected.size());
            for (std::size_t i = 0; i < actual.size(); ++i)
                QVERIFY2(std::abs(actual[i] - expected[i]) <= 1e-5f, qPrintable(QString::number(i)));
        }
    }

    void layerOutsideTheModel()
    {
        const int layers = static_cast<int>(m_model->config().text.numHiddenLayers);
        QVERIFY_THROWS_EXCEPTION(engine::InvalidInputError, generate(m_case.inputIds(), 1, { layers }));
        QVERIFY_THROWS_EXCEPTION(engine::InvalidInputError, generate(m_case.inputIds(), 1, { -layers - 1 }));
    }
};

QTEST_GUILESS_MAIN(TestAttentionReadout)
#include "tst_attention_readout.moc"
