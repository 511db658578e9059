// SampleTableModel over a real workspace: paging, filtering and sorting must return exactly the samples that the
// fixture's own list says (computed in plain C++, not by SQL), with QAbstractItemModelTester watching every change.

#include "sample_fixture.h"
#include "sample_table_model.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace vlmprobe;

namespace {

constexpr int kSampleCount = 450; // more than two pages

using Column = SampleTableModel::Column;

int col(Column column)
{
    return static_cast<int>(column);
}

void fetchAll(SampleTableModel& model)
{
    while (model.canFetchMore({}))
        model.fetchMore({});
}

QList<qint64> loadedIds(const SampleTableModel& model)
{
    QList<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.index(row, 0).data(SampleTableModel::SampleIdRole).toLongLong();
    return ids;
}

QList<qint64> idsOf(const QList<FixtureSample>& samples)
{
    QList<qint64> ids;
    for (const FixtureSample& entry : samples)
        ids << entry.sample.id;
    return ids;
}

} // namespace

class TestSampleTableModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void emptyWithoutRepository();
    void pagesOnDemand();
    void displaysRowValues();
    void filters_data();
    void filters();
    void filtersCombineAndClear();
    void sortsInSql_data();
    void sortsInSql();
    void outOfRangeIsHarmless();

private:
    QTemporaryDir m_dir;
    SampleFixture m_fixture;
};

void TestSampleTableModel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_fixture = SampleFixture::create(m_dir.filePath(QStringLiteral("browser.vlmprobe")), kSampleCount);
    QCOMPARE(m_fixture.samples.size(), kSampleCount);
}

void TestSampleTableModel::cleanupTestCase()
{
    m_fixture.workspace.reset();
}

void TestSampleTableModel::emptyWithoutRepository()
{
    SampleTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), col(Column::Count));
    QCOMPARE(model.totalCount(), 0);
    QVERIFY(!model.canFetchMore({}));
    model.setTextFilter(QStringLiteral("anything"));
    QCOMPARE(model.rowCount(), 0);
}

void TestSampleTableModel::pagesOnDemand()
{
    SampleTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy totals(&model, &SampleTableModel::totalCountChanged);
    model.setRepository(&m_fixture.workspace->samples());

    QCOMPARE(totals.count(), 1);
    QCOMPARE(totals.last().at(0).toLongLong(), qint64(kSampleCount));
    QCOMPARE(model.totalCount(), qint64(kSampleCount));
    QCOMPARE(model.rowCount(), SampleTableModel::kPageSize);
    QVERIFY(model.canFetchMore({}));

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.fetchMore({});
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.last().at(1).toInt(), SampleTableModel::kPageSize);
    QCOMPARE(inserted.last().at(2).toInt(), 2 * SampleTableModel::kPageSize - 1);
    QCOMPARE(model.rowCount(), 2 * SampleTableModel::kPageSize);

    fetchAll(model);
    QCOMPARE(model.rowCount(), kSampleCount);
    QVERIFY(!model.canFetchMore({}));
    // Default order: by id, ascending, every sample exactly once.
    QCOMPARE(loadedIds(model), idsOf(m_fixture.samples));
    QCOMPARE(model.rowOfSample(m_fixture.samples.last().sample.id), kSampleCount - 1);
    QCOMPARE(model.sampleId(0), m_fixture.samples.first().sample.id);

    model.setRepository(nullptr);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.totalCount(), 0);
}

void TestSampleTableModel::displaysRowValues()
{
    SampleTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRepository(&m_fixture.workspace->samples());
    for (const int row : { 0, 1, 3, 7, 199 }) {
        const FixtureSample& expected = m_fixture.samples[row];
        QCOMPARE(model.index(row, col(Column::Id)).data().toLongLong(), expected.sample.id);
        QCOMPARE(model.index(row, col(Column::Dataset)).data().toString(), expected.datasetName);
        QCOMPARE(model.index(row, col(Column::ExternalId)).data().toString(), expected.sample.externalId);
        QCOMPARE(model.index(row, col(Column::Category)).data().toString(), expected.sample.category);
        QCOMPARE(model.index(row, col(Column::Question)).data().toString(), expected.sample.question);
        QCOMPARE(model.index(row, col(Column::OptionCount)).data().toInt(), int(expected.sample.options.size()));
        QCOMPARE(model.index(row, col(Column::Gold)).data().toString(), expected.sample.goldAnswer);
        QCOMPARE(model.index(row, col(Column::ConditionCount)).data().toInt(), 0);
        QCOMPARE(model.index(row, col(Column::RunCount)).data().toInt(), 0);
        QCOMPARE(model.index(row, 0).data(SampleTableModel::QuestionRole).toString(), expected.sample.question);
        QCOMPARE(model.index(row, 0).data(SampleTableModel::GoldAnswerRole).toString(), expected.sample.goldAnswer);
        QCOMPARE(model.index(row, 0).data(SampleTableModel::CategoryRole).toString(), expected.sample.category);
    }
    QCOMPARE(model.headerData(col(Column::Question), Qt::Horizontal).toString(), QStringLiteral("Question"));
}

void TestSampleTableModel::filters_data()
{
    QTest::addColumn<int>("dataset"); // -1 any, else index into the fixture's datasets
    QTest::addColumn<QString>("category");
    QTest::addColumn<QString>("text");

    QTest::newRow("all") << -1 << QString() << QString();
    QTest::newRow("dataset alpha") << 0 << QString() << QString();
    QTest::newRow("dataset beta") << 1 << QString() << QString();
    QTest::newRow("category spatial") << -1 << QStringLiteral("spatial") << QString();
    QTest::newRow("beta + colour") << 1 << QStringLiteral("colour") << QString();
    QTest::newRow("text in question") << -1 << QString() << QStringLiteral("circles");
    QTest::newRow("text, other case") << -1 << QString() << QStringLiteral("zEBRA");
    QTest::newRow("text in an option") << -1 << QString() << QStringLiteral("needle");
    QTest::newRow("text with space") << -1 << QString() << QStringLiteral("left of");
    QTest::newRow("all three") << 0 << QStringLiteral("counting") << QStringLiteral("Squares");
    QTest::newRow("no match") << -1 << QString() << QStringLiteral("no such words");
    QTest::newRow("LIKE wildcards are literal") << -1 << QString() << QStringLiteral("%_");
}

void TestSampleTableModel::filters()
{
    QFETCH(int, dataset);
    QFETCH(QString, category);
    QFETCH(QString, text);
    const std::optional<qint64> datasetId
        = dataset < 0 ? std::nullopt : std::optional<qint64>(m_fixture.datasets[dataset].id);
    const QList<FixtureSample> expected = m_fixture.matching(datasetId, category, text);

    SampleTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRepository(&m_fixture.workspace->samples());
    model.setDatasetFilter(datasetId);
    model.setCategoryFilter(category);
    model.setTextFilter(text);
    QCOMPARE(model.totalCount(), qint64(expected.size()));
    QCOMPARE(model.rowCount(), std::min(int(expected.size()), SampleTableModel::kPageSize));
    fetchAll(model);
    QCOMPARE(loadedIds(model), idsOf(expected));
    // The repository's own count agrees with what the model shows.
    SampleQuery query;
    query.datasetId = datasetId;
    query.category = category;
    query.text = text;
    QCOMPARE(m_fixture.workspace->samples().count(query), qint64(expected.size()));
}

void TestSampleTableModel::filtersCombineAndClear()
{
    SampleTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRepository(&m_fixture.workspace->samples());
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

    model.setFilters(m_fixture.datasets[1].id, QStringLiteral("counting"), QStringLiteral("  zebra "));
    QCOMPARE(resets.count(), 1);
    QCOMPARE(model.textFilter(), QStringLiteral("zebra"));
    QCOMPARE(model.totalCount(),
        qint64(
            m_fixture.matching(m_fixture.datasets[1].id, QStringLiteral("counting"), QStringLiteral("zebra")).size()));

    // Setting the same filters again does not reload.
    model.setFilters(m_fixture.datasets[1].id, QStringLiteral("counting"), QStringLiteral("zebra"));
    QCOMPARE(resets.count(), 1);

    model.setFilters(std::nullopt, QString(), QString());
    QCOMPARE(model.totalCount(), qint64(kSampleCount));
}

void TestSampleTableModel::sortsInSql_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<bool>("ascending");
    QTest::newRow("question asc") << col(Column::Question) << true;
    QTest::newRow("question desc") << col(Column::Question) << false;
    QTest::newRow("category asc") << col(Column::Category) << true;
    QTest::newRow("options desc") << col(Column::OptionCount) << false;
    QTest::newRow("id desc") << col(Column::Id) << false;
    QTest::newRow("external id asc") << col(Column::ExternalId) << true;
    QTest::newRow("dataset desc") << col(Column::Dataset) << false;
}

void TestSampleTableModel::sortsInSql()
{
    QFETCH(int, column);
    QFETCH(bool, ascending);

    // The oracle: a stable sort of the fixture by the column's value, ties by id in the same direction.
    QList<FixtureSample> expected = m_fixture.samples;
    const auto key = [column](const FixtureSample& entry) -> QVariant {
        switch (static_cast<Column>(column)) {
        case Column::Question:
            return entry.sample.question;
        case Column::Category:
            return entry.sample.category;
        case Column::OptionCount:
            return int(entry.sample.options.size());
        case Column::ExternalId:
            return entry.sample.externalId;
        case Column::Dataset:
            return entry.datasetName;
        default:
            return entry.sample.id;
        }
    };
    std::sort(expected.begin(), expected.end(), [&](const FixtureSample& left, const FixtureSample& right) {
        const QPartialOrdering order = QVariant::compare(key(left), key(right));
        if (order != QPartialOrdering::Equivalent)
            return ascending ? order == QPartialOrdering::Less : order == QPartialOrdering::Greater;
        return ascending ? left.sample.id < right.sample.id : left.sample.id > right.sample.id;
    });

    SampleTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRepository(&m_fixture.workspace->samples());
    model.sort(column, ascending ? Qt::AscendingOrder : Qt::DescendingOrder);
    fetchAll(model);
    QCOMPARE(loadedIds(model), idsOf(expected));

    // Sorting keeps the filters.
    model.setCategoryFilter(QStringLiteral("spatial"));
    fetchAll(model);
    QList<qint64> spatial;
    for (const FixtureSample& entry : expected) {
        if (entry.sample.category == QStringLiteral("spatial"))
            spatial << entry.sample.id;
    }
    QCOMPARE(loadedIds(model), spatial);
}

void TestSampleTableModel::outOfRangeIsHarmless()
{
    SampleTableModel model;
    model.setRepository(&m_fixture.workspace->samples());
    QCOMPARE(model.sampleId(-1), 0);
    QCOMPARE(model.sampleId(100000), 0);
    QCOMPARE(model.rowOfSample(-5), -1);
    QVERIFY(!model.data(model.index(-1, 0)).isValid());
    QVERIFY(!model.data(model.index(0, 99)).isValid());
    model.sort(-1);
    model.sort(99);
    QCOMPARE(model.rowCount(), SampleTableModel::kPageSize);
}

QTEST_GUILESS_MAIN(TestSampleTableModel)
#include "tst_sample_table_model.moc"
