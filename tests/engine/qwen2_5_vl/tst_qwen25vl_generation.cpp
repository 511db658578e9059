// Greedy generation through the engine's public API against every golden case and run of both tiny checkpoints:
// tokens identical (repetition penalty 1 and 1.05, the early stop on an added EOS id), each cached decode step's
// logits within 1e-4 of the golden's, one uncached pass over prompt + output against the golden teacher-forced
// logits, and cached decoding equal to that recomputation (1e-5).

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

std::vector<float> rowOf(const engine::FloatArray& array, std::int64_t row)
{
    const float* begin = array.row(row);
    return { begin, begin + array.shape.back() };
}

} // namespace

class TestQwen25VlGeneration : public QObject {
    Q_OBJECT

    std::map<QString, std::shared_ptr<const engine::Model>> m_models;
    std::map<QString, std::unique_ptr<engine::Session>> m_prompts; // prefilled once per case, forked per run

    std::shared_ptr<const engine::Model> model(const test::GoldenCase& c)
    {
        auto& slot = m_models[c.checkpoint];
        if (!slot)
            slot = engine::Model::load(
                c.checkpointDir().toStdString(), { engine::Device::Cpu, engine::Precision::Float32, 1 });
        return slot;
    }

private Q_SLOTS:
    void generation_data()
    {
        QTest::addColumn<QString>("checkpoint");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("run");
        for (const QString& checkpoint : test::goldenCheckpoints()) {
            for (const QString& name : test::goldenCaseNames()) {
                for (const QString& run :
                    { QStringLiteral("rp1"), QStringLiteral("rp1.05"), QStringLiteral("rp1_stop") })
                    QTest::newRow(qPrintable(checkpoint + QLatin1Char('/') + name + QLatin1Char('/') + run))
                        << checkpoint << name << run;
            }
        }
    }

    // Greedy generation with the run's penalty and EOS list; per-step cached logits against the goldens and against
    // one uncached pass over the whole sequence.
    void generation()
    {
        QFETCH(QString, checkpoint);
        QFETCH(QString, name);
        QFETCH(QString, run);
        const test::GoldenCase c = test::loadGoldenCase(checkpoint, name);
        const QJsonObject spec = c.json.value(QStringLiteral("generation")).toObject().value(run).toObject();
        const std::vector<std::int32_t> expectedTokens = test::jsonIds(spec.value(QStringLiteral("tokens")));

        auto& slot = m_prompts[checkpoint + name];
        if (!slot) {
            slot = std::make_unique<engine::Session>(model(c));
            slot->append(c.inputIds(), c.images());
        }
        const engine::Session& prompt = *slot;

        engine::GenerationOptions options;
        options.sampling.greedy = true;
        options.sampling.repetitionPenalty = spec.value(QStringLiteral("repetition_penalty")).toDouble();
        options.maxNewTokens = spec.value(QStringLiteral("max_new_tokens")).toInt();
        options.eosTokenIds = test::jsonIds(spec.value(QStringLiteral("eos_token_ids")));
        engine::Session generating = prompt.fork();
        int streamed = 0;
        const engine::GenerationResult result = generating.generate(options, [&](const engine::TokenEvent& event) {
            ++streamed;
            return event.index == streamed - 1;
        });
        QCOMPARE(result.ids(), expectedTokens);
        QCOMPARE(streamed, static_cast<int>(expectedTokens.size()));
        const bool stoppedOnEos = spec.value(QStringLiteral("stopped_on_eos")).toBool();
        QCOMPARE(result.stopReason == engine::StopReason::Eos, stoppedOnEos);
        QCOMPARE(generating.tokens(), test::jsonIds(spec.value(QStringLiteral("sequence"))));

        // Cached decoding step by step: row s predicts token s.
        const engine::FloatArray decode = test::readFloatNpy(c.path(QStringLiteral("decode_logits_%1.npy").arg(run)));
        const engine::FloatArray teacher
            = test::readFloatNpy(c.path(QStringLiteral("teacher_forced_logits_%1.npy").arg(run)));
        engine::Session stepping = prompt.fork();
        std::vector<std::vector<float>> cached;
        for (std::size_t s = 0; s < expectedTokens.size(); ++s) {
            cached.push_back(stepping.nextLogits());
            if (s + 1 < expectedTokens.size())
                stepping.append({ expectedTokens[s] });
        }
        QCOMPARE(static_cast<std::int64_t>(cached.size()), decode.dim(0));

        // One uncached pass over prompt + generated tokens.
        engine::Session whole(model(c));
        engine::AppendOptions all;
        all.allLogits = true;
        const engine::AppendResult forced
            = whole.append(test::jsonIds(spec.value(QStringLiteral("sequence"))), c.images(), all);
        QCOMPARE(forced.logits.shape, teacher.shape);
        QString diff = test::compareScaled(forced.logits, teacher, kTolerance);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("teacher-forced: ") + diff));

        const auto promptLength = static_cast<std::int64_t>(c.inputIds().size());
        for (std::size_t s = 0; s < cached.size(); ++s) {
            diff = test::compareScaled(cached[s], rowOf(decode, static_cast<std::int64_t>(s)), kTolerance);
            QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("decode step %1: ").arg(s) + diff));
            diff = test::compareScaled(
                cached[s], rowOf(forced.logits, promptLength - 1 + static_cast<std::int64_t>(s)), 1e-5);
            QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("cached vs recomputed, step %1: ").arg(s) + diff));
        }
    }
};

QTEST_GUILESS_MAIN(TestQwen25VlGeneration)
#include "tst_qwen25vl_generation.moc"
