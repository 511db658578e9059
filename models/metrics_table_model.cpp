#include "metrics_table_model.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

namespace vlmprobe {

namespace {

const Estimate* estimateOf(const ConditionMetrics& row, MetricsTableModel::Column column)
{
    using Column = MetricsTableModel::Column;
    switch (column) {
    case Column::Accuracy:
        return &row.accuracy;
    case Column::Drop:
        return &row.drop;
    case Column::Retention:
        return &row.retention;
    case Column::Consistency:
        return &row.consistency;
    case Column::ConsistencyAdjustedAccuracy:
        return &row.consistencyAdjustedAccuracy;
    default:
        return nullptr;
    }
}

std::optional<double> meanOf(const ConditionMetrics& row, MetricsTableModel::Column column)
{
    using Column = MetricsTableModel::Column;
    switch (column) {
    case Column::MeanEntropy:
        return row.meanEntropy;
    case Column::PCorrect:
        return row.meanPCorrect;
    case Column::LetterMass:
        return row.meanLetterMass;
    case Column::FormatFailures:
        return row.formatFailureRate;
    case Column::Quadrants:
        // Sorted by the share of the faithful-and-right quadrant, the one the trade-off is about.
        return row.consistentCorrect;
    case Column::N:
        return double(row.n);
    default:
        return std::nullopt;
    }
}

QString dash()
{
    return QString(QChar(0x2014));
}

QString number(double value)
{
    return QString::number(value, 'f', 3);
}

QString modelLabel(const ConditionMetrics& row)
{
    if (!row.trainingStep)
        return row.modelName;
    return MetricsTableModel::tr("%1 (step %2)").arg(row.modelName).arg(*row.trainingStep);
}

QString quadrantText(const ConditionMetrics& row)
{
    if (row.consistency.n == 0)
        return dash();
    const auto percent = [](double share) { return QString::number(qRound(share * 100.0)); };
    return MetricsTableModel::tr("CC %1% · IC %2% · CI %3% · II %4%")
        .arg(percent(row.consistentCorrect), percent(row.inconsistentCorrect), percent(row.consistentIncorrect),
            percent(row.inconsistentIncorrect));
}

QVariant sortKey(const ConditionMetrics& row, MetricsTableModel::Column column)
{
    using Column = MetricsTableModel::Column;
    switch (column) {
    case Column::Model:
        return modelLabel(row);
    case Column::Condition:
        return row.condition;
    case Column::Dataset:
        return row.datasetName;
    default:
        break;
    }
    if (const Estimate* estimate = estimateOf(row, column))
        return estimate->n > 0 ? estimate->value : std::numeric_limits<double>::quiet_NaN();
    const std::optional<double> mean = meanOf(row, column);
    return mean ? *mean : std::numeric_limits<double>::quiet_NaN();
}

// Strict weak order with undefined (NaN) numbers first.
bool lessThan(const QVariant& a, const QVariant& b)
{
    if (a.typeId() == QMetaType::QString)
        return QString::localeAwareCompare(a.toString(), b.toString()) < 0;
    const double x = a.toDouble();
    const double y = b.toDouble();
    if (std::isnan(x) || std::isnan(y))
        return std::isnan(x) && !std::isnan(y);
    return x < y;
}

} // namespace

MetricsTableModel::MetricsTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void MetricsTableModel::setMetrics(const QList<ConditionMetrics>& metrics)
{
    beginResetModel();
    m_rows = metrics;
    endResetModel();
}

void MetricsTableModel::clear()
{
    setMetrics({});
}

const ConditionMetrics* MetricsTableModel::metrics(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return nullptr;
    return &m_rows[row];
}

QString MetricsTableModel::formatEstimate(const Estimate& estimate, bool signedValue)
{
    if (estimate.n == 0)
        return dash();
    QString value = number(estimate.value);
    if (signedValue && estimate.value >= 0.0)
        value.prepend(QLatin1Char('+'));
    return tr("%1 [%2, %3]").arg(value, number(estimate.low), number(estimate.high));
}

int MetricsTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MetricsTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

QVariant MetricsTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConditionMetrics& row = m_rows[index.row()];
    const auto column = Column(index.column());
    const Estimate* estimate = estimateOf(row, column);
    const std::optional<double> mean = meanOf(row, column);

    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Column::Model:
            return modelLabel(row);
        case Column::Condition:
            return row.condition;
        case Column::Dataset:
            return row.datasetName;
        case Column::N:
            return row.n;
        case Column::Quadrants:
            return quadrantText(row);
        default:
            break;
        }
        if (estimate)
            return formatEstimate(*estimate, column == Column::Drop);
        return mean ? number(*mean) : dash();
    case Qt::TextAlignmentRole:
        if (column == Column::Model || column == Column::Condition || column == Column::Dataset)
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (estimate && estimate->n > 0)
            return tr("%1 (n = %2)").arg(formatEstimate(*estimate, column == Column::Drop)).arg(estimate->n);
        if (column == Column::Model)
            return row.seriesName.isEmpty() ? row.modelName : tr("%1, series %2").arg(modelLabel(row), row.seriesName);
        return {};
    case SortRole:
        return sortKey(row, column);
    case ValueRole:
        if (estimate)
            return estimate->n > 0 ? QVariant(estimate->value) : QVariant();
        return mean ? QVariant(*mean) : QVariant();
    case LowRole:
        return estimate && estimate->n > 0 ? QVariant(estimate->low) : QVariant();
    case HighRole:
        return estimate && estimate->n > 0 ? QVariant(estimate->high) : QVariant();
    case CountRole:
        return estimate ? estimate->n : row.n;
    case ModelIdRole:
        return row.modelId;
    default:
        return {};
    }
}

QVariant MetricsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= int(Column::Count))
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (Column(section)) {
        case Column::Model:
            return tr("Model");
        case Column::Condition:
            return tr("Condition");
        case Column::Dataset:
            return tr("Dataset");
        case Column::N:
            return tr("n");
        case Column::Accuracy:
            return tr("Acc [95% CI]");
        case Column::Drop:
            return tr("Δ Acc");
        case Column::Retention:
            return tr("Retention");
        case Column::Consistency:
            return tr("Cons");
        case Column::ConsistencyAdjustedAccuracy:
            return tr("CAcc");
        case Column::Quadrants:
            return tr("Quadrants");
        case Column::MeanEntropy:
            return tr("Mean H");
        case Column::PCorrect:
            return tr("P(correct)");
        case Column::LetterMass:
            return tr("Letter mass");
        case Column::FormatFailures:
            return tr("Format failures");
        case Column::Count:
            break;
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case Column::Drop:
            return tr("Acc under Base minus Acc under this condition, on the samples run under both");
        case Column::Retention:
            return tr("P(correct under this condition | correct under Base)");
        case Column::Consistency:
            return tr("Share of judged runs whose reasoning supports the answer");
        case Column::ConsistencyAdjustedAccuracy:
            return tr("Share of judged runs that are correct and consistent");
        case Column::Quadrants:
            return tr("Consistent/inconsistent x correct/incorrect shares of the judged runs");
        case Column::MeanEntropy:
            return tr("Mean entropy of the answer-letter distribution (nats)");
        case Column::LetterMass:
            return tr("Mean raw softmax mass of the option-letter tokens");
        default:
            break;
        }
    }
    return {};
}

QHash<int, QByteArray> MetricsTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SortRole, "sortKey");
    names.insert(ValueRole, "value");
    names.insert(LowRole, "low");
    names.insert(HighRole, "high");
    names.insert(CountRole, "count");
    names.insert(ModelIdRole, "modelId");
    return names;
}

void MetricsTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= int(Column::Count))
        return;
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    QList<int> permutation(m_rows.size());
    for (int i = 0; i < permutation.size(); ++i)
        permutation[i] = i;
    QList<QVariant> keys;
    keys.reserve(m_rows.size());
    for (const ConditionMetrics& row : std::as_const(m_rows))
        keys.append(sortKey(row, Column(column)));
    std::stable_sort(permutation.begin(), permutation.end(), [&](int a, int b) {
        return order == Qt::AscendingOrder ? lessThan(keys[a], keys[b]) : lessThan(keys[b], keys[a]);
    });

    QList<ConditionMetrics> sorted;
    sorted.reserve(m_rows.size());
    QList<int> newRowOf(m_rows.size());
    for (int newRow = 0; newRow < permutation.size(); ++newRow) {
        sorted.append(m_rows[permutation[newRow]]);
        newRowOf[permutation[newRow]] = newRow;
    }
    m_rows = std::move(sorted);

    const QModelIndexList before = persistentIndexList();
    QModelIndexList after;
    after.reserve(before.size());
    for (const QModelIndex& index : before)
        after.append(index.isValid() ? createIndex(newRowOf[index.row()], index.column()) : QModelIndex());
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

} // namespace vlmprobe
