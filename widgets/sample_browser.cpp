#include "sample_browser.h"

#include "sample_table_model.h"
#include "workspace/dataset_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace.h"
#include "workspace/workspace_error.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace vlmprobe {

namespace {

using Column = SampleTableModel::Column;

int columnIndex(Column column)
{
    return static_cast<int>(column);
}

} // namespace

SampleBrowser::SampleBrowser(SampleTableModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_datasets(new QComboBox(this))
    , m_categories(new QComboBox(this))
    , m_search(new QLineEdit(this))
    , m_searchTimer(new QTimer(this))
    , m_table(new QTableView(this))
    , m_countLabel(new QLabel(this))
{
    m_datasets->setObjectName(QStringLiteral("datasetFilter"));
    m_datasets->setToolTip(tr("Show the samples of one dataset"));
    m_datasets->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_datasets->setMinimumContentsLength(10);
    m_categories->setObjectName(QStringLiteral("categoryFilter"));
    m_categories->setToolTip(tr("Show the samples of one category"));
    m_categories->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_categories->setMinimumContentsLength(10);

    m_search->setObjectName(QStringLiteral("sampleSearch"));
    m_search->setPlaceholderText(tr("Search questions and options (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(kSearchDebounceMs);

    m_table->setObjectName(QStringLiteral("sampleTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    // Fixed row height and no ResizeToContents: both would make the view measure every row.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionsMovable(true);
    header->setHighlightSections(false);
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(columnIndex(Column::Question), QHeaderView::Stretch);
    header->setSortIndicator(columnIndex(Column::Id), Qt::AscendingOrder);
    const int digitWidth = m_table->fontMetrics().horizontalAdvance(QStringLiteral("0000000"));
    for (const Column narrow :
        { Column::Id, Column::OptionCount, Column::Gold, Column::ConditionCount, Column::RunCount })
        header->resizeSection(columnIndex(narrow), digitWidth);
    header->resizeSection(columnIndex(Column::Category), digitWidth * 2);
    // Shown on demand (header context menu): the browser is narrow.
    for (const Column hidden : { Column::Dataset, Column::ExternalId, Column::OptionCount, Column::ConditionCount })
        m_table->setColumnHidden(columnIndex(hidden), true);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->setSortingEnabled(true);

    m_countLabel->setObjectName(QStringLiteral("sampleCount"));
    m_countLabel->setForegroundRole(QPalette::PlaceholderText);

    auto* filters = new QHBoxLayout;
    filters->setContentsMargins(0, 0, 0, 0);
    filters->addWidget(m_datasets, 1);
    filters->addWidget(m_categories, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(filters);
    layout->addWidget(m_search);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_countLabel);
    setFocusProxy(m_table);

    connect(m_search, &QLineEdit::textChanged, m_searchTimer, qOverload<>(&QTimer::start));
    connect(m_searchTimer, &QTimer::timeout, this, &SampleBrowser::applySearch);
    connect(m_datasets, &QComboBox::currentIndexChanged, this, &SampleBrowser::onDatasetChosen);
    connect(m_categories, &QComboBox::currentIndexChanged, this, &SampleBrowser::onCategoryChosen);
    connect(m_model, &QAbstractItemModel::modelReset, this, &SampleBrowser::onModelReset);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &SampleBrowser::updateCountLabel);
    connect(m_model, &SampleTableModel::loadFailed, this, &SampleBrowser::errorOccurred);
    connect(
        m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &SampleBrowser::onCurrentRowChanged);
    connect(header, &QHeaderView::customContextMenuRequested, this, [this, header](const QPoint& position) {
        QMenu menu;
        for (int column = 0; column < m_model->columnCount(); ++column) {
            const QString title = m_model->headerData(column, Qt::Horizontal).toString();
            QAction* action = menu.addAction(title);
            action->setCheckable(true);
            action->setChecked(!m_table->isColumnHidden(column));
            action->setEnabled(column != columnIndex(Column::Question));
            connect(action, &QAction::toggled, m_table,
                [this, column](bool visible) { m_table->setColumnHidden(column, !visible); });
        }
        menu.exec(header->mapToGlobal(position));
    });
    updateCountLabel();
}

void SampleBrowser::setWorkspace(Workspace* workspace)
{
    m_workspace = workspace;
    if (m_currentSampleId != 0) {
        m_currentSampleId = 0;
        Q_EMIT currentSampleChanged(0);
    }
    m_searchTimer->stop();
    {
        const QSignalBlocker blocker(m_search);
        m_search->clear();
    }
    m_model->setRepository(nullptr);
    populateDatasets();
    populateCategories();
    m_model->setFilters(std::nullopt, QString(), QString());
    if (m_workspace)
        m_model->setRepository(&m_workspace->samples());
}

qint64 SampleBrowser::currentSampleId() const
{
    return m_currentSampleId;
}

QByteArray SampleBrowser::saveHeaderState() const
{
    return m_table->horizontalHeader()->saveState();
}

void SampleBrowser::restoreHeaderState(const QByteArray& state)
{
    if (!state.isEmpty())
        m_table->horizontalHeader()->restoreState(state);
}

void SampleBrowser::selectNext()
{
    const int row = m_table->currentIndex().isValid() ? m_table->currentIndex().row() : -1;
    if (row + 1 >= m_model->rowCount() && m_model->canFetchMore({}))
        m_model->fetchMore({});
    if (row + 1 < m_model->rowCount())
        selectRow(row + 1);
}

void SampleBrowser::selectPrevious()
{
    const int row = m_table->currentIndex().row();
    if (row > 0)
        selectRow(row - 1);
}

void SampleBrowser::selectSample(qint64 sampleId)
{
    const int row = m_model->rowOfSample(sampleId);
    if (row >= 0)
        selectRow(row);
}

void SampleBrowser::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void SampleBrowser::clearSearch()
{
    m_search->clear();
    applySearch();
}

void SampleBrowser::applySearch()
{
    m_searchTimer->stop();
    m_model->setTextFilter(m_search->text());
}

bool SampleBrowser::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Escape) {
            // First Esc clears the search; a second one (or Esc on an empty field) returns to the table.
            if (m_search->text().isEmpty())
                m_table->setFocus(Qt::ShortcutFocusReason);
            else
                clearSearch();
            return true;
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter || key->key() == Qt::Key_Down) {
            applySearch();
            m_table->setFocus(Qt::ShortcutFocusReason);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void SampleBrowser::populateDatasets()
{
    const QSignalBlocker blocker(m_datasets);
    m_datasets->clear();
    m_datasets->addItem(tr("All datasets"));
    if (!m_workspace)
        return;
    try {
        for (const Dataset& dataset : m_workspace->datasets().list())
            m_datasets->addItem(dataset.name, dataset.id);
    } catch (const WorkspaceError& error) {
        Q_EMIT errorOccurred(error.message());
    }
}

void SampleBrowser::populateCategories()
{
    const QString previous = m_categories->currentData().toString();
    const QSignalBlocker blocker(m_categories);
    m_categories->clear();
    m_categories->addItem(tr("All categories"));
    if (!m_workspace)
        return;
    const QVariant dataset = m_datasets->currentData();
    try {
        const QStringList categories = m_workspace->samples().categories(
            dataset.isValid() ? std::optional<qint64>(dataset.toLongLong()) : std::nullopt);
        for (const QString& category : categories)
            m_categories->addItem(category, category);
    } catch (const WorkspaceError& error) {
        Q_EMIT errorOccurred(error.message());
    }
    m_categories->setCurrentIndex(std::max(0, m_categories->findData(previous)));
}

void SampleBrowser::onDatasetChosen()
{
    populateCategories();
    const QVariant dataset = m_datasets->currentData();
    m_model->setFilters(dataset.isValid() ? std::optional<qint64>(dataset.toLongLong()) : std::nullopt,
        m_categories->currentData().toString(), m_search->text());
}

void SampleBrowser::onCategoryChosen()
{
    m_model->setCategoryFilter(m_categories->currentData().toString());
}

void SampleBrowser::onModelReset()
{
    updateCountLabel();
    // Keep the sample the user was looking at when it survives the new filter; otherwise start at the top.
    const int kept = m_currentSampleId != 0 ? m_model->rowOfSample(m_currentSampleId) : -1;
    if (kept >= 0) {
        selectRow(kept);
    } else if (m_model->rowCount() > 0) {
        selectRow(0);
    } else if (m_currentSampleId != 0) {
        m_currentSampleId = 0;
        Q_EMIT currentSampleChanged(0);
    }
}

void SampleBrowser::onCurrentRowChanged()
{
    const QModelIndex current = m_table->currentIndex();
    const qint64 sampleId = current.isValid() ? m_model->sampleId(current.row()) : 0;
    if (sampleId == m_currentSampleId)
        return;
    m_currentSampleId = sampleId;
    Q_EMIT currentSampleChanged(sampleId);
}

void SampleBrowser::updateCountLabel()
{
    const qint64 total = m_model->totalCount();
    m_countLabel->setText(total == 1 ? tr("1 sample") : tr("%L1 samples").arg(total));
}

void SampleBrowser::selectRow(int row)
{
    const QModelIndex index = m_model->index(row, columnIndex(Column::Question));
    if (!index.isValid())
        return;
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index);
}

} // namespace vlmprobe
