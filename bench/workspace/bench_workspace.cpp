// bench_workspace: fills a workspace the size of a large study (100k samples, 200k conditions, 100k queued and 1M
// finished runs) through the repositories, then pages and filters through it as the sample browser does, and prints
// rows/s (wall clock and per CPU-second) and page latencies. Baselines measured in the same invocation: the same
// inserts without a transaction (each row its own commit, on a small subset) and the same finished-run rows through
// the raw sqlite3 C API with one prepared statement (the SQLite floor).
//
//     bench_workspace [--samples N] [--runs N] [--dir PATH] [--keep]

#include "workspace/condition_repository.h"
#include "workspace/dataset_repository.h"
#include "workspace/model_repository.h"
#include "workspace/run_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/transaction.h"
#include "workspace/workspace.h"
#include "workspace/workspace_error.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <sqlite3.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

using namespace vlmprobe;

namespace {

const QStringList kCategories { QStringLiteral("counting"), QStringLiteral("spatial relation"), QStringLiteral("depth"),
    QStringLiteral("distance"), QStringLiteral("colour"), QStringLiteral("size"), QStringLiteral("orientation"),
    QStringLiteral("occlusion") };
const QStringList kWords { QStringLiteral("cube"), QStringLiteral("sphere"), QStringLiteral("cylinder"),
    QStringLiteral("red"), QStringLiteral("blue"), QStringLiteral("left"), QStringLiteral("right"),
    QStringLiteral("behind"), QStringLiteral("front"), QStringLiteral("closer"), QStringLiteral("camera"),
    QStringLiteral("table"), QStringLiteral("chair"), QStringLiteral("lamp"), QStringLiteral("larger"),
    QStringLiteral("how"), QStringLiteral("many"), QStringLiteral("which"), QStringLiteral("object"),
    QStringLiteral("image"), QStringLiteral("the"), QStringLiteral("is"), QStringLiteral("of"), QStringLiteral("a") };

void print(const char* format, auto... values)
{
    std::printf(format, values...);
    std::fflush(stdout);
}

QString words(QRandomGenerator& random, int count)
{
    QStringList picked;
    for (int i = 0; i < count; ++i)
        picked.append(kWords[random.bounded(kWords.size())]);
    return picked.join(u' ');
}

// A finished run as the local backend writes it: a few hundred characters of reasoning, an option distribution,
// timings and decode parameters. The ids and the determining hash are set per row by the caller.
Run makeRunTemplate(QRandomGenerator& random)
{
    Run run;
    run.prefillMechanism = PrefillMechanism::RawAppend;
    run.thinkText = words(random, 45);
    const QString letter = QString(QChar(u'A' + random.bounded(4)));
    run.completion = run.thinkText + QStringLiteral("</think><answer>") + letter + QStringLiteral("</answer>");
    run.answerText = letter;
    run.parsedOption = letter;
    run.correct = random.bounded(2) == 0;
    const double pA = random.generateDouble();
    run.optionDistribution = { { QStringLiteral("A"), pA }, { QStringLiteral("B"), (1 - pA) / 2 },
        { QStringLiteral("C"), (1 - pA) / 4 }, { QStringLiteral("D"), (1 - pA) / 4 } };
    run.entropy = random.generateDouble() * 1.386;
    run.pCorrect = random.generateDouble();
    run.letterMass = 0.9 + random.generateDouble() / 10;
    run.promptTokens = 1200 + random.bounded(300);
    run.completionTokens = 60 + random.bounded(200);
    run.timings = { { QStringLiteral("prefill_ms"), 180.5 }, { QStringLiteral("decode_ms"), 1500.25 } };
    run.decodeParameters = { { QStringLiteral("temperature"), 0 }, { QStringLiteral("max_new_tokens"), 1024 } };
    run.seed = 1234;
    run.engineVersion = QStringLiteral("0.1.0");
    run.status = RunStatus::Done;
    run.finishedAt = QDateTime::currentDateTimeUtc();
    return run;
}

// A queued run as a runner enqueues a grid: no result yet.
Run makeQueuedTemplate()
{
    Run run;
    run.prefillMechanism = PrefillMechanism::RawAppend;
    run.decodeParameters = { { QStringLiteral("temperature"), 0 }, { QStringLiteral("max_new_tokens"), 1024 } };
    run.seed = 1234;
    run.status = RunStatus::Queued;
    return run;
}

struct Latency {
    double coldMs = 0;
    double medianMs = 0;
    double maxMs = 0;
};

Latency measure(const std::function<void()>& action, int repetitions = 7)
{
    std::vector<double> times;
    for (int i = 0; i < repetitions; ++i) {
        QElapsedTimer timer;
        timer.start();
        action();
        times.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    Latency latency;
    latency.coldMs = times.front();
    std::sort(times.begin(), times.end());
    latency.medianMs = times[times.size() / 2];
    latency.maxMs = times.back();
    return latency;
}

double rate(qint64 rows, qint64 nanoseconds)
{
    return static_cast<double>(rows) / (static_cast<double>(nanoseconds) / 1e9);
}

// CPU time of this process (user + system), in nanoseconds. Rows per CPU-second are the figure that survives a
// machine shared with other jobs; wall-clock rows/s are printed beside them.
qint64 cpuNanoseconds()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    const auto ns = [](const timeval& t) { return qint64(t.tv_sec) * 1000000000 + qint64(t.tv_usec) * 1000; };
    return ns(usage.ru_utime) + ns(usage.ru_stime);
}

// Wall clock and CPU time of one phase.
class PhaseTimer {
public:
    PhaseTimer() { restart(); }
    void restart()
    {
        m_wall.start();
        m_cpu = cpuNanoseconds();
    }
    QString rates(qint64 rows) const
    {
        return QStringLiteral("%1 rows/s wall, %2 rows/CPU-s")
            .arg(rate(rows, m_wall.nsecsElapsed()), 9, 'f', 0)
            .arg(rate(rows, std::max<qint64>(1, cpuNanoseconds() - m_cpu)), 9, 'f', 0);
    }

private:
    QElapsedTimer m_wall;
    qint64 m_cpu = 0;
};

// A random 64-digit hex string, as a SHA-256 determining hash would look (random positions in the index).
QString randomHash(QRandomGenerator& random)
{
    quint32 words[8];
    random.fillRange(words);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(words), sizeof(words)).toHex());
}

// The SQLite floor: the same run rows, already serialised to UTF-8, through the C API with one prepared statement
// in one transaction (no Qt, no JSON or UTF-16 conversion per row).
void rawSqliteRunInserts(const QString& path, const std::vector<Run>& templates,
    const std::vector<qint64>& conditionIds, qint64 modelId, qint64 rows, QRandomGenerator& random)
{
    struct Encoded {
        QByteArray option, distribution, timings, decode, think, answer, completion, finished;
    };
    std::vector<Encoded> encoded;
    for (const Run& run : templates) {
        encoded.push_back({ run.parsedOption.toUtf8(),
            QJsonDocument(run.optionDistribution).toJson(QJsonDocument::Compact),
            QJsonDocument(run.timings).toJson(QJsonDocument::Compact),
            QJsonDocument(run.decodeParameters).toJson(QJsonDocument::Compact), run.thinkText.toUtf8(),
            run.answerText.toUtf8(), run.completion.toUtf8(), run.finishedAt.toString(Qt::ISODateWithMs).toUtf8() });
    }
    std::vector<QByteArray> hashes;
    std::vector<quint64> hashKeys;
    hashes.reserve(static_cast<size_t>(rows));
    for (qint64 n = 0; n < rows; ++n) {
        hashes.push_back(randomHash(random).toUtf8());
        hashKeys.push_back(random.generate64());
    }
    const QByteArray created = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8();

    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
        return;
    sqlite3_exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;", nullptr,
        nullptr, nullptr);
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(db,
        "INSERT INTO runs (condition_id, model_id, created_at, status, parsed_option, correct, entropy, p_correct, "
        "letter_mass, prompt_tokens, completion_tokens, seed, prefill_mechanism, determining_hash, engine_version, "
        "finished_at, option_distribution, timings, decode_parameters, think_text, answer_text, completion, hash_key) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        -1, &statement, nullptr);
    auto text = [&](int index, const QByteArray& bytes) {
        sqlite3_bind_text(statement, index, bytes.constData(), static_cast<int>(bytes.size()), SQLITE_STATIC);
    };
    PhaseTimer timer;
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    for (qint64 n = 0; n < rows; ++n) {
        const size_t t = static_cast<size_t>(n) % templates.size();
        const Run& run = templates[t];
        const Encoded& e = encoded[t];
        sqlite3_bind_int64(statement, 1, conditionIds[static_cast<size_t>(n) % conditionIds.size()]);
        sqlite3_bind_int64(statement, 2, modelId);
        text(3, created);
        sqlite3_bind_text(statement, 4, "done", -1, SQLITE_STATIC);
        text(5, e.option);
        sqlite3_bind_int(statement, 6, *run.correct ? 1 : 0);
        sqlite3_bind_double(statement, 7, *run.entropy);
        sqlite3_bind_double(statement, 8, *run.pCorrect);
        sqlite3_bind_double(statement, 9, *run.letterMass);
        sqlite3_bind_int64(statement, 10, *run.promptTokens);
        sqlite3_bind_int64(statement, 11, *run.completionTokens);
        sqlite3_bind_int64(statement, 12, *run.seed);
        sqlite3_bind_text(statement, 13, "raw-append", -1, SQLITE_STATIC);
        text(14, hashes[static_cast<size_t>(n)]);
        sqlite3_bind_text(statement, 15, "0.1.0", -1, SQLITE_STATIC);
        text(16, e.finished);
        text(17, e.distribution);
        text(18, e.timings);
        text(19, e.decode);
        text(20, e.think);
        text(21, e.answer);
        text(22, e.completion);
        sqlite3_bind_int64(statement, 23, static_cast<sqlite3_int64>(hashKeys[static_cast<size_t>(n)]));
        if (sqlite3_step(statement) != SQLITE_DONE)
            print("raw sqlite3 insert failed: %s\n", sqlite3_errmsg(db));
        sqlite3_reset(statement);
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    print("baseline: runs, raw sqlite3 C API       %8lld rows  %s (one transaction)\n", static_cast<long long>(rows),
        qPrintable(timer.rates(rows)));
    sqlite3_finalize(statement);
    sqlite3_close(db);
}

int runBench(qint64 sampleCount, qint64 runCount, const QString& path)
{
    print("workspace bench: %lld samples, %lld runs -> %s\n", static_cast<long long>(sampleCount),
        static_cast<long long>(runCount), qPrintable(path));
    QRandomGenerator random(2024);
    std::vector<qint64> conditionIds;
    std::vector<Run> templates;
    qint64 modelId = 0;
    qint64 datasetIds[3] = {};
    {
        auto ws = Workspace::create(path);
        {
            Transaction transaction(*ws);
            const char* names[] = { "CV-Bench", "3DSRBench", "WhatsUp" };
            for (int d = 0; d < 3; ++d) {
                Dataset dataset;
                dataset.name = QLatin1String(names[d]);
                datasetIds[d] = ws->datasets().insert(dataset);
            }
            ModelEntry model;
            model.name = QStringLiteral("SpaceR");
            modelId = ws->models().insert(model);
            transaction.commit();
        }

        // Samples, one transaction (the rows are built beforehand: the timer sees the workspace only).
        std::vector<Sample> samples;
        samples.reserve(static_cast<size_t>(sampleCount));
        for (qint64 n = 0; n < sampleCount; ++n) {
            Sample sample;
            sample.datasetId = datasetIds[n % 3];
            sample.externalId = QString::number(n);
            sample.sourceIndex = n;
            sample.category = kCategories[random.bounded(kCategories.size())];
            sample.question = words(random, 12) + u'?';
            for (int o = 0; o < 4; ++o)
                sample.options.append(words(random, 3));
            sample.goldAnswer = QString(QChar(u'A' + random.bounded(4)));
            samples.push_back(sample);
        }
        PhaseTimer timer;
        std::vector<qint64> sampleIds;
        sampleIds.reserve(samples.size());
        {
            Transaction transaction(*ws);
            for (const Sample& sample : samples)
                sampleIds.push_back(ws->samples().insert(sample));
            transaction.commit();
        }
        print("insert samples                          %8lld rows  %s (one transaction)\n",
            static_cast<long long>(sampleCount), qPrintable(timer.rates(sampleCount)));
        samples.clear();

        // Conditions: Base + one Wrong-Caption child per sample.
        timer.restart();
        {
            Transaction transaction(*ws);
            for (const qint64 sampleId : sampleIds) {
                Condition base;
                base.sampleId = sampleId;
                const qint64 baseId = ws->conditions().insert(base);
                Condition caption;
                caption.sampleId = sampleId;
                caption.kind = ConditionKind::WrongCaption;
                caption.parentId = baseId;
                caption.captionText = QStringLiteral("The red cube is to the left of the lamp.");
                caption.targetOption = QStringLiteral("B");
                conditionIds.push_back(baseId);
                conditionIds.push_back(ws->conditions().insert(caption));
            }
            transaction.commit();
        }
        const auto conditionCount = static_cast<qint64>(conditionIds.size());
        print("insert conditions                       %8lld rows  %s (one transaction)\n",
            static_cast<long long>(conditionCount), qPrintable(timer.rates(conditionCount)));

        for (int t = 0; t < 4096; ++t)
            templates.push_back(makeRunTemplate(random));
        auto runRow = [&](qint64 n, const Run& base) {
            Run run = base;
            run.conditionId = conditionIds[static_cast<size_t>(n) % conditionIds.size()];
            run.modelId = modelId;
            run.determiningHash = randomHash(random);
            return run;
        };

        // Queued runs, as a runner enqueues a grid: 100k rows in one transaction.
        const qint64 queuedCount = std::min<qint64>(100000, runCount);
        const Run queued = makeQueuedTemplate();
        timer.restart();
        {
            Transaction transaction(*ws);
            for (qint64 n = 0; n < queuedCount; ++n)
                ws->runs().insert(runRow(n, queued));
            transaction.commit();
        }
        print("insert queued runs (no result)          %8lld rows  %s (one transaction)\n",
            static_cast<long long>(queuedCount), qPrintable(timer.rates(queuedCount)));

        // Finished runs with their texts and JSON: transactions of 100k rows.
        const qint64 batch = 100000;
        timer.restart();
        for (qint64 start = 0; start < runCount; start += batch) {
            const qint64 end = std::min(runCount, start + batch);
            Transaction transaction(*ws);
            for (qint64 n = start; n < end; ++n)
                ws->runs().insert(runRow(n, templates[static_cast<size_t>(n) % templates.size()]));
            transaction.commit();
        }
        print("insert finished runs                    %8lld rows  %s (transactions of %lld)\n",
            static_cast<long long>(runCount), qPrintable(timer.rates(runCount)), static_cast<long long>(batch));

        // Baseline: the same repository inserts, each its own transaction (autocommit), on a small subset.
        const qint64 autocommitRows = 2000;
        timer.restart();
        for (qint64 n = 0; n < autocommitRows; ++n)
            ws->runs().insert(runRow(n, templates[static_cast<size_t>(n) % templates.size()]));
        print("baseline: finished runs, commit per row %8lld rows  %s\n", static_cast<long long>(autocommitRows),
            qPrintable(timer.rates(autocommitRows)));
    }

    // Baseline: the SQLite floor for the same finished-run rows.
    rawSqliteRunInserts(path, templates, conditionIds, modelId, std::min<qint64>(100000, runCount), random);

    print("file size %.1f MiB\n", static_cast<double>(QFileInfo(path).size()) / (1024.0 * 1024.0));

    // Browse as the sample browser does: a fresh connection (the app starting), then count + pages.
    QElapsedTimer openTimer;
    openTimer.start();
    auto ws = Workspace::open(path);
    SampleQuery all;
    const qint64 total = ws->samples().count(all);
    const QList<SampleRow> firstPage = ws->samples().page(all);
    print("open + count + first page (cold)  %8.1f ms  (%lld samples, %lld rows shown)\n",
        static_cast<double>(openTimer.nsecsElapsed()) / 1e6, static_cast<long long>(total),
        static_cast<long long>(firstPage.size()));

    struct Case {
        const char* name;
        SampleQuery query;
    };
    std::vector<Case> cases;
    auto add = [&](const char* name, auto configure) {
        SampleQuery query;
        query.limit = 100;
        configure(query);
        cases.push_back({ name, query });
    };
    add("first page, by id", [](SampleQuery&) {});
    add("middle page, by id", [&](SampleQuery& q) { q.offset = sampleCount / 2; });
    add("last page, by id", [&](SampleQuery& q) { q.offset = std::max<qint64>(0, sampleCount - 100); });
    add("category filter, first page", [](SampleQuery& q) { q.category = QStringLiteral("depth"); });
    add("dataset + category, middle page", [&](SampleQuery& q) {
        q.datasetId = datasetIds[1];
        q.category = QStringLiteral("depth");
        q.offset = sampleCount / 48;
    });
    add("text filter \"lamp behind\"", [](SampleQuery& q) { q.text = QStringLiteral("lamp behind"); });
    add("text filter, middle page", [](SampleQuery& q) {
        q.text = QStringLiteral("Cube");
        q.offset = 5000;
    });
    add("sort by question, middle page", [&](SampleQuery& q) {
        q.sortColumn = SampleColumn::Question;
        q.offset = sampleCount / 2;
    });
    add("sort by question desc, first page", [](SampleQuery& q) {
        q.sortColumn = SampleColumn::Question;
        q.ascending = false;
    });
    add("sort by runs desc, first page", [](SampleQuery& q) {
        q.sortColumn = SampleColumn::RunCount;
        q.ascending = false;
    });
    add("sort by dataset, middle page", [&](SampleQuery& q) {
        q.sortColumn = SampleColumn::Dataset;
        q.offset = sampleCount / 2;
    });
    add("category + text, sort by gold", [](SampleQuery& q) {
        q.category = QStringLiteral("spatial relation");
        q.text = QStringLiteral("red");
        q.sortColumn = SampleColumn::Gold;
    });

    print("\n%-36s %9s %9s %9s | %9s %9s %9s\n", "browser query", "page cold", "median", "max", "count cold", "median",
        "max");
    double worst = 0;
    for (const Case& c : cases) {
        qint64 rows = 0;
        const Latency page = measure([&] { rows = ws->samples().page(c.query).size(); });
        qint64 matching = 0;
        const Latency count = measure([&] { matching = ws->samples().count(c.query); });
        worst = std::max({ worst, page.maxMs, count.maxMs });
        print("%-36s %7.2fms %7.2fms %7.2fms | %7.2fms %7.2fms %7.2fms  (%lld rows of %lld)\n", c.name, page.coldMs,
            page.medianMs, page.maxMs, count.coldMs, count.medianMs, count.maxMs, static_cast<long long>(rows),
            static_cast<long long>(matching));
    }
    print("worst page or count latency: %.1f ms (target < 200 ms)\n", worst);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Workspace insert and browse benchmark"));
    parser.addHelpOption();
    const QCommandLineOption samplesOption(
        QStringLiteral("samples"), QStringLiteral("Samples to insert."), QStringLiteral("n"), QStringLiteral("100000"));
    const QCommandLineOption runsOption(
        QStringLiteral("runs"), QStringLiteral("Runs to insert."), QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption dirOption(QStringLiteral("dir"),
        QStringLiteral("Folder for the workspace file (default: a temporary folder)."), QStringLiteral("path"));
    const QCommandLineOption keepOption(QStringLiteral("keep"), QStringLiteral("Keep the workspace file."));
    parser.addOptions({ samplesOption, runsOption, dirOption, keepOption });
    parser.process(app);

    bool samplesOk = false;
    bool runsOk = false;
    const qint64 samples = parser.value(samplesOption).toLongLong(&samplesOk);
    const qint64 runs = parser.value(runsOption).toLongLong(&runsOk);
    if (!samplesOk || !runsOk || samples < 100 || runs < 1) {
        std::fprintf(stderr, "bench_workspace: --samples must be >= 100 and --runs >= 1\n");
        return 2;
    }
    QTemporaryDir temporary(parser.isSet(dirOption)
            ? QDir(parser.value(dirOption)).filePath(QStringLiteral("bench-XXXXXX"))
            : QDir::tempPath() + QStringLiteral("/bench-workspace-XXXXXX"));
    if (!temporary.isValid()) {
        std::fprintf(stderr, "bench_workspace: cannot create a folder: %s\n", qPrintable(temporary.errorString()));
        return 1;
    }
    temporary.setAutoRemove(!parser.isSet(keepOption));
    try {
        return runBench(samples, runs, temporary.filePath(QStringLiteral("bench.vlmprobe")));
    } catch (const WorkspaceError& error) {
        std::fprintf(stderr, "bench_workspace: %s\n", error.what());
        return 1;
    }
}
