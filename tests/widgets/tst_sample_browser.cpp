// SampleBrowser over a real workspace: the filters and the debounced search change the rows exactly as the
// fixture's own list says, Esc clears the search, and next/previous step through the rows across page boundaries.

#include "sample_browser.h"
#include "sample_fixture.h"
#include "sample_table_model.h"
#include "workspace/workspace.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace vlmprobe;

namespace {

constexpr int kSampleCount = 450;

QStringList comboItems(const QComboBox* combo)
{
    QStringList items;
    for (int i = 0; i < combo->count(); ++i)
        items << combo->itemText(i);
    return items;
}

} // namespace

class TestSampleBrowser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();
    void populatesFilters();
    void datasetAndCategoryFilter();
    void searchIsDebounced();
    void escapeClearsSearch();
    void stepsThroughRowsAndPages();
    void keepsSelectionWhenItSurvivesAFilter();
    void emptyResultClearsSelection();
    void detachesFromWorkspace();

private:
    QTemporaryDir m_dir;
    SampleFixture m_fixture;
    SampleTableModel* m_model = nullptr;
    SampleBrowser* m_browser = nullptr;
};

void TestSampleBrowser::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_fixture = SampleFixture::create(m_dir.filePath(QStringLiteral("browser.vlmprobe")), kSampleCount);
}

void TestSampleBrowser::init()
{
    m_model = new SampleTableModel;
    m_browser = new SampleBrowser(m_model);
    m_browser->resize(500, 700);
    m_browser->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_browser));
}

void TestSampleBrowser::cleanup()
{
    delete m_browser;
    delete m_model;
}

void TestSampleBrowser::cleanupTestCase()
{
    m_fixture.workspace.reset();
}

void TestSampleBrowser::populatesFilters()
{
    QSignalSpy current(m_browser, &SampleBrowser::currentSampleChanged);
    m_browser->setWorkspace(m_fixture.workspace.get());
    QCOMPARE(comboItems(m_browser->datasetFilter()),
        (QStringList { QStringLiteral("All datasets"), QStringLiteral("alpha"), QStringLiteral("beta") }));
    QCOMPARE(comboItems(m_browser->categoryFilter()),
        (QStringList { QStringLiteral("All categories"), QStringLiteral("colour"), QStringLiteral("counting"),
            QStringLiteral("spatial") }));
    QCOMPARE(m_model->totalCount(), qint64(kSampleCount));
    // The first row is selected, so the inspector has something to show at once.
    QCOMPARE(current.count(), 1);
    QCOMPARE(current.last().at(0).toLongLong(), m_fixture.samples.first().sample.id);
    QCOMPARE(m_browser->currentSampleId(), m_fixture.samples.first().sample.id);
    QCOMPARE(m_browser->findChild<QLabel*>(QStringLiteral("sampleCount"))->text(), QStringLiteral("450 samples"));
}

void TestSampleBrowser::datasetAndCategoryFilter()
{
    m_browser->setWorkspace(m_fixture.workspace.get());
    const Dataset& beta = m_fixture.datasets[1];
    m_browser->datasetFilter()->setCurrentIndex(m_browser->datasetFilter()->findText(beta.name));
    QCOMPARE(m_model->datasetFilter(), std::optional<qint64>(beta.id));
    const qsizetype betaCount = m_fixture.matching(beta.id, {}, {}).size();
    QCOMPARE(m_model->totalCount(), qint64(betaCount));
    QCOMPARE(m_browser->findChild<QLabel*>(QStringLiteral("sampleCount"))->text(),
        QStringLiteral("%1 samples").arg(betaCount));

    m_browser->categoryFilter()->setCurrentIndex(m_browser->categoryFilter()->findText(QStringLiteral("spatial")));
    QCOMPARE(m_model->totalCount(), qint64(m_fixture.matching(beta.id, QStringLiteral("spatial"), {}).size()));
    for (int row = 0; row < m_model->rowCount(); ++row) {
        QCOMPARE(m_model->index(row, 0).data(SampleTableModel::CategoryRole).toString(), QStringLiteral("spatial"));
        QCOMPARE(m_model->index(row, 0).data(SampleTableModel::DatasetNameRole).toString(), beta.name);
    }

    // Back to all datasets: the chosen category stays.
    m_browser->datasetFilter()->setCurrentIndex(0);
    QCOMPARE(m_browser->categoryFilter()->currentText(), QStringLiteral("spatial"));
    QCOMPARE(m_model->totalCount(), qint64(m_fixture.matching(std::nullopt, QStringLiteral("spatial"), {}).size()));
}

void TestSampleBrowser::searchIsDebounced()
{
    m_browser->setWorkspace(m_fixture.workspace.get());
    QSignalSpy resets(m_model, &QAbstractItemModel::modelReset);
    QTest::keyClicks(m_browser->searchField(), QStringLiteral("zebra"));
    // Five keystrokes, no query yet.
    QCOMPARE(resets.count(), 0);
    QCOMPARE(m_model->totalCount(), qint64(kSampleCount));
    const qint64 expected = m_fixture.matching(std::nullopt, {}, QStringLiteral("zebra")).size();
    QVERIFY(expected > 0 && expected < kSampleCount);
    QTRY_COMPARE(m_model->totalCount(), expected);
    QCOMPARE(resets.count(), 1);
    for (int row = 0; row < m_model->rowCount(); ++row)
        QVERIFY(
            m_model->index(row, 0).data(SampleTableModel::QuestionRole).toString().contains(QStringLiteral("Zebra")));
}

void TestSampleBrowser::escapeClearsSearch()
{
    m_browser->setWorkspace(m_fixture.workspace.get());
    m_browser->focusSearch();
    QTest::keyClicks(m_browser->searchField(), QStringLiteral("needle"));
    m_browser->applySearch();
    QCOMPARE(m_model->totalCount(), qint64(m_fixture.matching(std::nullopt, {}, QStringLiteral("needle")).size()));
    QTest::keyClick(m_browser->searchField(), Qt::Key_Escape);
    QVERIFY(m_browser->searchField()->text().isEmpty());
    QCOMPARE(m_model->totalCount(), qint64(kSampleCount));
    // A second Esc on the empty field hands the keyboard back to the table.
    QTest::keyClick(m_browser->searchField(), Qt::Key_Escape);
    QTRY_VERIFY(m_browser->tableView()->hasFocus());
}

void TestSampleBrowser::stepsThroughRowsAndPages()
{
    m_browser->setWorkspace(m_fixture.workspace.get());
    QSignalSpy current(m_browser, &SampleBrowser::currentSampleChanged);
    m_browser->selectNext();
    QCOMPARE(m_browser->currentSampleId(), m_fixture.samples[1].sample.id);
    m_browser->selectPrevious();
    QCOMPARE(m_browser->currentSampleId(), m_fixture.samples[0].sample.id);
    m_browser->selectPrevious();
    QCOMPARE(m_browser->currentSampleId(), m_fixture.samples[0].sample.id);
    QCOMPARE(current.count(), 2);

    // Past the last loaded row the next page is fetched at once (the view may have fetched more on its own
    // while scrolling; whatever is loaded, the step goes one row further).
    const int loaded = m_model->rowCount();
    QVERIFY(loaded < kSampleCount);
    m_browser->selectSample(m_fixture.samples[loaded - 1].sample.id);
    m_browser->selectNext();
    QVERIFY(m_model->rowCount() > loaded);
    QCOMPARE(m_browser->currentSampleId(), m_fixture.samples[loaded].sample.id);

    // Arrow keys in the table step too.
    m_browser->tableView()->setFocus();
    QTest::keyClick(m_browser->tableView(), Qt::Key_Down);
    QCOMPARE(m_browser->currentSampleId(), m_fixture.samples[loaded + 1].sample.id);
    QTest::keyClick(m_browser->tableView(), Qt::Key_Up);
    QCOMPARE(m_browser->currentSampleId(), m_fixture.samples[loaded].sample.id);
}

void TestSampleBrowser::keepsSelectionWhenItSurvivesAFilter()
{
    m_browser->setWorkspace(m_fixture.workspace.get());
    // Sample 5 is in "spatial" (5 % 4 == 1) and in alpha (5 % 3 != 0).
    const Sample& kept = m_fixture.samples[5].sample;
    QCOMPARE(kept.category, QStringLiteral("spatial"));
    m_browser->selectSample(kept.id);
    QSignalSpy current(m_browser, &SampleBrowser::currentSampleChanged);
    m_browser->categoryFilter()->setCurrentIndex(m_browser->categoryFilter()->findText(QStringLiteral("spatial")));
    QCOMPARE(m_browser->currentSampleId(), kept.id);
    QCOMPARE(current.count(), 0);
    QCOMPARE(m_model->sampleId(m_browser->tableView()->currentIndex().row()), kept.id);

    // Filtered out: the first matching row takes over.
    m_browser->categoryFilter()->setCurrentIndex(m_browser->categoryFilter()->findText(QStringLiteral("colour")));
    QCOMPARE(current.count(), 1);
    QCOMPARE(
        m_browser->currentSampleId(), m_fixture.matching(std::nullopt, QStringLiteral("colour"), {}).first().sample.id);
}

void TestSampleBrowser::emptyResultClearsSelection()
{
    m_browser->setWorkspace(m_fixture.workspace.get());
    QSignalSpy current(m_browser, &SampleBrowser::currentSampleChanged);
    m_browser->searchField()->setText(QStringLiteral("nothing matches this"));
    m_browser->applySearch();
    QCOMPARE(m_model->totalCount(), 0);
    QCOMPARE(current.count(), 1);
    QCOMPARE(current.last().at(0).toLongLong(), 0);
    QCOMPARE(m_browser->currentSampleId(), 0);
    m_browser->selectNext();
    m_browser->selectPrevious();
    QCOMPARE(m_browser->currentSampleId(), 0);
}

void TestSampleBrowser::detachesFromWorkspace()
{
    m_browser->setWorkspace(m_fixture.workspace.get());
    m_browser->setWorkspace(nullptr);
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_browser->datasetFilter()->count(), 1);
    QCOMPARE(m_browser->categoryFilter()->count(), 1);
    QCOMPARE(m_browser->currentSampleId(), 0);
}

QTEST_MAIN(TestSampleBrowser)
#include "tst_sample_browser.moc"
