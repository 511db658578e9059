// LocalBackend with the real engine on the CPU: a tiny random checkpoint from `vlmprobe-engine make-tiny`, a
// small PNG, and the paper's prompt layout. Expected values come from an independent path: the engine tool run as
// a separate process (tokenize, generate, logits, score), never from the backend's own code.

#include "backends/local_backend.h"
#include "probe/prompt_assembly.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <memory>

using namespace vlmprobe;

namespace {

constexpr int kWaitMs = 180'000; // the shared build machine is slow

struct ToolRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

ToolRun runTool(const QStringList& arguments)
{
    QProcess process;
    process.start(QStringLiteral(VLMPROBE_ENGINE_TOOL), arguments);
    process.waitForFinished(kWaitMs);
    return { process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError() };
}

QList<qint64> idList(const QJsonArray& array)
{
    QList<qint64> ids;
    for (const QJsonValue& value : array)
        ids.append(value.toInteger());
    return ids;
}

QList<qint64> runIds(const Run& run)
{
    QList<qint64> ids;
    for (const QJsonValue& token : run.tokenLogprobs.value(QStringLiteral("content")).toArray())
        ids.append(token.toObject().value(QStringLiteral("id")).toInteger());
    return ids;
}

// The last row of a float32 .npy matrix as written by `vlmprobe-engine logits`.
QList<float> lastNpyRow(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = file.readAll();
    const int headerLength = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
    const QString header = QString::fromLatin1(bytes.mid(10, headerLength));
    const QRegularExpressionMatch shape
        = QRegularExpression(QStringLiteral(R"('shape': \((\d+), (\d+)\))")).match(header);
    const qsizetype rows = shape.captured(1).toLongLong();
    const qsizetype cols = shape.captured(2).toLongLong();
    QList<float> row(cols);
    std::memcpy(row.data(), bytes.constData() + 10 + headerLength + (rows - 1) * cols * 4, cols * sizeof(float));
    return row;
}

} // namespace

class TestLocalBackend : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_model;
    QString m_imagePath;
    StoredImage m_image;
    Sample m_sample;
    std::unique_ptr<LocalBackend> m_backend;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    RunJob makeJob(qint64 requestId, int maxNewTokens, const QString& prefill = {}) const
    {
        RunJob job;
        job.requestId = requestId;
        job.modelId = 7;
        job.sample = m_sample;
        job.condition.id = 11;
        job.condition.sampleId = m_sample.id;
        job.prompt = assemblePrompt(m_sample, job.condition, PromptSettings {});
        if (!prefill.isEmpty())
            job.prompt.prefill.append(PrefillSegment { prefill, {}, QStringLiteral("think-prefix") });
        job.image = m_image;
        job.decode.maxNewTokens = maxNewTokens;
        // The tiny checkpoint's own preprocessor bounds, so that the tool (which uses them) sees the same image.
        job.decode.minPixels = 64;
        job.decode.maxPixels = 262144;
        job.decode.topAlternatives = 3;
        job.determiningHash = QStringLiteral("hash-%1").arg(requestId);
        return job;
    }

    // Submits `job` and waits for its terminal signal.
    Run runToEnd(LocalBackend& backend, const RunJob& job, QList<StreamedToken>* streamed = nullptr)
    {
        QSignalSpy finished(&backend, &LocalBackend::runFinished);
        QSignalSpy failed(&backend, &LocalBackend::runFailed);
        QSignalSpy tokens(&backend, &LocalBackend::tokensStreamed);
        backend.submit(job);
        if (!QTest::qWaitFor([&] { return !finished.isEmpty() || !failed.isEmpty(); }, kWaitMs))
            return {};
        if (!failed.isEmpty()) {
            qWarning("run failed: %s", qPrintable(failed.first().at(1).toString()));
            return {};
        }
        if (streamed) {
            for (const QList<QVariant>& batch : tokens) {
                if (batch.at(0).toLongLong() == job.requestId)
                    streamed->append(batch.at(1).value<QList<StreamedToken>>());
            }
        }
        return finished.first().at(1).value<Run>();
    }

    // The unexpanded prompt ids as the tool's tokenizer gives them for `text`, written to a JSON ids file.
    QList<qint64> toolTokenize(const QString& text)
    {
        const ToolRun run = runTool(
            { QStringLiteral("tokenize"), QStringLiteral("--tokenizer"), m_model, QStringLiteral("--text"), text });
        return idList(QJsonDocument::fromJson(run.out).array());
    }

    QString writeIds(const QString& name, const QList<qint64>& ids)
    {
        QJsonArray array;
        for (const qint64 id : ids)
            array.append(id);
        QFile file(path(name));
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(QJsonDocument(array).toJson(QJsonDocument::Compact));
        return file.fileName();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_model = path(QStringLiteral("tiny"));
        const ToolRun made = runTool({ QStringLiteral("make-tiny"), QStringLiteral("--out"), m_model,
            QStringLiteral("--seed"), QStringLiteral("1") });
        QVERIFY2(made.exitCode == 0, made.err.constData());

        // 20 x 12 pixels: a multiple of the tiny model's 4-pixel resize factor, so 5 x 3 merged units = 15 tokens.
        QImage image(20, 12, QImage::Format_RGB888);
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x)
                image.setPixelColor(x, y, x < 10 ? QColor(220, 30, 30) : QColor(30, 40, 200 - 10 * y));
        }
        QBuffer buffer(&m_image.bytes);
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QVERIFY(image.save(&buffer, "PNG"));
        m_image.sha256
            = QString::fromLatin1(QCryptographicHash::hash(m_image.bytes, QCryptographicHash::Sha256).toHex());
        m_image.format = QStringLiteral("png");
        m_image.width = 20;
        m_image.height = 12;
        m_imagePath = path(QStringLiteral("image.png"));
        QFile file(m_imagePath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(m_image.bytes);
        file.close();

        m_sample.id = 3;
        m_sample.question = QStringLiteral("Which shape is larger?");
        m_sample.options = { QStringLiteral("red"), QStringLiteral("blue"), QStringLiteral("green") };
        m_sample.goldAnswer = QStringLiteral("B");
        m_sample.imageHash = m_image.sha256;

        m_backend = std::make_unique<LocalBackend>();
        QSignalSpy started(m_backend.get(), &LocalBackend::modelLoadStarted);
        QSignalSpy loaded(m_backend.get(), &LocalBackend::modelLoaded);
        QSignalSpy failed(m_backend.get(), &LocalBackend::modelLoadFailed);
        m_backend->loadModel({ m_model, QStringLiteral("cpu"), QStringLiteral("auto"), 2 });
        QVERIFY(loaded.wait(kWaitMs));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(started.count(), 1);
        QCOMPARE(started.first().at(0).toString(), m_model);
        QVERIFY(m_backend->isModelLoaded());
    }

    void modelInfoDescribesTheCheckpoint()
    {
        const std::optional<LoadedModelInfo> info = m_backend->modelInfo();
        QVERIFY(info.has_value());
        QCOMPARE(info->name, QStringLiteral("tiny"));
        QCOMPARE(info->device, QStringLiteral("cpu"));
        QCOMPARE(info->precision, QStringLiteral("f32"));
        QVERIFY(!info->engineVersion.isEmpty());
        // The float32 safetensors file holds 4 bytes per parameter plus a JSON header of a few KiB.
        const qint64 fileSize = QFileInfo(m_model + QStringLiteral("/model.safetensors")).size();
        const qint64 header = fileSize - 4 * info->parameterCount;
        QVERIFY2(header > 8 && header < 65536, qPrintable(QString::number(header)));
    }

    void greedyRunMatchesTheEngineTool()
    {
        QList<StreamedToken> streamed;
        const Run run = runToEnd(*m_backend, makeJob(1, 12), &streamed);
        QCOMPARE(run.status, RunStatus::Done);
        QCOMPARE(run.conditionId, 11);
        QCOMPARE(run.modelId, 7);
        QCOMPARE(run.determiningHash, QStringLiteral("hash-1"));
        QCOMPARE(run.prefillMechanism, PrefillMechanism::None);
        QCOMPARE(run.completionTokens, std::optional<qint64>(12));
        QCOMPARE(streamed.size(), 12);
        QString concatenated;
        for (int i = 0; i < streamed.size(); ++i) {
            QCOMPARE(streamed[i].index, i);
            QCOMPARE(streamed[i].alternatives.size(), 3);
            concatenated += streamed[i].text;
        }
        QCOMPARE(concatenated, run.completion);
        QVERIFY(run.renderedPrompt.startsWith(QStringLiteral("<|im_start|>system\nYou are a helpful assistant.")));
        QVERIFY(run.renderedPrompt.endsWith(QStringLiteral("<|im_start|>assistant\n")));
        // 15 image tokens replace the one <|image_pad|> of the rendered prompt.
        const QList<qint64> promptIds = toolTokenize(run.renderedPrompt);
        QCOMPARE(run.promptTokens, std::optional<qint64>(promptIds.size() + 14));

        const ToolRun generated = runTool({ QStringLiteral("generate"), QStringLiteral("--model"), m_model,
            QStringLiteral("--image"), m_imagePath, QStringLiteral("--ids-file"),
            writeIds(QStringLiteral("prompt.json"), promptIds), QStringLiteral("--greedy"),
            QStringLiteral("--max-new-tokens"), QStringLiteral("12"), QStringLiteral("--json") });
        QVERIFY2(generated.exitCode == 0, generated.err.constData());
        const QJsonObject expected = QJsonDocument::fromJson(generated.out).object();
        QCOMPARE(runIds(run), idList(expected.value(QStringLiteral("ids")).toArray()));
        QCOMPARE(run.completion, expected.value(QStringLiteral("text")).toString());
        QCOMPARE(run.metadata.value(QStringLiteral("stop_reason")).toString(),
            expected.value(QStringLiteral("stop_reason")).toString());

        // No "<answer>" in the completion: the letters are read after "\n<answer>" appended to the run's tokens.
        QVERIFY(!run.completion.contains(QStringLiteral("<answer>")));
        QVERIFY(!run.completion.contains(QStringLiteral("<think>")));
        QCOMPARE(run.metadata.value(QStringLiteral("letter_position")).toString(), QStringLiteral("forced"));
        QCOMPARE(run.optionDistribution.size(), 3);
        const double pA = run.optionDistribution.value(QStringLiteral("A")).toDouble();
        const double pB = run.optionDistribution.value(QStringLiteral("B")).toDouble();
        const double pC = run.optionDistribution.value(QStringLiteral("C")).toDouble();
        QVERIFY(std::abs(pA + pB + pC - 1.0) < 1e-9);
        QCOMPARE(run.pCorrect, std::optional<double>(pB));
        QVERIFY(run.entropy.has_value());
        QVERIFY(std::abs(*run.entropy + pA * std::log(pA) + pB * std::log(pB) + pC * std::log(pC)) < 1e-9);

        // Independent: the tool's logits after prompt + generated ids + "\n<answer>", softmax over the letters.
        QList<qint64> scored = promptIds + runIds(run);
        scored += toolTokenize(QStringLiteral("\n<answer>"));
        const QString npy = path(QStringLiteral("logits.npy"));
        const ToolRun logits = runTool({ QStringLiteral("logits"), QStringLiteral("--model"), m_model,
            QStringLiteral("--image"), m_imagePath, QStringLiteral("--ids-file"),
            writeIds(QStringLiteral("scored.json"), scored), QStringLiteral("--out"), npy });
        QVERIFY2(logits.exitCode == 0, logits.err.constData());
        const QList<float> row = lastNpyRow(npy);
        QVERIFY(!row.isEmpty());
        double total = 0;
        double letters[3] = {};
        double vocabularyMass = 0;
        float maximum = row.front();
        for (const float z : row)
            maximum = std::max(maximum, z);
        for (const float z : row)
            vocabularyMass += std::exp(double(z - maximum));
        for (int i = 0; i < 3; ++i) {
            const QList<qint64> letter = toolTokenize(QString(QChar(u'A' + i)));
            QCOMPARE(letter.size(), 1);
            letters[i] = std::exp(double(row[letter.front()] - maximum));
            total += letters[i];
        }
        QVERIFY(std::abs(pA - letters[0] / total) < 1e-4);
        QVERIFY(std::abs(pB - letters[1] / total) < 1e-4);
        QVERIFY(std::abs(pC - letters[2] / total) < 1e-4);
        QVERIFY(std::abs(*run.letterMass - total / vocabularyMass) < 1e-4);

        const QStringList timingKeys { QStringLiteral("vision_ms"), QStringLiteral("prefill_ms"),
            QStringLiteral("decode_ms"), QStringLiteral("scoring_ms"), QStringLiteral("total_ms"),
            QStringLiteral("first_token_ms") };
        for (const QString& key : timingKeys)
            QVERIFY2(run.timings.value(key).toDouble(-1) >= 0, qPrintable(key));

        // Attention read-out (on by default): the 5 x 3 merged grid of the 20 x 12 image, per token and averaged.
        double expectedMean[15] = {};
        for (const StreamedToken& token : streamed) {
            QCOMPARE(token.attentionRows, 3);
            QCOMPARE(token.attentionColumns, 5);
            QCOMPARE(token.imageAttention.size(), 15);
            double sum = 0;
            for (int i = 0; i < 15; ++i) {
                const float mass = token.imageAttention[i];
                QVERIFY(mass >= 0.0f && mass <= 1.0f);
                sum += mass;
                expectedMean[i] += mass / 12.0;
            }
            QVERIFY(sum <= 1.0 + 1e-5);
        }
        const QJsonObject attention = run.metadata.value(QStringLiteral("image_attention")).toObject();
        QCOMPARE(attention.value(QStringLiteral("rows")).toInt(), 3);
        QCOMPARE(attention.value(QStringLiteral("columns")).toInt(), 5);
        const QJsonArray mass = attention.value(QStringLiteral("mass")).toArray();
        QCOMPARE(mass.size(), 15);
        double meanSum = 0;
        for (int i = 0; i < 15; ++i) {
            const double value = mass[i].toDouble(-1);
            QVERIFY(value >= 0 && value <= 1);
            QVERIFY(std::abs(value - expectedMean[i]) <= 0.5e-5 + 1e-7);
            QCOMPARE(std::round(value * 1e5) / 1e5, value); // stored with 5 decimals
            meanSum += value;
        }
        QVERIFY(meanSum > 0 && meanSum <= 1.0 + 1e-4);
    }

    void attentionReadoutOffRecordsNone()
    {
        RunJob job = makeJob(21, 2);
        job.decode.attentionReadout = false;
        QList<StreamedToken> streamed;
        const Run run = runToEnd(*m_backend, job, &streamed);
        QCOMPARE(run.status, RunStatus::Done);
        QCOMPARE(streamed.size(), 2);
        for (const StreamedToken& token : streamed) {
            QVERIFY(token.imageAttention.isEmpty());
            QCOMPARE(token.attentionRows, 0);
        }
        QVERIFY(!run.metadata.contains(QStringLiteral("image_attention")));
        QCOMPARE(run.decodeParameters.value(QStringLiteral("attention_readout")).toBool(true), false);
    }

    void answerForcingPrefillIsScoredWhereItEnds()
    {
        // No generated tokens: the letters are read right after the prefill's "<answer>", as the tool's score does.
        const QString prefill = QStringLiteral("<think>The red one is larger.</think>\n<answer>");
        const Run run = runToEnd(*m_backend, makeJob(2, 0, prefill));
        QCOMPARE(run.status, RunStatus::Done);
        QCOMPARE(run.prefill, prefill);
        QCOMPARE(run.prefillMechanism, PrefillMechanism::RawAppend);
        QCOMPARE(run.completion, QString());
        QCOMPARE(run.metadata.value(QStringLiteral("letter_position")).toString(), QStringLiteral("prefill"));
        QVERIFY(run.metadata.value(QStringLiteral("prefix_reused_tokens")).toInteger() > 0);

        const AssembledPrompt prompt = makeJob(2, 0).prompt;
        const ToolRun score = runTool({ QStringLiteral("score"), QStringLiteral("--model"), m_model,
            QStringLiteral("--image"), m_imagePath, QStringLiteral("--prompt"), prompt.userText,
            QStringLiteral("--prefill"), prefill, QStringLiteral("--options"), QStringLiteral("A,B,C") });
        QVERIFY2(score.exitCode == 0, score.err.constData());
        const QJsonObject expected = QJsonDocument::fromJson(score.out).object();
        const QJsonObject probabilities = expected.value(QStringLiteral("probabilities")).toObject();
        for (const QString& letter : { QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C") }) {
            QVERIFY2(std::abs(run.optionDistribution.value(letter).toDouble() - probabilities.value(letter).toDouble())
                    < 1e-4,
                qPrintable(letter));
        }
        QVERIFY(std::abs(*run.letterMass - expected.value(QStringLiteral("letter_mass")).toDouble()) < 1e-4);
    }

    void prefixReuseGivesTheColdResult()
    {
        const Run first = runToEnd(*m_backend, makeJob(3, 6, QStringLiteral("<think>The red one")));
        QCOMPARE(first.status, RunStatus::Done);
        const Run warm = runToEnd(*m_backend, makeJob(4, 6, QStringLiteral("<think>The blue one")));
        QCOMPARE(warm.status, RunStatus::Done);
        QVERIFY(warm.metadata.value(QStringLiteral("prefix_reused_tokens")).toInteger() > 0);

        LocalBackend cold;
        QSignalSpy loaded(&cold, &LocalBackend::modelLoaded);
        cold.loadModel({ m_model, QStringLiteral("cpu"), QStringLiteral("f32"), 2 });
        QVERIFY(loaded.wait(kWaitMs));
        const Run reference = runToEnd(cold, makeJob(4, 6, QStringLiteral("<think>The blue one")));
        QCOMPARE(reference.status, RunStatus::Done);
        QCOMPARE(reference.metadata.value(QStringLiteral("prefix_reused_tokens")).toInteger(), 0);
        QCOMPARE(runIds(warm), runIds(reference));
        QCOMPARE(warm.completion, reference.completion);
        QCOMPARE(warm.promptTokens, reference.promptTokens);
        for (const QString& letter : { QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C") }) {
            QVERIFY(std::abs(warm.optionDistribution.value(letter).toDouble()
                        - reference.optionDistribution.value(letter).toDouble())
                < 1e-4);
        }
    }

    void cancelMidRunReturnsThePartialRun()
    {
        QSignalSpy tokens(m_backend.get(), &LocalBackend::tokensStreamed);
        QSignalSpy finished(m_backend.get(), &LocalBackend::runFinished);
        m_backend->submit(makeJob(5, 1000));
        QVERIFY(tokens.wait(kWaitMs));
        QElapsedTimer sinceCancel;
        sinceCancel.start();
        m_backend->cancel(5);
        QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, kWaitMs));
        QVERIFY2(sinceCancel.elapsed() < 10'000, qPrintable(QString::number(sinceCancel.elapsed())));
        const Run run = finished.first().at(1).value<Run>();
        QCOMPARE(run.status, RunStatus::Cancelled);
        QCOMPARE(run.metadata.value(QStringLiteral("stop_reason")).toString(), QStringLiteral("cancelled"));
        QVERIFY(run.completionTokens.value_or(0) >= 1);
        QVERIFY(run.completionTokens.value_or(1000) < 1000);
        QVERIFY(run.optionDistribution.isEmpty());
        QString streamed;
        for (const QList<QVariant>& batch : tokens) {
            for (const StreamedToken& token : batch.at(1).value<QList<StreamedToken>>())
                streamed += token.text;
        }
        QCOMPARE(streamed, run.completion);
    }

    void submitLatestCancelsThePrevious()
    {
        QSignalSpy tokens(m_backend.get(), &LocalBackend::tokensStreamed);
        QSignalSpy finished(m_backend.get(), &LocalBackend::runFinished);
        m_backend->submit(makeJob(6, 1000));
        m_backend->submit(makeJob(7, 1000));
        QVERIFY(tokens.wait(kWaitMs));
        m_backend->submitLatest(makeJob(8, 4));
        QVERIFY(QTest::qWaitFor([&] { return finished.size() == 3; }, kWaitMs));
        QCOMPARE(finished[0].at(0).toLongLong(), 6);
        QCOMPARE(finished[0].at(1).value<Run>().status, RunStatus::Cancelled);
        QCOMPARE(finished[1].at(0).toLongLong(), 7);
        QCOMPARE(finished[1].at(1).value<Run>().status, RunStatus::Cancelled);
        QCOMPARE(finished[1].at(1).value<Run>().completion, QString());
        QCOMPARE(finished[2].at(0).toLongLong(), 8);
        QCOMPARE(finished[2].at(1).value<Run>().status, RunStatus::Done);
        QCOMPARE(finished[2].at(1).value<Run>().completionTokens, std::optional<qint64>(4));
    }

    void badImageFailsAndTheBackendStaysUsable()
    {
        QSignalSpy failed(m_backend.get(), &LocalBackend::runFailed);
        RunJob job = makeJob(9, 2);
        job.image.bytes = QByteArrayLiteral("not an image at all");
        m_backend->submit(job);
        QVERIFY(failed.wait(kWaitMs));
        QCOMPARE(failed.first().at(0).toLongLong(), 9);
        const QString error = failed.first().at(1).toString();
        QVERIFY2(error.contains(QStringLiteral("could not be decoded")), qPrintable(error));
        QVERIFY(!error.contains(u'\n'));
        QCOMPARE(runToEnd(*m_backend, makeJob(10, 2)).status, RunStatus::Done);
    }

    void completionMatchesTheEngineTool()
    {
        QSignalSpy finished(m_backend.get(), &LocalBackend::completionFinished);
        CompletionJob job;
        job.requestId = 12;
        job.userText = QStringLiteral("Which shape is larger?");
        job.decode.maxNewTokens = 8;
        m_backend->submitCompletion(job);
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(finished.first().at(0).toLongLong(), 12);
        const ToolRun generated = runTool({ QStringLiteral("generate"), QStringLiteral("--model"), m_model,
            QStringLiteral("--prompt"), job.userText, QStringLiteral("--greedy"), QStringLiteral("--max-new-tokens"),
            QStringLiteral("8"), QStringLiteral("--json") });
        QVERIFY2(generated.exitCode == 0, generated.err.constData());
        // The tool prints special tokens (<|im_end|>, <|object_ref_start|> ...); the backend's text drops them.
        QString expected = QJsonDocument::fromJson(generated.out).object().value(QStringLiteral("text")).toString();
        expected.remove(QRegularExpression(QStringLiteral(R"(<\|[a-z_]+\|>)")));
        QCOMPARE(finished.first().at(1).toString(), expected);
    }

    void missingOrCorruptCheckpointFailsToLoad()
    {
        LocalBackend backend;
        QSignalSpy failed(&backend, &LocalBackend::modelLoadFailed);
        backend.loadModel({ path(QStringLiteral("missing")) });
        QVERIFY(failed.wait(kWaitMs));
        QVERIFY2(failed.first().at(0).toString().contains(QStringLiteral("missing")),
            qPrintable(failed.first().at(0).toString()));
        QVERIFY(!backend.isModelLoaded());
        QVERIFY(!backend.modelInfo().has_value());

        const QString corrupt = path(QStringLiteral("corrupt"));
        QVERIFY(QDir().mkpath(corrupt));
        for (const char* file :
            { "config.json", "generation_config.json", "preprocessor_config.json", "tokenizer.json" })
            QVERIFY(QFile::copy(m_model + u'/' + QLatin1String(file), corrupt + u'/' + QLatin1String(file)));
        QFile weights(corrupt + QStringLiteral("/model.safetensors"));
        QVERIFY(weights.open(QIODevice::WriteOnly));
        weights.write(QByteArrayLiteral("\x10\x00\x00\x00\x00\x00\x00\x00{\"broken\": tru"));
        weights.close();
        backend.loadModel({ corrupt });
        QVERIFY(failed.wait(kWaitMs));
        QVERIFY(!failed.last().at(0).toString().isEmpty());
        QVERIFY(!backend.isModelLoaded());

        QSignalSpy runFailed(&backend, &LocalBackend::runFailed);
        backend.submit(makeJob(13, 2));
        QVERIFY(runFailed.wait(kWaitMs));
        QCOMPARE(runFailed.first().at(1).toString(), QStringLiteral("no model is loaded"));
    }

    void deletingMidRunDoesNotHang()
    {
        auto backend = std::make_unique<LocalBackend>();
        QSignalSpy loaded(backend.get(), &LocalBackend::modelLoaded);
        QSignalSpy tokens(backend.get(), &LocalBackend::tokensStreamed);
        backend->loadModel({ m_model });
        QVERIFY(loaded.wait(kWaitMs));
        backend->submit(makeJob(14, 1000));
        backend->submit(makeJob(15, 1000));
        QVERIFY(tokens.wait(kWaitMs));
        QElapsedTimer timer;
        timer.start();
        backend.reset();
        QVERIFY2(timer.elapsed() < 10'000, qPrintable(QString::number(timer.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestLocalBackend)
#include "tst_local_backend.moc"
