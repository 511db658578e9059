// QCustomPlot's header uses Qt's keyword macros (signals, foreach), which QT_NO_KEYWORDS and QT_NO_FOREACH remove
// from the rest of the project: they are switched back on for this file only, before any Qt header is read.
#undef QT_NO_KEYWORDS
#undef QT_NO_FOREACH

#include "tradeoff_plot.h"

#include "metrics_table_model.h"

#include <QFileInfo>
#include <QHash>
#include <QSvgGenerator>
#include <QToolTip>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace vlmprobe {

namespace {

// Hover and toolTipAt() pick the nearest point within this many pixels.
constexpr double kHoverRadius = 10.0;
constexpr double kAxisPadding = 0.02;

// A qualitative palette (Tableau 10): distinguishable colours for up to ten conditions, then it repeats.
QColor paletteColor(int index)
{
    static const QRgb colors[]
        = { 0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac };
    return QColor(colors[index % int(std::size(colors))]);
}

QString modelLabel(const ConditionMetrics& row)
{
    if (!row.trainingStep)
        return row.modelName;
    return TradeoffPlot::tr("%1 (step %2)").arg(row.modelName).arg(*row.trainingStep);
}

QCPErrorBars* errorBarsOf(QCustomPlot* plot, QCPGraph* graph, QCPErrorBars::ErrorType type)
{
    for (int i = 0; i < plot->plottableCount(); ++i) {
        auto* bars = qobject_cast<QCPErrorBars*>(plot->plottable(i));
        if (bars && bars->dataPlottable() == graph && bars->errorType() == type)
            return bars;
    }
    return nullptr;
}

} // namespace

TradeoffPlot::TradeoffPlot(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setObjectName(QStringLiteral("tradeoffCustomPlot"));
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setMouseTracking(true);
    m_plot->xAxis->setLabel(tr("Accuracy"));
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignLeft);
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) { onMouseMove(event->pos()); });
    rebuild();
}

TradeoffPlot::~TradeoffPlot() = default;

void TradeoffPlot::setMetrics(const QList<ConditionMetrics>& metrics)
{
    m_metrics = metrics;
    rebuild();
}

void TradeoffPlot::setYAxis(YAxis axis)
{
    if (axis == m_yAxis)
        return;
    m_yAxis = axis;
    rebuild();
}

const Estimate& TradeoffPlot::yEstimate(const ConditionMetrics& row) const
{
    return m_yAxis == YAxis::Consistency ? row.consistency : row.consistencyAdjustedAccuracy;
}

double TradeoffPlot::yValue(const ConditionMetrics& row) const
{
    return yEstimate(row).value;
}

QColor TradeoffPlot::conditionColor(const QString& condition) const
{
    const qsizetype index = m_conditions.indexOf(condition);
    return index < 0 ? QColor() : paletteColor(int(index));
}

void TradeoffPlot::rebuild()
{
    m_plot->clearItems();
    m_plot->clearPlottables();
    m_shownRows.clear();
    m_conditions.clear();
    m_hidden = 0;
    m_plot->yAxis->setLabel(m_yAxis == YAxis::Consistency ? tr("Consistency") : tr("Consistency-adjusted accuracy"));

    for (const ConditionMetrics& row : std::as_const(m_metrics)) {
        if (!m_conditions.contains(row.condition))
            m_conditions.append(row.condition);
    }

    for (const QString& condition : std::as_const(m_conditions)) {
        QList<int> rows;
        for (int i = 0; i < m_metrics.size(); ++i) {
            const ConditionMetrics& row = m_metrics[i];
            if (row.condition != condition)
                continue;
            if (row.accuracy.n > 0 && yEstimate(row).n > 0)
                rows.append(i);
            else
                ++m_hidden;
        }
        // QCPGraph keeps its data sorted by key; the error bars follow the graph's data order, so both are given
        // the same, already sorted order.
        std::stable_sort(rows.begin(), rows.end(),
            [this](int a, int b) { return m_metrics[a].accuracy.value < m_metrics[b].accuracy.value; });
        m_shownRows.append(rows);

        const QColor color = conditionColor(condition);
        QVector<double> x, y, xMinus, xPlus, yMinus, yPlus;
        for (const int i : std::as_const(rows)) {
            const ConditionMetrics& row = m_metrics[i];
            const Estimate& yEst = yEstimate(row);
            x << row.accuracy.value;
            y << yEst.value;
            xMinus << row.accuracy.value - row.accuracy.low;
            xPlus << row.accuracy.high - row.accuracy.value;
            yMinus << yEst.value - yEst.low;
            yPlus << yEst.high - yEst.value;
        }
        QCPGraph* graph = m_plot->addGraph();
        graph->setName(condition);
        graph->setLineStyle(QCPGraph::lsNone);
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, color, 8));
        graph->setPen(QPen(color));
        graph->setData(x, y, true);
        for (const auto type : { QCPErrorBars::etKeyError, QCPErrorBars::etValueError }) {
            auto* bars = new QCPErrorBars(m_plot->xAxis, m_plot->yAxis);
            bars->removeFromLegend();
            bars->setErrorType(type);
            bars->setDataPlottable(graph);
            bars->setPen(QPen(color.lighter(120), 1.2));
            if (type == QCPErrorBars::etKeyError)
                bars->setData(xMinus, xPlus);
            else
                bars->setData(yMinus, yPlus);
        }
    }

    // Checkpoints of one series (per condition and dataset) joined by arrows in training-step order.
    std::map<std::tuple<QString, QString, QString>, QList<int>> series;
    for (const int i : std::as_const(m_shownRows)) {
        const ConditionMetrics& row = m_metrics[i];
        if (!row.seriesName.isEmpty() && row.trainingStep)
            series[{ row.condition, row.seriesName, row.datasetName }].append(i);
    }
    for (auto& [key, rows] : series) {
        std::stable_sort(rows.begin(), rows.end(),
            [this](int a, int b) { return *m_metrics[a].trainingStep < *m_metrics[b].trainingStep; });
        const QColor color = conditionColor(std::get<0>(key));
        for (qsizetype k = 1; k < rows.size(); ++k) {
            const ConditionMetrics& from = m_metrics[rows[k - 1]];
            const ConditionMetrics& to = m_metrics[rows[k]];
            auto* arrow = new QCPItemLine(m_plot);
            arrow->setPen(QPen(color, 1.5));
            arrow->start->setCoords(from.accuracy.value, yValue(from));
            arrow->end->setCoords(to.accuracy.value, yValue(to));
            arrow->setHead(QCPLineEnding(QCPLineEnding::esSpikeArrow, 10, 12));
        }
    }

    if (m_hidden > 0) {
        auto* note = new QCPItemText(m_plot);
        note->position->setType(QCPItemPosition::ptAxisRectRatio);
        note->position->setCoords(0.01, 0.01);
        note->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        note->setText(m_yAxis == YAxis::Consistency
                ? tr("%n row(s) without judged runs not shown", nullptr, m_hidden)
                : tr("%n row(s) without judged runs not shown (CAcc needs judgments)", nullptr, m_hidden));
        note->setColor(palette().color(QPalette::PlaceholderText));
    }

    m_plot->xAxis->setRange(-kAxisPadding, 1.0 + kAxisPadding);
    m_plot->yAxis->setRange(-kAxisPadding, 1.0 + kAxisPadding);
    m_plot->legend->setVisible(!m_conditions.isEmpty());
    m_plot->replot();
}

int TradeoffPlot::pointCount() const
{
    int count = 0;
    for (int i = 0; i < m_plot->graphCount(); ++i)
        count += m_plot->graph(i)->dataCount();
    return count;
}

int TradeoffPlot::errorBarCount() const
{
    int count = 0;
    for (int i = 0; i < m_plot->plottableCount(); ++i) {
        if (auto* bars = qobject_cast<QCPErrorBars*>(m_plot->plottable(i)))
            count += bars->dataCount();
    }
    return count;
}

int TradeoffPlot::arrowCount() const
{
    int count = 0;
    for (int i = 0; i < m_plot->itemCount(); ++i)
        count += qobject_cast<QCPItemLine*>(m_plot->item(i)) != nullptr;
    return count;
}

QList<TradeoffPoint> TradeoffPlot::points() const
{
    QList<TradeoffPoint> result;
    int shown = 0;
    for (int g = 0; g < m_plot->graphCount(); ++g) {
        QCPGraph* graph = m_plot->graph(g);
        QCPErrorBars* xBars = errorBarsOf(m_plot, graph, QCPErrorBars::etKeyError);
        QCPErrorBars* yBars = errorBarsOf(m_plot, graph, QCPErrorBars::etValueError);
        const auto data = graph->data();
        for (int k = 0; k < data->size(); ++k) {
            const QCPGraphData& point = *(data->constBegin() + k);
            TradeoffPoint out;
            const ConditionMetrics& row = m_metrics[m_shownRows.value(shown++)];
            out.model = modelLabel(row);
            out.condition = graph->name();
            out.position = QPointF(point.key, point.value);
            if (xBars && k < xBars->data()->size()) {
                out.xLow = point.key - xBars->data()->at(k).errorMinus;
                out.xHigh = point.key + xBars->data()->at(k).errorPlus;
            }
            if (yBars && k < yBars->data()->size()) {
                out.yLow = point.value - yBars->data()->at(k).errorMinus;
                out.yHigh = point.value + yBars->data()->at(k).errorPlus;
            }
            out.color = graph->scatterStyle().brush().color();
            result.append(out);
        }
    }
    return result;
}

QPointF TradeoffPlot::pixelPosition(QPointF plotPosition) const
{
    return QPointF(m_plot->xAxis->coordToPixel(plotPosition.x()), m_plot->yAxis->coordToPixel(plotPosition.y()))
        + QPointF(m_plot->pos());
}

QString TradeoffPlot::toolTipAt(QPoint widgetPos) const
{
    int best = -1;
    double bestDistance = kHoverRadius;
    for (const int i : std::as_const(m_shownRows)) {
        const ConditionMetrics& row = m_metrics[i];
        const QPointF delta = pixelPosition(QPointF(row.accuracy.value, yValue(row))) - QPointF(widgetPos);
        const double distance = std::hypot(delta.x(), delta.y());
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = i;
        }
    }
    if (best < 0)
        return {};
    const ConditionMetrics& row = m_metrics[best];
    QString text = modelLabel(row);
    if (!row.seriesName.isEmpty())
        text += tr(" — series %1").arg(row.seriesName);
    text += u'\n' + tr("Condition: %1").arg(row.condition);
    if (!row.datasetName.isEmpty())
        text += tr(" on %1").arg(row.datasetName);
    text += u'\n' + tr("n = %1").arg(row.n);
    text += u'\n' + tr("Accuracy: %1").arg(MetricsTableModel::formatEstimate(row.accuracy));
    text += u'\n' + tr("Consistency: %1").arg(MetricsTableModel::formatEstimate(row.consistency));
    text += u'\n' + tr("CAcc: %1").arg(MetricsTableModel::formatEstimate(row.consistencyAdjustedAccuracy));
    return text;
}

void TradeoffPlot::onMouseMove(QPoint position)
{
    const QPoint widgetPos = m_plot->mapTo(this, position);
    const QString text = toolTipAt(widgetPos);
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(m_plot->mapToGlobal(position), text, m_plot);
}

bool TradeoffPlot::savePng(const QString& path, int width, int height) const
{
    return m_plot->savePng(path, width, height);
}

bool TradeoffPlot::savePdf(const QString& path, int width, int height) const
{
    return m_plot->savePdf(path, width, height);
}

bool TradeoffPlot::saveSvg(const QString& path, int width, int height) const
{
    const int w = width > 0 ? width : m_plot->width();
    const int h = height > 0 ? height : m_plot->height();
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(QSize(w, h));
    generator.setViewBox(QRect(0, 0, w, h));
    generator.setTitle(tr("Accuracy-faithfulness trade-off"));
    QCPPainter painter;
    if (!painter.begin(&generator))
        return false;
    m_plot->toPainter(&painter, w, h);
    painter.end();
    return QFileInfo(path).size() > 0;
}

bool TradeoffPlot::saveFile(const QString& path) const
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"png")
        return savePng(path);
    if (suffix == u"pdf")
        return savePdf(path);
    if (suffix == u"svg")
        return saveSvg(path);
    return false;
}

} // namespace vlmprobe
