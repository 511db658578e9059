// SampleRepository: round trip, validation, and the browser's page/count/categories checked against an
// expectation computed here from a plain std::vector (filtered with QString::contains, sorted with
// std::stable_sort), never by asking the repository.

#include "workspace_fixture.h"

#include "workspace/condition_repository.h"
#include "workspace/dataset_repository.h"
#include "workspace/image_store.h"
#include "workspace/run_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/transaction.h"
#include "workspace/workspace_error.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <vector>

using namespace vlmprobe;
using namespace vlmprobe::test;

Q_DECLARE_METATYPE(vlmprobe::SampleQuery)

namespace {

// What the test itself remembers about each sample it inserted.
struct Expected {
    SampleRow row;
    qint64 datasetId = 0;
    QStringList options;
};

const QStringList kCategories { QStringLiteral("counting"), QStringLiteral("spatial"), QStringLiteral("colour"),
    QStringLiteral("Ähnlichkeit") };
const QStringList kWords { QStringLiteral("cube"), QStringLiteral("Sphere"), QStringLiteral("red"),
    QStringLiteral("LEFT"), QStringLiteral("behind"), QStringLiteral("Äpfel"), QStringLiteral("größer"),
    QStringLiteral("cone"), QStringLiteral("écran"), QStringLiteral("two") };

QVariant sortKey(const SampleRow& row, SampleColumn column)
{
    switch (column) {
    case SampleColumn::Id:
        return row.id;
    case SampleColumn::Dataset:
        return row.datasetName;
    case SampleColumn::ExternalId:
        return row.externalId;
    case SampleColumn::Category:
        return row.category;
    case SampleColumn::Question:
        return row.question;
    case SampleColumn::OptionCount:
        return row.optionCount;
    case SampleColumn::Gold:
        return row.goldAnswer;
    case SampleColumn::ConditionCount:
        return row.conditionCount;
    case SampleColumn::RunCount:
        return row.runCount;
    }
    return {};
}

// -1, 0, 1; strings by UTF-16 code units, which equals SQLite's UTF-8 byte order for the BMP text used here.
int compareKeys(const QVariant& a, const QVariant& b)
{
    if (a.typeId() == QMetaType::QString) {
        const int c = QString::compare(a.toString(), b.toString(), Qt::CaseSensitive);
        return (c > 0) - (c < 0);
    }
    const qint64 x = a.toLongLong();
    const qint64 y = b.toLongLong();
    return (x > y) - (x < y);
}

std::vector<SampleRow> expectedRows(const std::vector<Expected>& all, const SampleQuery& query, qint64* total)
{
    std::vector<SampleRow> rows;
    for (const Expected& e : all) {
        if (query.datasetId && e.datasetId != *query.datasetId)
            continue;
        if (!query.category.isEmpty() && e.row.category != query.category)
            continue;
        if (!query.text.isEmpty()) {
            bool hit = e.row.question.contains(query.text, Qt::CaseInsensitive);
            for (const QString& option : e.options)
                hit = hit || option.contains(query.text, Qt::CaseInsensitive);
            if (!hit)
                continue;
        }
        rows.push_back(e.row);
    }
    *total = static_cast<qint64>(rows.size());
    std::stable_sort(rows.begin(), rows.end(), [&](const SampleRow& a, const SampleRow& b) {
        int c = compareKeys(sortKey(a, query.sortColumn), sortKey(b, query.sortColumn));
        if (c == 0)
            c = (a.id > b.id) - (a.id < b.id);
        return query.ascending ? c < 0 : c > 0;
    });
    const auto begin = std::min<size_t>(static_cast<size_t>(query.offset), rows.size());
    const auto end = std::min<size_t>(begin + static_cast<size_t>(query.limit), rows.size());
    return std::vector<SampleRow>(
        rows.begin() + static_cast<std::ptrdiff_t>(begin), rows.begin() + static_cast<std::ptrdiff_t>(end));
}

QString describe(const SampleRow& row)
{
    return QStringLiteral("#%1 %2/%3 [%4] \"%5\" opts=%6 gold=%7 conds=%8 runs=%9")
        .arg(row.id)
        .arg(row.datasetName, row.externalId, row.category, row.question)
        .arg(row.optionCount)
        .arg(row.goldAnswer)
        .arg(row.conditionCount)
        .arg(row.runCount);
}

} // namespace

class TestSampleRepository : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void roundTrip();
    void validation_data();
    void validation();
    void pageMatchesIndependentExpectation_data();
    void pageMatchesIndependentExpectation();
    void categories();
    void countersFollowDeletes();
    void removeCascades();

private:
    std::unique_ptr<WorkspaceFixture> m_browser; // the browser fixture shared by the page tests
    std::vector<Expected> m_expected;
    qint64 m_datasetIds[3] = {};
};

void TestSampleRepository::initTestCase()
{
    m_browser = std::make_unique<WorkspaceFixture>();
    Workspace& ws = m_browser->workspace();
    QRandomGenerator random(20240611);
    const QStringList names { QStringLiteral("CV-Bench"), QStringLiteral("3DSRBench"), QStringLiteral("WhatsUp") };
    // Inserted in an order unrelated to the names, so sorting by dataset name is not insertion order.
    const int order[3] = { 2, 0, 1 };
    Transaction transaction(ws);
    for (int i : order)
        m_datasetIds[i] = m_browser->addDataset(names[i]);
    const qint64 modelId = m_browser->addModel(QStringLiteral("model"));
    for (int n = 0; n < 420; ++n) {
        const int d = static_cast<int>(random.bounded(3));
        Sample sample;
        sample.datasetId = m_datasetIds[d];
        sample.externalId = QString::number(random.bounded(100000)) + u'-' + QString::number(n);
        sample.category = random.bounded(7) == 0 ? QString() : kCategories[random.bounded(kCategories.size())];
        QStringList words;
        for (int w = 0, count = 2 + static_cast<int>(random.bounded(5)); w < count; ++w)
            words.append(kWords[random.bounded(kWords.size())]);
        sample.question = words.join(u' ') + u'?';
        const int optionCount = 2 + static_cast<int>(random.bounded(4));
        for (int o = 0; o < optionCount; ++o)
            sample.options.append(kWords[random.bounded(kWords.size())] + QStringLiteral(" %1").arg(o));
        sample.goldAnswer = optionLetter(static_cast<int>(random.bounded(optionCount)));
        Expected expected;
        expected.datasetId = sample.datasetId;
        expected.options = sample.options;
        expected.row.id = ws.samples().insert(sample);
        expected.row.datasetName = names[d];
        expected.row.externalId = sample.externalId;
        expected.row.category = sample.category;
        expected.row.question = sample.question;
        expected.row.optionCount = optionCount;
        expected.row.goldAnswer = sample.goldAnswer;
        const int conditions = static_cast<int>(random.bounded(4));
        for (int c = 0; c < conditions; ++c) {
            const qint64 conditionId = m_browser->addCondition(expected.row.id);
            const int runs = static_cast<int>(random.bounded(3));
            for (int r = 0; r < runs; ++r)
                m_browser->addRun(conditionId, modelId);
            expected.row.runCount += runs;
        }
        expected.row.conditionCount = conditions;
        m_expected.push_back(expected);
    }
    transaction.commit();
}

void TestSampleRepository::roundTrip()
{
    WorkspaceFixture fixture;
    Workspace& ws = fixture.workspace();
    Sample sample;
    sample.datasetId = fixture.addDataset(QStringLiteral("MMBench"));
    sample.externalId = QStringLiteral("1042");
    sample.sourceIndex = 17;
    sample.question = QStringLiteral("Which object is closer to the camera?\nLook carefully.");
    sample.hint = QStringLiteral("The room is lit from the left.");
    sample.options = { QStringLiteral("the chair"), QStringLiteral("the \"lamp\""), QStringLiteral("the table"),
        QStringLiteral("they are equally far"), QStringLiteral("I'm not sure") };
    sample.goldAnswer = QStringLiteral("E");
    sample.category = QStringLiteral("spatial");
    sample.metadata = { { QStringLiteral("l2-category"), QStringLiteral("depth") },
        { QStringLiteral("split"), QStringLiteral("dev") }, { QStringLiteral("tags"), QJsonArray { 1, 2 } } };
    sample.imageHash = ws.images().put(StoredImage { {}, QByteArray("not decoded here"), QStringLiteral("png"), 4, 3 });
    sample.docHash = QStringLiteral("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    sample.createdAt = QDateTime(QDate(2025, 3, 14), QTime(15, 9, 26, 535), Qt::UTC);
    sample.id = ws.samples().insert(sample);
    QVERIFY(sample.id > 0);

    fixture.reopen();
    const std::optional<Sample> read = fixture.workspace().samples().get(sample.id);
    QVERIFY(read.has_value());
    QCOMPARE(read->question, sample.question);
    QCOMPARE(read->options, sample.options);
    QCOMPARE(read->metadata, sample.metadata);
    QCOMPARE(read->createdAt, sample.createdAt);
    QVERIFY(*read == sample);
    QVERIFY(fixture.workspace().samples().findByExternalId(sample.datasetId, QStringLiteral("1042")) == sample);
    QVERIFY(!fixture.workspace().samples().findByExternalId(sample.datasetId, QStringLiteral("1043")).has_value());
    QVERIFY(!fixture.workspace().samples().get(sample.id + 1).has_value());
    QCOMPARE(fixture.workspace().samples().listForDataset(sample.datasetId).size(), 1);
}

void TestSampleRepository::validation_data()
{
    QTest::addColumn<QString>("externalId");
    QTest::addColumn<QString>("gold");
    QTest::addColumn<qint64>("datasetDelta");
    QTest::addColumn<QString>("imageHash");
    QTest::newRow("empty external id") << QString() << QStringLiteral("A") << qint64(0) << QString();
    QTest::newRow("gold names no option") << QStringLiteral("x") << QStringLiteral("D") << qint64(0) << QString();
    QTest::newRow("duplicate external id") << QStringLiteral("dup") << QStringLiteral("A") << qint64(0) << QString();
    QTest::newRow("unknown dataset") << QStringLiteral("x") << QStringLiteral("A") << qint64(99) << QString();
    QTest::newRow("unknown image") << QStringLiteral("x") << QStringLiteral("A") << qint64(0)
                                   << QStringLiteral("ab").repeated(32);
}

void TestSampleRepository::validation()
{
    QFETCH(QString, externalId);
    QFETCH(QString, gold);
    QFETCH(qint64, datasetDelta);
    QFETCH(QString, imageHash);
    WorkspaceFixture fixture;
    const qint64 datasetId = fixture.addDataset(QStringLiteral("d"));
    fixture.addSample(datasetId, QStringLiteral("dup"), 3);
    Sample sample;
    sample.datasetId = datasetId + datasetDelta;
    sample.externalId = externalId;
    sample.question = QStringLiteral("q");
    sample.options = { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") };
    sample.goldAnswer = gold;
    sample.imageHash = imageHash;
    try {
        fixture.workspace().samples().insert(sample);
        QFAIL("insert succeeded");
    } catch (const WorkspaceError& error) {
        QCOMPARE(error.reason(), WorkspaceError::Reason::InvalidInput);
        QVERIFY(!error.message().contains(u'\n'));
    }
    QCOMPARE(fixture.workspace().samples().count({}), 1);
}

void TestSampleRepository::pageMatchesIndependentExpectation_data()
{
    QTest::addColumn<SampleQuery>("query");
    const std::optional<qint64> datasets[] = { std::nullopt, m_datasetIds[1] };
    const QString categories[] = { QString(), QStringLiteral("spatial"), QStringLiteral("Ähnlichkeit") };
    const QString texts[] = { QString(), QStringLiteral("cube"), QStringLiteral("äPFEL"), QStringLiteral("GRÖSSER"),
        QStringLiteral("LEFT behind"), QStringLiteral("zebra") };
    const SampleColumn columns[] = { SampleColumn::Id, SampleColumn::Dataset, SampleColumn::ExternalId,
        SampleColumn::Category, SampleColumn::Question, SampleColumn::OptionCount, SampleColumn::Gold,
        SampleColumn::ConditionCount, SampleColumn::RunCount };
    int n = 0;
    for (const auto& dataset : datasets) {
        for (const QString& category : categories) {
            for (const QString& text : texts) {
                for (const SampleColumn column : columns) {
                    for (const bool ascending : { true, false }) {
                        ++n;
                        // Every combination sorts; pages vary so first, middle and past-the-end pages all occur.
                        SampleQuery query;
                        query.datasetId = dataset;
                        query.category = category;
                        query.text = text;
                        query.sortColumn = column;
                        query.ascending = ascending;
                        query.offset = (n % 4) * 37;
                        query.limit = 1 + (n % 3) * 40;
                        QTest::addRow("%d", n) << query;
                    }
                }
            }
        }
    }
}

void TestSampleRepository::pageMatchesIndependentExpectation()
{
    QFETCH(SampleQuery, query);
    qint64 total = 0;
    const std::vector<SampleRow> expected = expectedRows(m_expected, query, &total);
    const QList<SampleRow> page = m_browser->workspace().samples().page(query);
    QCOMPARE(m_browser->workspace().samples().count(query), total);
    QCOMPARE(page.size(), static_cast<qsizetype>(expected.size()));
    for (size_t i = 0; i < expected.size(); ++i) {
        const SampleRow& got = page[static_cast<qsizetype>(i)];
        QVERIFY2(got == expected[i],
            qPrintable(QStringLiteral("row %1: got %2, expected %3").arg(i).arg(describe(got), describe(expected[i]))));
    }
}

void TestSampleRepository::categories()
{
    QStringList all;
    QStringList ofDataset;
    for (const Expected& e : m_expected) {
        if (e.row.category.isEmpty())
            continue;
        all.append(e.row.category);
        if (e.datasetId == m_datasetIds[2])
            ofDataset.append(e.row.category);
    }
    for (QStringList* list : { &all, &ofDataset }) {
        std::sort(list->begin(), list->end());
        list->removeDuplicates();
    }
    QCOMPARE(m_browser->workspace().samples().categories(), all);
    QCOMPARE(m_browser->workspace().samples().categories(m_datasetIds[2]), ofDataset);
}

void TestSampleRepository::countersFollowDeletes()
{
    WorkspaceFixture fixture;
    const qint64 datasetId = fixture.addDataset(QStringLiteral("d"));
    const qint64 sampleId = fixture.addSample(datasetId, QStringLiteral("s"));
    const qint64 modelId = fixture.addModel(QStringLiteral("m"));
    const qint64 base = fixture.addCondition(sampleId);
    const qint64 derived = fixture.addCondition(sampleId, ConditionKind::WrongCaption, base);
    const qint64 run1 = fixture.addRun(base, modelId);
    fixture.addRun(base, modelId);
    fixture.addRun(derived, modelId);
    auto row = [&] { return fixture.workspace().samples().page({}).first(); };
    QCOMPARE(row().conditionCount, 2);
    QCOMPARE(row().runCount, 3);
    fixture.workspace().runs().remove(run1);
    QCOMPARE(row().runCount, 2);
    fixture.workspace().conditions().remove(base); // takes its remaining run with it
    QCOMPARE(row().conditionCount, 1);
    QCOMPARE(row().runCount, 1);
    QCOMPARE(fixture.workspace().runs().count(), 1);
}

void TestSampleRepository::removeCascades()
{
    WorkspaceFixture fixture;
    const qint64 datasetId = fixture.addDataset(QStringLiteral("d"));
    const qint64 kept = fixture.addSample(datasetId, QStringLiteral("kept"));
    const qint64 removed = fixture.addSample(datasetId, QStringLiteral("removed"));
    const qint64 modelId = fixture.addModel(QStringLiteral("m"));
    fixture.addRun(fixture.addCondition(kept), modelId);
    fixture.addRun(fixture.addCondition(removed), modelId);
    fixture.workspace().samples().remove(removed);
    QCOMPARE(fixture.workspace().samples().count({}), 1);
    QCOMPARE(fixture.workspace().runs().count(), 1);
    QCOMPARE(fixture.workspace().conditions().listForSample(removed).size(), 0);
    fixture.workspace().datasets().remove(datasetId);
    QCOMPARE(fixture.workspace().samples().count({}), 0);
    QCOMPARE(fixture.workspace().runs().count(), 0);
}

QTEST_GUILESS_MAIN(TestSampleRepository)
#include "tst_sample_repository.moc"
