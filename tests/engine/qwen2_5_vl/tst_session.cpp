// Session behaviour beyond the goldens' single pass: prefix forks and truncation equal recomputation, scoring
// against an independent log-softmax of the golden teacher-forced logits, sampling, stop flag, bad input.

#include "golden_case.h"

#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/model.h"
#include "vlmprobe/engine/session.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace vlmprobe;

namespace {

std::vector<double> logSoftmaxRow(const engine::FloatArray& logits, std::int64_t row)
{
    const float* z = logits.row(row);
    const std::int64_t n = logits.shape.back();
    double top = z[0];
    for (std::int64_t i = 1; i < n; ++i)
        top = std::max(top, double(z[i]));
    double total = 0.0;
    for (std::int64_t i = 0; i < n; ++i)
        total += std::exp(double(z[i]) - top);
    std::vector<double> out(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i)
        out[static_cast<std::size_t>(i)] = double(z[i]) - top - std::log(total);
    return out;
}

} // namespace

class TestSession : public QObject {
    Q_OBJECT

    std::shared_ptr<const engine::Model> m_model;
    test::GoldenCase m_case;

private Q_SLOTS:
    void initTestCase()
    {
        m_case = test::loadGoldenCase(QStringLiteral("flat_f32"), QStringLiteral("one_image"));
        m_model = engine::Model::load(
            m_case.checkpointDir().toStdString(), { engine::Device::Cpu, engine::Precision::Float32, 1 });
    }

    void forkEqualsFreshPrefill()
    {
        const std::vector<std::int32_t> ids = m_case.inputIds();
        const std::size_t split = ids.size() - 7; // after the image and the question
        const std::vector<std::int32_t> head(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(split));
        const std::vector<std::int32_t> tail(ids.begin() + static_cast<std::ptrdiff_t>(split), ids.end());

        engine::Session whole(m_model);
        whole.append(ids, m_case.images());
        engine::Session prefix(m_model);
        prefix.append(head, m_case.images());
        const std::vector<float> prefixLogits = prefix.nextLogits();

        engine::Session variant = prefix.fork();
        variant.append(tail);
        QVERIFY2(test::compareScaled(variant.nextLogits(), whole.nextLogits(), 1e-5).isEmpty(), "fork");
        QCOMPARE(variant.positions().w, whole.positions().w);
        QCOMPARE(variant.ropeDelta(), whole.ropeDelta());
        // The parent is untouched by its fork and can serve another variant.
        QCOMPARE(prefix.length(), static_cast<std::int64_t>(split));
        QCOMPARE(prefix.nextLogits(), prefixLogits);
        engine::Session second = prefix.fork();
        second.append({ 100, 101 });
        QCOMPARE(second.length(), static_cast<std::int64_t>(split + 2));

        // Truncating back and appending the same tail gives the same state.
        whole.truncate(static_cast<std::int64_t>(split));
        QVERIFY2(test::compareScaled(whole.nextLogits(), prefixLogits, 1e-5).isEmpty(), "truncate");
        whole.append(tail);
        QVERIFY2(test::compareScaled(whole.nextLogits(), variant.nextLogits(), 1e-5).isEmpty(), "re-append");
    }

    void scoreContinuationMatchesGoldenLogSoftmax()
    {
        const QJsonObject run
            = m_case.json.value(QStringLiteral("generation")).toObject().value(QStringLiteral("rp1")).toObject();
        const std::vector<std::int32_t> continuation = test::jsonIds(run.value(QStringLiteral("tokens")));
        const engine::FloatArray teacher
            = test::readFloatNpy(m_case.path(QStringLiteral("teacher_forced_logits_rp1.npy")));
        engine::Session session(m_model);
        session.append(m_case.inputIds(), m_case.images());
        const std::vector<engine::TokenScore> scores = session.scoreContinuation(continuation, 3);
        QCOMPARE(scores.size(), continuation.size());
        const auto promptLength = static_cast<std::int64_t>(m_case.inputIds().size());
        for (std::size_t i = 0; i < scores.size(); ++i) {
            const std::vector<double> expected
                = logSoftmaxRow(teacher, promptLength - 1 + static_cast<std::int64_t>(i));
            QCOMPARE(scores[i].id, continuation[i]);
            QVERIFY(std::fabs(scores[i].logprob - expected[static_cast<std::size_t>(continuation[i])]) < 1e-3);
            QCOMPARE(scores[i].rank, 0); // greedy tokens without penalty are the argmax
            QCOMPARE(scores[i].top.size(), std::size_t(3));
            QCOMPARE(scores[i].top.front().first, continuation[i]);
        }
        QCOMPARE(session.length(), promptLength + static_cast<std::int64_t>(continuation.size()));
    }

    void letterDistribution()
    {
        const engine::FloatArray prefill = test::readFloatNpy(m_case.path(QStringLiteral("prefill_logits.npy")));
        const std::vector<double> lp = logSoftmaxRow(prefill, prefill.dim(0) - 1);
        engine::Session session(m_model);
        session.append(m_case.inputIds(), m_case.images());
        const std::vector<std::int32_t> letters { 413, 367, 343, 5 };
        const engine::LetterDistribution d = session.letterDistribution(letters);
        double mass = 0.0;
        for (const std::int32_t id : letters)
            mass += std::exp(lp[static_cast<std::size_t>(id)]);
        QVERIFY(std::fabs(d.rawMass - mass) < 1e-4);
        double entropy = 0.0;
        double sum = 0.0;
        for (std::size_t k = 0; k < letters.size(); ++k) {
            const double p = std::exp(lp[static_cast<std::size_t>(letters[k])]) / mass;
            QVERIFY(std::fabs(d.probabilities[k] - p) < 1e-4);
            entropy -= p * std::log(p);
            sum += d.probabilities[k];
        }
        QVERIFY(std::fabs(sum - 1.0) < 1e-12);
        QVERIFY(std::fabs(d.entropy - entropy) < 1e-4);
        QVERIFY(std::fabs(d.normalizedEntropy - entropy / std::log(4.0)) < 1e-4);
        QCOMPARE(d.argmax, 1); // 367 is the top token of the golden's last row
    }

    void sampling()
    {
        engine::Session prompt(m_model);
        prompt.append(m_case.inputIds(), m_case.images());
        engine::GenerationOptions greedy;
        greedy.maxNewTokens = 12;
        engine::Session g = prompt.fork();
        const std::vector<std::int32_t> greedyIds = g.generate(greedy).ids();

        engine::GenerationOptions sample = greedy;
        sample.sampling.greedy = false;
        sample.sampling.temperature = 1.5;
        sample.sampling.seed = 7;
        engine::Session a = prompt.fork();
        engine::Session b = prompt.fork();
        const auto first = a.generate(sample).ids();
        QCOMPARE(b.generate(sample).ids(), first);
        sample.sampling.seed = 8;
        engine::Session c = prompt.fork();
        QVERIFY(c.generate(sample).ids() != first);

        // top-k 1 and a tiny top-p keep only the best token: sampling then equals greedy.
        engine::GenerationOptions narrow = sample;
        narrow.sampling.topK = 1;
        engine::Session k1 = prompt.fork();
        QCOMPARE(k1.generate(narrow).ids(), greedyIds);
        narrow.sampling.topK = 0;
        narrow.sampling.topP = 0.001;
        engine::Session p = prompt.fork();
        QCOMPARE(p.generate(narrow).ids(), greedyIds);
    }

    void callbackAndStopFlag()
    {
        engine::Session session(m_model);
        session.append(m_case.inputIds(), m_case.images());
        engine::GenerationOptions options;
        options.maxNewTokens = 10;
        options.topAlternatives = 4;
        bool alternativesOk = false;
        engine::Session single = session.fork();
        const engine::GenerationResult once = single.generate(options, [&](const engine::TokenEvent& e) {
            alternativesOk = e.alternatives.size() == 4 && e.alternatives.front().logprob >= e.logprob
                && e.alternatives[1].logprob <= e.alternatives[0].logprob && e.logprob < 0.0f;
            return false;
        });
        QVERIFY(alternativesOk);
        QCOMPARE(once.tokens.size(), std::size_t(1));
        QCOMPARE(once.stopReason, engine::StopReason::Callback);

        std::atomic<bool> stop { false };
        engine::Session stopped = session.fork();
        const engine::GenerationResult r = stopped.generate(
            options,
            [&](const engine::TokenEvent& e) {
                if (e.index == 2)
                    stop = true;
                return true;
            },
            &stop);
        QCOMPARE(r.stopReason, engine::StopReason::Cancelled);
        QCOMPARE(r.tokens.size(), std::size_t(3));

        // A stop during prefill leaves the session as it was.
        engine::Session fresh(m_model);
        QVERIFY_THROWS_EXCEPTION(engine::Cancelled, fresh.append(m_case.inputIds(), m_case.images(), {}, &stop));
        QCOMPARE(fresh.length(), std::int64_t(0));
    }

    void badInput()
    {
        engine::Session session(m_model);
        session.append({ 501, 10, 11 });
        QVERIFY_THROWS_EXCEPTION(engine::InvalidInputError, session.append({ 512 }));
        QVERIFY_THROWS_EXCEPTION(engine::InvalidInputError, session.append({ 503, 506, 506, 504 }, m_case.images()));
        std::vector<engine::VisionInput> shortImage = m_case.images();
        shortImage.front().pixelValues.pop_back();
        QVERIFY_THROWS_EXCEPTION(engine::InvalidInputError, session.append(m_case.inputIds(), shortImage));
        QCOMPARE(session.length(), std::int64_t(3)); // still usable
        session.append({ 12 });
        QCOMPARE(session.length(), std::int64_t(4));

        QVERIFY_THROWS_EXCEPTION(engine::LoadError, engine::Model::load("/nonexistent/checkpoint"));
    }

    void wrongCheckpoints_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("wrong intermediate size") << QStringLiteral("intermediate_size") << QJsonValue(120);
        QTest::newRow("wrong vocabulary") << QStringLiteral("vocab_size") << QJsonValue(600);
        QTest::newRow("unknown architecture") << QStringLiteral("model_type") << QJsonValue(QStringLiteral("llava"));
    }

    void wrongCheckpoints()
    {
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        for (const QString& file : { QStringLiteral("model.safetensors"), QStringLiteral("generation_config.json") })
            QVERIFY(QFile::copy(m_case.checkpointDir() + QLatin1Char('/') + file, dir.filePath(file)));
        QFile in(m_case.checkpointDir() + QStringLiteral("/config.json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QJsonObject config = QJsonDocument::fromJson(in.readAll()).object();
        config.insert(key, value);
        QFile out(dir.filePath(QStringLiteral("config.json")));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(config).toJson());
        out.close();
        QVERIFY_THROWS_EXCEPTION(engine::LoadError, engine::Model::load(dir.path().toStdString()));
    }
};

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
