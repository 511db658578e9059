#include "condition_tree_model.h"

#include "condition_kind_labels.h"

#include <QHash>

#include <algorithm>

namespace vlmprobe {

namespace {

QString provenanceSource(const Condition& condition)
{
    return condition.provenance.value(QStringLiteral("source")).toString();
}

QString tooltipOf(const Condition& condition)
{
    QStringList lines;
    lines << conditionKindTitle(condition.kind);
    if (!condition.captionText.isEmpty())
        lines << ConditionTreeModel::tr("Caption: %1").arg(condition.captionText);
    if (!condition.thinkPrefix.isEmpty())
        lines << ConditionTreeModel::tr("Think prefix: %1").arg(condition.thinkPrefix + condition.cueText);
    if (!condition.targetOption.isEmpty())
        lines << ConditionTreeModel::tr("Points at option %1").arg(condition.targetOption);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

ConditionTreeModel::ConditionTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
{
}

void ConditionTreeModel::setConditions(const QList<Condition>& conditions)
{
    beginResetModel();
    m_conditions = conditions;
    std::stable_sort(m_conditions.begin(), m_conditions.end(),
        [](const Condition& left, const Condition& right) { return left.id < right.id; });
    m_nodes.assign(static_cast<size_t>(m_conditions.size()), Node {});
    m_roots.clear();

    QHash<qint64, int> nodeById;
    for (qsizetype i = 0; i < m_conditions.size(); ++i) {
        m_nodes[static_cast<size_t>(i)].condition = i;
        nodeById.insert(m_conditions[i].id, static_cast<int>(i));
    }

    const auto parentNodeOf = [&](int node) -> int {
        const Condition& condition = m_conditions[m_nodes[static_cast<size_t>(node)].condition];
        if (!condition.parentId)
            return -1;
        return nodeById.value(*condition.parentId, -1);
    };
    // A node whose parent chain returns to itself is on a cycle: its link is cut (it becomes a root). Every other
    // chain then ends at a root, so the remaining links form a forest.
    std::vector<int> parents(m_nodes.size(), -1);
    for (int node = 0; node < static_cast<int>(m_nodes.size()); ++node) {
        parents[static_cast<size_t>(node)] = parentNodeOf(node);
        int walker = parentNodeOf(node);
        for (size_t steps = 0; walker >= 0 && steps <= m_nodes.size(); ++steps) {
            if (walker == node) {
                parents[static_cast<size_t>(node)] = -1;
                break;
            }
            walker = parentNodeOf(walker);
        }
    }
    for (int node = 0; node < static_cast<int>(m_nodes.size()); ++node) {
        Node& current = m_nodes[static_cast<size_t>(node)];
        current.parent = parents[static_cast<size_t>(node)];
        std::vector<int>& siblings
            = current.parent < 0 ? m_roots : m_nodes[static_cast<size_t>(current.parent)].children;
        current.row = static_cast<int>(siblings.size());
        siblings.push_back(node);
    }
    endResetModel();
}

void ConditionTreeModel::clear()
{
    setConditions({});
}

const Condition* ConditionTreeModel::condition(const QModelIndex& index) const
{
    const int node = nodeOf(index);
    return node < 0 ? nullptr : &m_conditions[m_nodes[static_cast<size_t>(node)].condition];
}

QModelIndex ConditionTreeModel::indexOf(qint64 conditionId) const
{
    for (size_t node = 0; node < m_nodes.size(); ++node) {
        if (m_conditions[m_nodes[node].condition].id == conditionId)
            return createIndex(m_nodes[node].row, 0, static_cast<quintptr>(node));
    }
    return {};
}

int ConditionTreeModel::nodeOf(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this)
        return -1;
    const auto node = static_cast<size_t>(index.internalId());
    return node < m_nodes.size() ? static_cast<int>(node) : -1;
}

const std::vector<int>& ConditionTreeModel::childrenOf(const QModelIndex& parent) const
{
    const int node = nodeOf(parent);
    return node < 0 ? m_roots : m_nodes[static_cast<size_t>(node)].children;
}

QModelIndex ConditionTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (column < 0 || column >= static_cast<int>(Column::Count) || (parent.isValid() && parent.column() != 0))
        return {};
    const std::vector<int>& children = childrenOf(parent);
    if (row < 0 || row >= static_cast<int>(children.size()))
        return {};
    return createIndex(row, column, static_cast<quintptr>(children[static_cast<size_t>(row)]));
}

QModelIndex ConditionTreeModel::parent(const QModelIndex& child) const
{
    const int node = nodeOf(child);
    if (node < 0)
        return {};
    const int parentNode = m_nodes[static_cast<size_t>(node)].parent;
    if (parentNode < 0)
        return {};
    return createIndex(m_nodes[static_cast<size_t>(parentNode)].row, 0, static_cast<quintptr>(parentNode));
}

int ConditionTreeModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return static_cast<int>(childrenOf(parent).size());
}

int ConditionTreeModel::columnCount(const QModelIndex& /*parent*/) const
{
    return static_cast<int>(Column::Count);
}

QVariant ConditionTreeModel::data(const QModelIndex& index, int role) const
{
    const Condition* item = condition(index);
    if (!item)
        return {};
    const auto column = static_cast<Column>(index.column());
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Column::Name:
            return conditionDisplayName(*item);
        case Column::Kind:
            return conditionKindBadge(item->kind);
        case Column::Target:
            return item->targetOption;
        case Column::Source:
            return provenanceSource(*item);
        case Column::Count:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        return tooltipOf(*item);
    case Qt::TextAlignmentRole:
        if (column == Column::Target)
            return static_cast<int>(Qt::AlignCenter);
        return {};
    case ConditionIdRole:
        return item->id;
    case KindRole:
        return static_cast<int>(item->kind);
    case KindNameRole:
        return conditionKindName(item->kind);
    case KindBadgeRole:
        return conditionKindBadge(item->kind);
    case FamilyRole:
        return static_cast<int>(conditionFamily(item->kind));
    case ParentIdRole:
        return item->parentId ? QVariant(*item->parentId) : QVariant();
    case TargetOptionRole:
        return item->targetOption;
    default:
        return {};
    }
}

QVariant ConditionTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (static_cast<Column>(section)) {
    case Column::Name:
        return tr("Condition");
    case Column::Kind:
        return tr("Kind");
    case Column::Target:
        return tr("Points at");
    case Column::Source:
        return tr("Source");
    case Column::Count:
        break;
    }
    return {};
}

QHash<int, QByteArray> ConditionTreeModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(ConditionIdRole, "conditionId");
    names.insert(KindRole, "kind");
    names.insert(KindNameRole, "kindName");
    names.insert(KindBadgeRole, "kindBadge");
    names.insert(FamilyRole, "family");
    names.insert(ParentIdRole, "parentId");
    names.insert(TargetOptionRole, "targetOption");
    return names;
}

} // namespace vlmprobe
