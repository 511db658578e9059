#include "sample_table_model.h"

#include "workspace/sample_repository.h"
#include "workspace/workspace_error.h"

#include <algorithm>

namespace vlmprobe {

namespace {

constexpr int kQuestionPreviewLength = 200;
constexpr int kTooltipLength = 1000;

QString firstLine(const QString& text, int maximumLength)
{
    QString line = text.simplified();
    if (line.size() > maximumLength)
        line = line.left(maximumLength - 1) + QChar(0x2026);
    return line;
}

} // namespace

SampleTableModel::SampleTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
    m_query.limit = kPageSize;
}

void SampleTableModel::setRepository(SampleRepository* repository)
{
    m_repository = repository;
    reload();
}

void SampleTableModel::setDatasetFilter(std::optional<qint64> datasetId)
{
    if (m_query.datasetId == datasetId)
        return;
    m_query.datasetId = datasetId;
    reload();
}

void SampleTableModel::setCategoryFilter(const QString& category)
{
    if (m_query.category == category)
        return;
    m_query.category = category;
    reload();
}

void SampleTableModel::setTextFilter(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (m_query.text == trimmed)
        return;
    m_query.text = trimmed;
    reload();
}

void SampleTableModel::setFilters(std::optional<qint64> datasetId, const QString& category, const QString& text)
{
    const QString trimmed = text.trimmed();
    if (m_query.datasetId == datasetId && m_query.category == category && m_query.text == trimmed)
        return;
    m_query.datasetId = datasetId;
    m_query.category = category;
    m_query.text = trimmed;
    reload();
}

void SampleTableModel::reload()
{
    m_notifying = true;
    beginResetModel();
    m_rows.clear();
    m_totalCount = 0;
    QString failure;
    if (m_repository) {
        try {
            SampleQuery firstPage = m_query;
            firstPage.offset = 0;
            firstPage.limit = kPageSize;
            m_totalCount = m_repository->count(firstPage);
            m_rows = m_repository->page(firstPage);
        } catch (const WorkspaceError& error) {
            m_rows.clear();
            m_totalCount = 0;
            failure = error.message();
        }
    }
    endResetModel();
    m_notifying = false;
    Q_EMIT totalCountChanged(m_totalCount);
    if (!failure.isEmpty())
        Q_EMIT loadFailed(failure);
}

qint64 SampleTableModel::sampleId(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].id : 0;
}

int SampleTableModel::rowOfSample(qint64 sampleId) const
{
    const auto found
        = std::find_if(m_rows.cbegin(), m_rows.cend(), [sampleId](const SampleRow& row) { return row.id == sampleId; });
    return found == m_rows.cend() ? -1 : static_cast<int>(found - m_rows.cbegin());
}

int SampleTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int SampleTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(Column::Count);
}

QVariant SampleTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SampleRow& row = m_rows[index.row()];
    const auto column = static_cast<Column>(index.column());
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Column::Id:
            return row.id;
        case Column::Dataset:
            return row.datasetName;
        case Column::ExternalId:
            return row.externalId;
        case Column::Category:
            return row.category;
        case Column::Question:
            return firstLine(row.question, kQuestionPreviewLength);
        case Column::OptionCount:
            return row.optionCount;
        case Column::Gold:
            return row.goldAnswer;
        case Column::ConditionCount:
            return row.conditionCount;
        case Column::RunCount:
            return row.runCount;
        case Column::Count:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (column == Column::Question)
            return firstLine(row.question, kTooltipLength);
        return {};
    case Qt::TextAlignmentRole:
        switch (column) {
        case Column::Id:
        case Column::OptionCount:
        case Column::ConditionCount:
        case Column::RunCount:
            return static_cast<int>(Qt::AlignRight | Qt::AlignVCenter);
        case Column::Gold:
            return static_cast<int>(Qt::AlignCenter);
        default:
            return {};
        }
    case SampleIdRole:
        return row.id;
    case DatasetNameRole:
        return row.datasetName;
    case ExternalIdRole:
        return row.externalId;
    case CategoryRole:
        return row.category;
    case QuestionRole:
        return row.question;
    case GoldAnswerRole:
        return row.goldAnswer;
    default:
        return {};
    }
}

QVariant SampleTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (static_cast<Column>(section)) {
        case Column::OptionCount:
            return tr("Number of options");
        case Column::ConditionCount:
            return tr("Number of conditions (ways of presenting the sample)");
        case Column::RunCount:
            return tr("Number of stored runs over all conditions");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (static_cast<Column>(section)) {
    case Column::Id:
        return tr("#");
    case Column::Dataset:
        return tr("Dataset");
    case Column::ExternalId:
        return tr("Id");
    case Column::Category:
        return tr("Category");
    case Column::Question:
        return tr("Question");
    case Column::OptionCount:
        return tr("Opt.");
    case Column::Gold:
        return tr("Gold");
    case Column::ConditionCount:
        return tr("Cond.");
    case Column::RunCount:
        return tr("Runs");
    case Column::Count:
        break;
    }
    return {};
}

QHash<int, QByteArray> SampleTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SampleIdRole, "sampleId");
    names.insert(DatasetNameRole, "datasetName");
    names.insert(ExternalIdRole, "externalId");
    names.insert(CategoryRole, "category");
    names.insert(QuestionRole, "question");
    names.insert(GoldAnswerRole, "goldAnswer");
    return names;
}

bool SampleTableModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && m_repository && m_rows.size() < m_totalCount;
}

void SampleTableModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    if (m_notifying) {
        if (!m_fetchQueued) {
            m_fetchQueued = true;
            QMetaObject::invokeMethod(
                this,
                [this] {
                    m_fetchQueued = false;
                    fetchMore({});
                },
                Qt::QueuedConnection);
        }
        return;
    }
    fetchNextPage();
}

void SampleTableModel::fetchNextPage()
{
    QList<SampleRow> page;
    try {
        SampleQuery nextPage = m_query;
        nextPage.offset = m_rows.size();
        nextPage.limit = kPageSize;
        page = m_repository->page(nextPage);
    } catch (const WorkspaceError& error) {
        // Stop paging: the rows already shown stay valid, and the view will not ask again.
        m_totalCount = m_rows.size();
        Q_EMIT loadFailed(error.message());
        return;
    }
    if (page.isEmpty()) {
        // The workspace shrank since the count: stop paging instead of asking forever.
        m_totalCount = m_rows.size();
        return;
    }
    const int first = static_cast<int>(m_rows.size());
    m_notifying = true;
    beginInsertRows({}, first, first + static_cast<int>(page.size()) - 1);
    m_rows.append(page);
    endInsertRows();
    m_notifying = false;
}

void SampleTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= static_cast<int>(Column::Count))
        return;
    const SampleColumn sortColumn = repositoryColumn(static_cast<Column>(column));
    const bool ascending = order == Qt::AscendingOrder;
    if (m_query.sortColumn == sortColumn && m_query.ascending == ascending)
        return;
    m_query.sortColumn = sortColumn;
    m_query.ascending = ascending;
    reload();
}

SampleColumn SampleTableModel::repositoryColumn(Column column)
{
    switch (column) {
    case Column::Id:
        return SampleColumn::Id;
    case Column::Dataset:
        return SampleColumn::Dataset;
    case Column::ExternalId:
        return SampleColumn::ExternalId;
    case Column::Category:
        return SampleColumn::Category;
    case Column::Question:
        return SampleColumn::Question;
    case Column::OptionCount:
        return SampleColumn::OptionCount;
    case Column::Gold:
        return SampleColumn::Gold;
    case Column::ConditionCount:
        return SampleColumn::ConditionCount;
    case Column::RunCount:
        return SampleColumn::RunCount;
    case Column::Count:
        break;
    }
    return SampleColumn::Id;
}

} // namespace vlmprobe
