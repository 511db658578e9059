// TradeoffPlot and TradeoffDock from hand-made metrics: which points are drawn where, their error bars, the
// series arrows, hover text, the y-axis switch and non-empty PNG/SVG/PDF exports.

#include "charts/tradeoff_dock.h"
#include "charts/tradeoff_plot.h"
#include "metrics_table_model.h"

#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QSet>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace vlmprobe;

namespace {

ConditionMetrics row(const QString& model, const QString& condition, double accuracy, double consistency, double cacc,
    std::optional<qint64> step = std::nullopt)
{
    ConditionMetrics metrics;
    metrics.modelId = step ? *step : 1;
    metrics.modelName = model;
    metrics.condition = condition;
    metrics.n = 40;
    metrics.accuracy = Estimate { accuracy, accuracy - 0.1, accuracy + 0.1, 40 };
    metrics.consistency = Estimate { consistency, consistency - 0.1, consistency + 0.05, 40 };
    metrics.consistencyAdjustedAccuracy = Estimate { cacc, cacc - 0.05, cacc + 0.1, 40 };
    if (step) {
        metrics.seriesName = QStringLiteral("R1");
        metrics.trainingStep = step;
    }
    return metrics;
}

QList<ConditionMetrics> metrics()
{
    ConditionMetrics unjudged = row(QStringLiteral("Base-7B"), QStringLiteral("wrong-think"), 0.25, 0, 0);
    unjudged.consistency = {};
    unjudged.consistencyAdjustedAccuracy = {};
    return {
        row(QStringLiteral("SpaceR"), QStringLiteral("base"), 0.75, 0.875, 0.625),
        row(QStringLiteral("R1"), QStringLiteral("base"), 0.5, 0.875, 0.5, 300),
        row(QStringLiteral("R1"), QStringLiteral("base"), 0.625, 0.75, 0.5, 100),
        row(QStringLiteral("R1"), QStringLiteral("base"), 0.875, 0.5, 0.375, 200),
        row(QStringLiteral("SpaceR"), QStringLiteral("wrong-think"), 0.5, 0.625, 0.25),
        unjudged,
    };
}

} // namespace

class TestTradeoffPlot : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void plotsPointsWithErrorBars();
    void switchesTheYAxis();
    void hoverNamesThePoint();
    void exports();
    void dockShowsPlotAndTable();
};

void TestTradeoffPlot::plotsPointsWithErrorBars()
{
    TradeoffPlot plot;
    plot.resize(640, 480);
    plot.setMetrics(metrics());
    QCOMPARE(plot.pointCount(), 5);
    QCOMPARE(plot.hiddenCount(), 1);
    QCOMPARE(plot.errorBarCount(), 10);
    // Steps 100 -> 200 -> 300 of series R1: two arrows (the metrics came in another order).
    QCOMPARE(plot.arrowCount(), 2);
    QCOMPARE(plot.conditions(), (QStringList { QStringLiteral("base"), QStringLiteral("wrong-think") }));
    QVERIFY(plot.conditionColor(QStringLiteral("base")) != plot.conditionColor(QStringLiteral("wrong-think")));

    const QList<TradeoffPoint> points = plot.points();
    QCOMPARE(points.size(), 5);
    // base by accuracy: R1@300 (0.5), R1@100 (0.625), SpaceR (0.75), R1@200 (0.875); then wrong-think.
    QCOMPARE(points.at(0).model, QStringLiteral("R1 (step 300)"));
    QCOMPARE(points.at(0).position, QPointF(0.5, 0.875));
    QCOMPARE(points.at(1).model, QStringLiteral("R1 (step 100)"));
    QCOMPARE(points.at(2).model, QStringLiteral("SpaceR"));
    QCOMPARE(points.at(2).position, QPointF(0.75, 0.875));
    QCOMPARE(points.at(2).condition, QStringLiteral("base"));
    QCOMPARE(points.at(3).position, QPointF(0.875, 0.5));
    QCOMPARE(points.at(4).position, QPointF(0.5, 0.625));
    QCOMPARE(points.at(4).condition, QStringLiteral("wrong-think"));
    // Error bars: accuracy +-0.1, consistency -0.1 / +0.05.
    QVERIFY(qFuzzyCompare(points.at(2).xLow, 0.65));
    QVERIFY(qFuzzyCompare(points.at(2).xHigh, 0.85));
    QVERIFY(qFuzzyCompare(points.at(2).yLow, 0.775));
    QVERIFY(qFuzzyCompare(points.at(2).yHigh, 0.925));
    QCOMPARE(points.at(2).color, plot.conditionColor(QStringLiteral("base")));
    QCOMPARE(points.at(4).color, plot.conditionColor(QStringLiteral("wrong-think")));

    plot.setMetrics({});
    QCOMPARE(plot.pointCount(), 0);
    QCOMPARE(plot.arrowCount(), 0);
    QCOMPARE(plot.hiddenCount(), 0);
}

void TestTradeoffPlot::switchesTheYAxis()
{
    TradeoffPlot plot;
    plot.setMetrics(metrics());
    plot.setYAxis(TradeoffPlot::YAxis::ConsistencyAdjustedAccuracy);
    const QList<TradeoffPoint> points = plot.points();
    QCOMPARE(points.size(), 5);
    QCOMPARE(points.at(2).position, QPointF(0.75, 0.625));
    QVERIFY(qFuzzyCompare(points.at(2).yLow, 0.575));
    QVERIFY(qFuzzyCompare(points.at(2).yHigh, 0.725));
    QCOMPARE(points.at(4).position, QPointF(0.5, 0.25));
    QCOMPARE(plot.arrowCount(), 2);
}

void TestTradeoffPlot::hoverNamesThePoint()
{
    TradeoffPlot plot;
    plot.resize(640, 480);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.setMetrics(metrics());
    const QPoint at = plot.pixelPosition(QPointF(0.75, 0.875)).toPoint();
    QVERIFY(plot.rect().contains(at));
    const QString text = plot.toolTipAt(at + QPoint(2, -2));
    QVERIFY2(text.startsWith(QStringLiteral("SpaceR\nCondition: base\nn = 40\nAccuracy: 0.750 [0.650, 0.850]")),
        qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("Consistency: 0.875 [0.775, 0.925]")));
    QVERIFY(plot.toolTipAt(plot.pixelPosition(QPointF(0.1, 0.1)).toPoint()).isEmpty());
    // The left end of the x axis lies left of its right end, and y grows upwards.
    QVERIFY(plot.pixelPosition(QPointF(0, 0)).x() < plot.pixelPosition(QPointF(1, 0)).x());
    QVERIFY(plot.pixelPosition(QPointF(0, 0)).y() > plot.pixelPosition(QPointF(0, 1)).y());
}

void TestTradeoffPlot::exports()
{
    QTemporaryDir dir;
    TradeoffPlot plot;
    plot.resize(640, 480);
    plot.setMetrics(metrics());

    const QString png = dir.filePath(QStringLiteral("plot.png"));
    QVERIFY(plot.savePng(png, 640, 480));
    const QImage image(png);
    QCOMPARE(image.size(), QSize(640, 480));
    // Not a blank canvas: axes, points, bars and legend in several colours.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(image.pixel(x, y));
    }
    QVERIFY(colours.size() > 10);

    const QString svg = dir.filePath(QStringLiteral("plot.svg"));
    QVERIFY(plot.saveSvg(svg, 640, 480));
    QFile svgFile(svg);
    QVERIFY(svgFile.open(QIODevice::ReadOnly));
    const QByteArray svgBytes = svgFile.readAll();
    QVERIFY(svgBytes.contains("<svg"));
    QVERIFY(svgBytes.size() > 1000);

    const QString pdf = dir.filePath(QStringLiteral("plot.pdf"));
    QVERIFY(plot.saveFile(pdf));
    QFile pdfFile(pdf);
    QVERIFY(pdfFile.open(QIODevice::ReadOnly));
    QVERIFY(pdfFile.readAll().startsWith("%PDF"));

    QVERIFY(!plot.saveFile(dir.filePath(QStringLiteral("plot.txt"))));
    QVERIFY(!plot.savePng(dir.filePath(QStringLiteral("missing/plot.png")), 100, 100));
    QVERIFY(!plot.saveSvg(dir.filePath(QStringLiteral("missing/plot.svg")), 100, 100));
}

void TestTradeoffPlot::dockShowsPlotAndTable()
{
    TradeoffDock dock;
    dock.resize(1000, 500);
    dock.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dock));
    dock.setMetrics(metrics());
    QCOMPARE(dock.tableModel()->rowCount(), 6);
    QCOMPARE(dock.table()->model(), dock.tableModel());
    QCOMPARE(dock.plot()->pointCount(), 5);
    dock.yAxisSwitch()->setCurrentIndex(1);
    QCOMPARE(dock.plot()->yAxis(), TradeoffPlot::YAxis::ConsistencyAdjustedAccuracy);
    // Sorting the table by accuracy (descending) and then replacing the metrics keeps that order.
    dock.table()->sortByColumn(int(MetricsTableModel::Column::Accuracy), Qt::DescendingOrder);
    QCOMPARE(dock.tableModel()->metrics(0)->accuracy.value, 0.875);
    dock.setMetrics(metrics());
    QCOMPARE(dock.tableModel()->metrics(0)->accuracy.value, 0.875);
    QCOMPARE(dock.tableModel()->metrics(5)->accuracy.value, 0.25);
}

QTEST_MAIN(TestTradeoffPlot)
#include "tst_tradeoff_plot.moc"
