#pragma once
// TradeoffPlot: the accuracy-faithfulness scatter of protocol.md ("The accuracy-faithfulness trade-off").
// x = accuracy, y = consistency (or consistency-adjusted accuracy), one point per ConditionMetrics row (a model or
// a checkpoint under one condition), one colour per condition, 95% bootstrap error bars on both axes, and the
// checkpoints of one training series joined by arrows in trainingStep order (per condition and dataset). Hovering
// a point shows its model, condition, n and values with intervals.
//
// A row whose accuracy or y estimate is undefined (n == 0, e.g. no judged runs) has no position: it is counted in
// hiddenCount() and named in the plot's note instead of being drawn at 0.
//
// QCustomPlot stays an implementation detail (its header is included by the .cpp only). GUI thread only.

#include "metrics/metrics.h"

#include <QColor>
#include <QList>
#include <QPointF>
#include <QString>
#include <QWidget>

class QCustomPlot;

namespace vlmprobe {

// One drawn point, read back from the plot's data (for tests and for the table's selection).
struct TradeoffPoint {
    QString model; // display name, "name (step N)" for a checkpoint
    QString condition;
    QPointF position; // (accuracy, y)
    double xLow = 0; // interval bounds of accuracy and y
    double xHigh = 0;
    double yLow = 0;
    double yHigh = 0;
    QColor color;

    friend bool operator==(const TradeoffPoint&, const TradeoffPoint&) = default;
};

class TradeoffPlot : public QWidget {
    Q_OBJECT
public:
    enum class YAxis { Consistency, ConsistencyAdjustedAccuracy };

    explicit TradeoffPlot(QWidget* parent = nullptr);
    ~TradeoffPlot() override;

    void setMetrics(const QList<ConditionMetrics>& metrics);
    YAxis yAxis() const { return m_yAxis; }
    void setYAxis(YAxis axis);

    int pointCount() const;
    int hiddenCount() const { return m_hidden; }
    // The points as plotted, condition by condition (in legend order), each condition's by ascending accuracy.
    QList<TradeoffPoint> points() const;
    // The conditions in legend order (first appearance in the metrics) and their colours.
    QStringList conditions() const { return m_conditions; }
    QColor conditionColor(const QString& condition) const;
    // Arrows joining consecutive checkpoints of a series.
    int arrowCount() const;
    // Error bars drawn: one per point and axis.
    int errorBarCount() const;
    // The hover text for the point nearest to `widgetPos` (within a few pixels); empty when none is near.
    QString toolTipAt(QPoint widgetPos) const;
    // Where a point is drawn, in this widget's coordinates.
    QPointF pixelPosition(QPointF plotPosition) const;

    // Exports at the given size in pixels (0 = the widget's size). False when the file cannot be written.
    bool savePng(const QString& path, int width = 0, int height = 0) const;
    bool savePdf(const QString& path, int width = 0, int height = 0) const;
    bool saveSvg(const QString& path, int width = 0, int height = 0) const;
    // By the file's suffix: .png, .pdf or .svg; false for another suffix.
    bool saveFile(const QString& path) const;

    QCustomPlot* customPlot() const { return m_plot; }

private:
    void rebuild();
    void onMouseMove(QPoint position);
    double yValue(const ConditionMetrics& row) const;
    const Estimate& yEstimate(const ConditionMetrics& row) const;

    QCustomPlot* m_plot = nullptr;
    QList<ConditionMetrics> m_metrics;
    YAxis m_yAxis = YAxis::Consistency;
    QStringList m_conditions;
    QList<int> m_shownRows; // indexes into m_metrics of the rows drawn, in points() order
    int m_hidden = 0;
};

} // namespace vlmprobe
