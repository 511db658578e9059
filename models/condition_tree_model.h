#pragma once
// ConditionTreeModel: the conditions of one sample as their lineage tree (parent condition -> derived
// conditions). A condition whose parent is not among the given conditions, or whose parent chain loops, is shown
// as a root, so bad lineage never hides a condition. Siblings are ordered by id (creation order).
// Holds copies of the conditions; GUI thread only.

#include "workspace/records.h"

#include <QAbstractItemModel>
#include <QList>

#include <optional>
#include <vector>

namespace vlmprobe {

class ConditionTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum class Column { Name, Kind, Target, Source, Count };
    enum Role {
        ConditionIdRole = Qt::UserRole + 1, // qint64
        KindRole, // int(ConditionKind)
        KindNameRole, // stored kebab-case name, e.g. "wrong-think"
        KindBadgeRole, // short badge text, e.g. "WT"
        FamilyRole, // int(ConditionFamily)
        ParentIdRole, // qint64, invalid QVariant for a root in the data
        TargetOptionRole, // letter or empty
    };

    explicit ConditionTreeModel(QObject* parent = nullptr);

    void setConditions(const QList<Condition>& conditions);
    void clear();

    // The condition at `index` (any column); nullptr for an invalid index. Valid until the next setConditions().
    const Condition* condition(const QModelIndex& index) const;
    // Column-0 index of the condition with `conditionId`; invalid when absent.
    QModelIndex indexOf(qint64 conditionId) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Node {
        qsizetype condition = 0; // index into m_conditions
        int parent = -1; // index into m_nodes; -1 for a root
        int row = 0; // position among its siblings
        std::vector<int> children;
    };

    const std::vector<int>& childrenOf(const QModelIndex& parent) const;
    int nodeOf(const QModelIndex& index) const;

    QList<Condition> m_conditions;
    std::vector<Node> m_nodes;
    std::vector<int> m_roots;
};

} // namespace vlmprobe
