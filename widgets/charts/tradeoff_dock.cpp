#include "tradeoff_dock.h"

#include "metrics_table_model.h"
#include "tradeoff_plot.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace vlmprobe {

TradeoffDock::TradeoffDock(QWidget* parent)
    : QWidget(parent)
    , m_model(new MetricsTableModel(this))
    , m_plot(new TradeoffPlot)
    , m_table(new QTableView)
    , m_yAxis(new QComboBox)
    , m_export(new QPushButton(tr("Export plot…")))
    , m_splitter(new QSplitter(Qt::Horizontal))
{
    m_plot->setObjectName(QStringLiteral("tradeoffPlot"));
    m_table->setObjectName(QStringLiteral("metricsTable"));
    m_yAxis->setObjectName(QStringLiteral("yAxisSwitch"));
    m_export->setObjectName(QStringLiteral("exportPlot"));

    m_yAxis->addItem(tr("Consistency"), int(TradeoffPlot::YAxis::Consistency));
    m_yAxis->addItem(tr("Consistency-adjusted accuracy"), int(TradeoffPlot::YAxis::ConsistencyAdjustedAccuracy));
    connect(m_yAxis, &QComboBox::currentIndexChanged, this,
        [this] { m_plot->setYAxis(TradeoffPlot::YAxis(m_yAxis->currentData().toInt())); });
    connect(m_export, &QPushButton::clicked, this, &TradeoffDock::exportPlot);

    m_table->setModel(m_model);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder); // computeMetrics' order until the user sorts
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto* toolbar = new QHBoxLayout;
    toolbar->addWidget(new QLabel(tr("y axis:")));
    toolbar->addWidget(m_yAxis);
    toolbar->addStretch(1);
    toolbar->addWidget(m_export);

    m_splitter->addWidget(m_plot);
    m_splitter->addWidget(m_table);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(toolbar);
    layout->addWidget(m_splitter, 1);
}

void TradeoffDock::setMetrics(const QList<ConditionMetrics>& metrics)
{
    m_model->setMetrics(metrics);
    m_plot->setMetrics(metrics);
    const int column = m_table->horizontalHeader()->sortIndicatorSection();
    if (column >= 0 && column < m_model->columnCount())
        m_model->sort(column, m_table->horizontalHeader()->sortIndicatorOrder());
}

void TradeoffDock::exportPlot()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export trade-off plot"), QStringLiteral("tradeoff.png"),
        tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    if (path.isEmpty())
        return;
    if (!m_plot->saveFile(path))
        Q_EMIT errorOccurred(tr("Could not write %1 (use a .png, .svg or .pdf name in a writable folder)")
                                 .arg(QFileInfo(path).fileName()));
}

} // namespace vlmprobe
