#pragma once
// MetricsTableModel: one row per model x condition (x dataset) of computeMetrics() (core/metrics/metrics.h), with
// the protocol's metrics as columns. Estimates show as "value [low, high]" (95% bootstrap interval); an undefined
// estimate (n == 0) or an absent mean shows as an em dash. Sortable on every column by SortRole, where undefined
// values sort before every defined one; ties keep the computeMetrics order (stable sort).
//
// Holds a copy of the metrics; GUI thread only.

#include "metrics/metrics.h"

#include <QAbstractTableModel>
#include <QList>

namespace vlmprobe {

class MetricsTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum class Column {
        Model,
        Condition,
        Dataset,
        N,
        Accuracy,
        Drop,
        Retention,
        Consistency,
        ConsistencyAdjustedAccuracy,
        Quadrants,
        MeanEntropy,
        PCorrect,
        LetterMass,
        FormatFailures,
        Count
    };
    enum Role {
        SortRole = Qt::UserRole + 1, // double for numbers (NaN when undefined), QString for texts
        ValueRole, // double, the point estimate or mean; invalid QVariant when undefined
        LowRole, // double, lower interval bound (estimate columns); invalid otherwise
        HighRole, // double, upper interval bound (estimate columns); invalid otherwise
        CountRole, // int, the estimate's n (estimate columns) or the row's run count
        ModelIdRole, // qint64
    };

    explicit MetricsTableModel(QObject* parent = nullptr);

    void setMetrics(const QList<ConditionMetrics>& metrics);
    void clear();
    // nullptr for an out-of-range row. Valid until the next setMetrics() or sort().
    const ConditionMetrics* metrics(int row) const;

    // "0.742 [0.701, 0.780]"; signed ("+0.120 [...]") for differences; an em dash when n == 0.
    static QString formatEstimate(const Estimate& estimate, bool signedValue = false);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

private:
    QList<ConditionMetrics> m_rows;
};

} // namespace vlmprobe
