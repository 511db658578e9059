// The network subcommands of vlmprobe-engine (logits, generate, score, make-tiny, bench) run as a user would run
// them: logits and greedy continuations against the goldens (images decoded and preprocessed by the tool itself),
// make-tiny checkpoints that load, tokenize and generate, and one-line errors for bad input.

#include "golden_case.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace vlmprobe;

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runTool(const QStringList& arguments)
{
    QProcess process;
    process.start(QStringLiteral(VLMPROBE_ENGINE_TOOL), arguments);
    Run run;
    if (!process.waitForFinished(120000)) {
        process.kill();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QString writeIds(const QTemporaryDir& dir, const QString& name, const std::vector<std::int32_t>& ids)
{
    QJsonArray array;
    for (const std::int32_t id : ids)
        array.append(id);
    QFile file(dir.filePath(name));
    file.open(QIODevice::WriteOnly);
    file.write(QJsonDocument(array).toJson(QJsonDocument::Compact));
    return file.fileName();
}

} // namespace

class TestEngineCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void logitsMatchGolden_data()
    {
        QTest::addColumn<QString>("checkpoint");
        QTest::addColumn<QString>("name");
        QTest::newRow("flat one image") << QStringLiteral("flat_f32") << QStringLiteral("one_image");
        QTest::newRow("nested two images") << QStringLiteral("nested_tied_bf16") << QStringLiteral("two_images");
        QTest::newRow("flat text only") << QStringLiteral("flat_f32") << QStringLiteral("text_only");
    }

    void logitsMatchGolden()
    {
        QFETCH(QString, checkpoint);
        QFETCH(QString, name);
        const test::GoldenCase c = test::loadGoldenCase(checkpoint, name);
        const QString ids = writeIds(m_dir, name + QStringLiteral(".json"), c.promptSpecIds());
        const QString out = m_dir.filePath(checkpoint + name + QStringLiteral(".npy"));
        QStringList arguments { QStringLiteral("logits"), QStringLiteral("--model"), c.checkpointDir(),
            QStringLiteral("--ids-file"), ids, QStringLiteral("--out"), out };
        for (const QString& image : c.imageFiles())
            arguments << QStringLiteral("--image") << image;
        const Run run = runTool(arguments);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const engine::FloatArray actual = test::readFloatNpy(out);
        const engine::FloatArray expected = test::readFloatNpy(c.path(QStringLiteral("prefill_logits.npy")));
        QCOMPARE(actual.shape, expected.shape);
        const QString diff = test::compareScaled(actual, expected, 1e-4);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void generateMatchesGolden_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("run");
        QTest::addColumn<QStringList>("extra");
        QTest::newRow("penalty 1.05 from generation_config")
            << QStringLiteral("one_image") << QStringLiteral("rp1.05") << QStringList {};
        QTest::newRow("penalty 1") << QStringLiteral("two_images") << QStringLiteral("rp1")
                                   << QStringList { QStringLiteral("--repetition-penalty"), QStringLiteral("1") };
    }

    void generateMatchesGolden()
    {
        QFETCH(QString, name);
        QFETCH(QString, run);
        QFETCH(QStringList, extra);
        const test::GoldenCase c = test::loadGoldenCase(QStringLiteral("flat_f32"), name);
        const QJsonObject spec = c.json.value(QStringLiteral("generation")).toObject().value(run).toObject();
        QStringList arguments { QStringLiteral("generate"), QStringLiteral("--model"), c.checkpointDir(),
            QStringLiteral("--ids-file"), writeIds(m_dir, name + run + QStringLiteral(".json"), c.promptSpecIds()),
            QStringLiteral("--greedy"), QStringLiteral("--max-new-tokens"), QStringLiteral("16"),
            QStringLiteral("--json") };
        for (const QString& image : c.imageFiles())
            arguments << QStringLiteral("--image") << image;
        const Run result = runTool(arguments + extra);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(result.out).object();
        QCOMPARE(test::jsonIds(json.value(QStringLiteral("ids"))), test::jsonIds(spec.value(QStringLiteral("tokens"))));
        QCOMPARE(json.value(QStringLiteral("stop_reason")).toString(), QStringLiteral("max_tokens"));
        QCOMPARE(json.value(QStringLiteral("tokens")).toArray().size(), 16);
    }

    void makeTinyLoadsAndGenerates_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::newRow("flat f32") << QStringList {};
        QTest::newRow("nested tied bf16") << QStringList { QStringLiteral("--layout"), QStringLiteral("nested"),
            QStringLiteral("--tie"), QStringLiteral("--dtype"), QStringLiteral("bf16"), QStringLiteral("--vocab"),
            QStringLiteral("1000"), QStringLiteral("--seed"), QStringLiteral("3") };
    }

    void makeTinyLoadsAndGenerates()
    {
        QFETCH(QStringList, options);
        const QString model
            = m_dir.filePath(QStringLiteral("tiny") + QString::number(qHash(options.join(QLatin1Char(' ')))));
        Run run = runTool(QStringList { QStringLiteral("make-tiny"), QStringLiteral("--out"), model } + options);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        for (const char* file : { "config.json", "model.safetensors", "generation_config.json",
                 "preprocessor_config.json", "tokenizer.json" })
            QVERIFY(QFile::exists(model + QLatin1Char('/') + QLatin1String(file)));

        // Chat prompt through the tokenizer, with an image, streamed as JSON.
        const QString image
            = test::loadGoldenCase(QStringLiteral("flat_f32"), QStringLiteral("one_image")).imageFiles().front();
        run = runTool({ QStringLiteral("generate"), QStringLiteral("--model"), model, QStringLiteral("--image"), image,
            QStringLiteral("--prompt"), QStringLiteral("Which shape is larger?"), QStringLiteral("--prefill"),
            QStringLiteral("<think>"), QStringLiteral("--max-new-tokens"), QStringLiteral("8"),
            QStringLiteral("--temperature"), QStringLiteral("0.8"), QStringLiteral("--seed"), QStringLiteral("5"),
            QStringLiteral("--json") });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        const int count = json.value(QStringLiteral("tokens")).toArray().size();
        QVERIFY(count >= 1 && count <= 8);
        QVERIFY(json.value(QStringLiteral("prompt_tokens")).toInt() > 30);

        // Letter distribution: one token per letter, probabilities summing to one.
        run = runTool({ QStringLiteral("score"), QStringLiteral("--model"), model, QStringLiteral("--image"), image,
            QStringLiteral("--prompt"), QStringLiteral("Which one? A. red B. blue C. green"),
            QStringLiteral("--options"), QStringLiteral("A,B,C"), QStringLiteral("--prefill"),
            QStringLiteral("<answer>") });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject score = QJsonDocument::fromJson(run.out).object();
        const QJsonObject p = score.value(QStringLiteral("probabilities")).toObject();
        QCOMPARE(p.size(), 3);
        const double sum = p.value(QStringLiteral("A")).toDouble() + p.value(QStringLiteral("B")).toDouble()
            + p.value(QStringLiteral("C")).toDouble();
        QVERIFY(std::fabs(sum - 1.0) < 1e-9);
        QVERIFY(score.value(QStringLiteral("letter_mass")).toDouble() > 0.0);
    }

    void bench()
    {
        const QString model = QStringLiteral(VLMPROBE_SHARED_DIR "/golden/checkpoints/flat_f32");
        const Run run = runTool({ QStringLiteral("bench"), QStringLiteral("--model"), model, QStringLiteral("--json"),
            QStringLiteral("--new-tokens"), QStringLiteral("8"), QStringLiteral("--image-size"),
            QStringLiteral("32") });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QVERIFY(json.value(QStringLiteral("decode_tokens_per_s")).toDouble() > 0.0);
        QCOMPARE(json.value(QStringLiteral("variants")).toInt(), 8);
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        const QString model = QStringLiteral(VLMPROBE_SHARED_DIR "/golden/checkpoints/flat_f32");
        const QString outOfVocabulary = writeIds(m_dir, QStringLiteral("bad.json"), { 501, 9999 });
        const QString onePad = writeIds(m_dir, QStringLiteral("pad.json"), { 501, 503, 506, 504 });
        const QString out = m_dir.filePath(QStringLiteral("bad.npy"));
        QTest::newRow("id outside the vocabulary") << QStringList { QStringLiteral("logits"), QStringLiteral("--model"),
            model, QStringLiteral("--ids-file"), outOfVocabulary, QStringLiteral("--out"), out }
                                                   << 1;
        QTest::newRow("image pad without an image") << QStringList { QStringLiteral("logits"),
            QStringLiteral("--model"), model, QStringLiteral("--ids-file"), onePad, QStringLiteral("--out"), out }
                                                    << 1;
        QTest::newRow("missing checkpoint") << QStringList { QStringLiteral("generate"), QStringLiteral("--model"),
            m_dir.filePath(QStringLiteral("none")), QStringLiteral("--ids-file"), onePad }
                                            << 1;
        QTest::newRow("prompt without tokenizer") << QStringList { QStringLiteral("generate"),
            QStringLiteral("--model"), model, QStringLiteral("--prompt"), QStringLiteral("hi") }
                                                  << 1;
        QTest::newRow("greedy and sampling") << QStringList { QStringLiteral("generate"), QStringLiteral("--model"),
            model, QStringLiteral("--ids-file"), onePad, QStringLiteral("--greedy"), QStringLiteral("--temperature"),
            QStringLiteral("0.5") } << 2;
        QTest::newRow("bad layout") << QStringList { QStringLiteral("make-tiny"), QStringLiteral("--out"), out,
            QStringLiteral("--layout"), QStringLiteral("round") }
                                    << 2;
    }

    void badInput()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        const Run run = runTool(arguments);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY(!run.err.trimmed().isEmpty());
        QCOMPARE(run.err.trimmed().count('\n'), 0);
    }
};

QTEST_GUILESS_MAIN(TestEngineCli)
#include "tst_engine_cli.moc"
