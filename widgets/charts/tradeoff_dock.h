#pragma once
// TradeoffDock: the trade-off view for a dock of the main window: the TradeoffPlot beside the MetricsTableModel's
// table (sortable), a switch for the plot's y axis (consistency or CAcc) and an export button (PNG, SVG, PDF).
// The metrics are given by the caller (computed off the GUI thread); GUI thread only.

#include "metrics/metrics.h"

#include <QWidget>

class QComboBox;
class QPushButton;
class QSplitter;
class QTableView;

namespace vlmprobe {

class MetricsTableModel;
class TradeoffPlot;

class TradeoffDock : public QWidget {
    Q_OBJECT
public:
    explicit TradeoffDock(QWidget* parent = nullptr);

    void setMetrics(const QList<ConditionMetrics>& metrics);

    TradeoffPlot* plot() const { return m_plot; }
    QTableView* table() const { return m_table; }
    MetricsTableModel* tableModel() const { return m_model; }
    QComboBox* yAxisSwitch() const { return m_yAxis; }

public Q_SLOTS:
    // Asks for a file name and writes the plot as PNG, SVG or PDF (by the chosen suffix).
    void exportPlot();

Q_SIGNALS:
    void errorOccurred(const QString& message);

private:
    MetricsTableModel* m_model = nullptr;
    TradeoffPlot* m_plot = nullptr;
    QTableView* m_table = nullptr;
    QComboBox* m_yAxis = nullptr;
    QPushButton* m_export = nullptr;
    QSplitter* m_splitter = nullptr;
};

} // namespace vlmprobe
