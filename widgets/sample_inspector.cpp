#include "sample_inspector.h"

#include "chain_of_thought_view.h"
#include "condition_badge_delegate.h"
#include "condition_tree_model.h"
#include "image_panel.h"
#include "run_list_model.h"
#include "sample_text_panel.h"
#include "workspace/condition_repository.h"
#include "workspace/dataset_repository.h"
#include "workspace/image_store.h"
#include "workspace/model_repository.h"
#include "workspace/run_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace.h"
#include "workspace/workspace_error.h"

#include <QDataStream>
#include <QHeaderView>
#include <QIODevice>
#include <QLabel>
#include <QScrollArea>
#include <QShowEvent>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

namespace vlmprobe {

namespace {

constexpr quint32 kStateVersion = 1;

QLabel* makeHeader(const QString& text, QWidget* parent)
{
    auto* header = new QLabel(text, parent);
    QFont font = header->font();
    font.setBold(true);
    header->setFont(font);
    return header;
}

QWidget* titled(QLabel* header, QWidget* content)
{
    auto* box = new QWidget;
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(header);
    layout->addWidget(content, 1);
    return box;
}

} // namespace

QString SampleInspector::noRunsExplanation()
{
    return tr("No runs yet for this condition. Runs appear here once a model has answered it.");
}

SampleInspector::SampleInspector(QWidget* parent)
    : QWidget(parent)
    , m_conditionModel(new ConditionTreeModel(this))
    , m_runModel(new RunListModel(this))
    , m_vertical(new QSplitter(Qt::Vertical, this))
    , m_top(new QSplitter(Qt::Horizontal))
    , m_bottom(new QSplitter(Qt::Horizontal))
    , m_imagePanel(new ImagePanel)
    , m_textPanel(new SampleTextPanel)
    , m_conditionView(new QTreeView)
    , m_runView(new QTableView)
    , m_chainOfThought(new ChainOfThoughtView)
{
    m_imagePanel->setObjectName(QStringLiteral("imagePanel"));

    auto* textScroll = new QScrollArea;
    textScroll->setObjectName(QStringLiteral("textScroll"));
    textScroll->setWidget(m_textPanel);
    textScroll->setWidgetResizable(true);
    textScroll->setFrameShape(QFrame::NoFrame);
    textScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    textScroll->setMinimumWidth(fontMetrics().averageCharWidth() * 32);
    m_textPanel->setObjectName(QStringLiteral("sampleTextPanel"));

    m_conditionView->setObjectName(QStringLiteral("conditionTree"));
    m_conditionView->setModel(m_conditionModel);
    m_conditionView->setItemDelegateForColumn(
        static_cast<int>(ConditionTreeModel::Column::Kind), new ConditionBadgeDelegate(m_conditionView));
    m_conditionView->setUniformRowHeights(true);
    m_conditionView->setAllColumnsShowFocus(true);
    m_conditionView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // A sample has a handful of conditions, so measuring them is cheap.
    m_conditionView->header()->setStretchLastSection(true);
    m_conditionView->header()->setSectionResizeMode(QHeaderView::ResizeToContents);

    m_runView->setObjectName(QStringLiteral("runTable"));
    m_runView->setModel(m_runModel);
    m_runView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_runView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_runView->verticalHeader()->hide();
    m_runView->verticalHeader()->setDefaultSectionSize(m_runView->fontMetrics().height() + 6);
    m_runView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_runView->horizontalHeader()->setStretchLastSection(true);
    m_runView->setMaximumHeight(m_runView->fontMetrics().height() * 7);
    m_chainOfThought->setObjectName(QStringLiteral("chainOfThought"));

    m_runHeader = makeHeader(tr("Runs"), this);
    auto* runsBox = new QWidget;
    auto* runsLayout = new QVBoxLayout(runsBox);
    runsLayout->setContentsMargins(0, 0, 0, 0);
    runsLayout->setSpacing(2);
    runsLayout->addWidget(m_runHeader);
    runsLayout->addWidget(m_runView);
    runsLayout->addWidget(m_chainOfThought, 1);

    m_top->addWidget(m_imagePanel);
    m_top->addWidget(textScroll);
    m_top->setStretchFactor(0, 1);
    m_top->setStretchFactor(1, 1);
    m_bottom->addWidget(titled(makeHeader(tr("Conditions"), this), m_conditionView));
    m_bottom->addWidget(runsBox);
    m_bottom->setStretchFactor(0, 2);
    m_bottom->setStretchFactor(1, 3);
    m_vertical->addWidget(m_top);
    m_vertical->addWidget(m_bottom);
    m_vertical->setStretchFactor(0, 3);
    m_vertical->setStretchFactor(1, 2);
    m_vertical->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_vertical);

    connect(m_conditionView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &SampleInspector::onConditionChanged);
    connect(m_runView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &SampleInspector::onRunChanged);
    clearAll(tr("Select a sample to inspect it."));
}

void SampleInspector::setWorkspace(Workspace* workspace)
{
    m_workspace = workspace;
    loadModelNames();
    clearAll(tr("Select a sample to inspect it."));
}

qint64 SampleInspector::currentConditionId() const
{
    const Condition* condition = m_conditionModel->condition(m_conditionView->currentIndex());
    return condition ? condition->id : 0;
}

void SampleInspector::selectCondition(qint64 conditionId)
{
    const QModelIndex index = m_conditionModel->indexOf(conditionId);
    if (index.isValid())
        m_conditionView->setCurrentIndex(index);
}

QByteArray SampleInspector::saveState() const
{
    QByteArray state;
    QDataStream stream(&state, QIODevice::WriteOnly);
    stream << kStateVersion << m_vertical->saveState() << m_top->saveState() << m_bottom->saveState();
    return state;
}

void SampleInspector::restoreState(const QByteArray& state)
{
    QDataStream stream(state);
    quint32 version = 0;
    QByteArray vertical;
    QByteArray top;
    QByteArray bottom;
    stream >> version >> vertical >> top >> bottom;
    if (stream.status() != QDataStream::Ok || version != kStateVersion)
        return;
    m_splittersSized = m_vertical->restoreState(vertical) && m_top->restoreState(top) && m_bottom->restoreState(bottom);
}

void SampleInspector::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_splittersSized)
        return;
    // Proportions for a first start, applied once the widget has its real size: image and texts side by side
    // (image slightly wider), then conditions and the chain-of-thought below.
    const auto split = [](QSplitter* splitter, int firstPercent) {
        const int length = splitter->orientation() == Qt::Horizontal ? splitter->width() : splitter->height();
        const int first = length * firstPercent / 100;
        splitter->setSizes({ first, length - first });
    };
    split(m_vertical, 62);
    split(m_top, 56);
    split(m_bottom, 38);
    m_splittersSized = true;
}

void SampleInspector::showSample(qint64 sampleId)
{
    if (sampleId == 0 || !m_workspace) {
        clearAll(tr("Select a sample to inspect it."));
        return;
    }
    // Stepping through samples keeps the kind of condition being compared (e.g. Wrong-Caption) selected.
    const Condition* previous = m_conditionModel->condition(m_conditionView->currentIndex());
    const bool keepKind = previous != nullptr;
    const ConditionKind keptKind = previous ? previous->kind : ConditionKind {};

    std::optional<Sample> sample;
    QList<Condition> conditions;
    QString datasetName;
    try {
        sample = m_workspace->samples().get(sampleId);
        if (sample) {
            conditions = m_workspace->conditions().listForSample(sampleId);
            if (const std::optional<Dataset> dataset = m_workspace->datasets().get(sample->datasetId))
                datasetName = dataset->name;
        }
    } catch (const WorkspaceError& error) {
        clearAll(tr("The sample could not be read."));
        Q_EMIT errorOccurred(error.message());
        return;
    }
    if (!sample) {
        clearAll(tr("This sample no longer exists."));
        return;
    }

    m_sample = sample;
    m_datasetName = datasetName;
    m_conditionModel->setConditions(conditions);
    m_conditionView->expandAll();

    QModelIndex chosen = m_conditionModel->index(0, 0);
    if (keepKind) {
        for (const Condition& condition : conditions) {
            if (condition.kind == keptKind) {
                chosen = m_conditionModel->indexOf(condition.id);
                break;
            }
        }
    }
    if (chosen.isValid())
        m_conditionView->setCurrentIndex(chosen);
    else
        showCondition(nullptr);
}

void SampleInspector::reload()
{
    const qint64 conditionId = currentConditionId();
    const qint64 sample = sampleId();
    loadModelNames();
    showSample(sample);
    if (conditionId != 0)
        selectCondition(conditionId);
}

void SampleInspector::onConditionChanged()
{
    if (m_sample)
        showCondition(m_conditionModel->condition(m_conditionView->currentIndex()));
}

void SampleInspector::showCondition(const Condition* condition)
{
    m_textPanel->showSample(*m_sample, m_datasetName, condition);

    const QString imageHash
        = condition && !condition->derivedImageHash.isEmpty() ? condition->derivedImageHash : m_sample->imageHash;
    QList<Run> runs;
    try {
        if (imageHash.isEmpty()) {
            m_imagePanel->showMessage(tr("This sample has no image."));
        } else if (imageHash != m_imagePanel->currentKey()) {
            const std::optional<StoredImage> image = m_workspace->images().get(imageHash);
            if (image)
                m_imagePanel->showEncodedImage(imageHash, image->bytes);
            else
                m_imagePanel->showMessage(tr("The image is missing from the workspace."));
        }
        if (condition)
            runs = m_workspace->runs().listForCondition(condition->id);
    } catch (const WorkspaceError& error) {
        Q_EMIT errorOccurred(error.message());
    }

    m_runModel->setRuns(runs, m_modelNames);
    m_runHeader->setText(runs.isEmpty() ? tr("Runs") : tr("Runs (%1)").arg(runs.size()));
    m_runView->setVisible(!runs.isEmpty());
    if (!condition) {
        m_chainOfThought->showEmptyState(tr("Select a condition to see its runs."));
    } else if (runs.isEmpty()) {
        m_chainOfThought->showEmptyState(noRunsExplanation());
    } else {
        m_runView->setCurrentIndex(m_runModel->index(0, 0));
    }
}

void SampleInspector::onRunChanged()
{
    const Run* run = m_runModel->run(m_runView->currentIndex().row());
    if (!run)
        return;
    if (run->completion.isEmpty() && run->prefill.isEmpty()) {
        if (run->status == RunStatus::Failed)
            m_chainOfThought->showEmptyState(tr("This run failed: %1").arg(run->error));
        else
            m_chainOfThought->showEmptyState(tr("This run has no text yet."));
        return;
    }
    m_chainOfThought->showRun(run->prefill, run->completion);
}

void SampleInspector::loadModelNames()
{
    m_modelNames.clear();
    if (!m_workspace)
        return;
    try {
        for (const ModelEntry& model : m_workspace->models().list())
            m_modelNames.insert(model.id, model.name);
    } catch (const WorkspaceError& error) {
        Q_EMIT errorOccurred(error.message());
    }
}

void SampleInspector::clearAll(const QString& imageMessage)
{
    m_sample.reset();
    m_datasetName.clear();
    m_conditionModel->clear();
    m_runModel->clear();
    m_runView->hide();
    m_runHeader->setText(tr("Runs"));
    m_textPanel->clear();
    m_imagePanel->showMessage(imageMessage);
    m_chainOfThought->showEmptyState(tr("Select a condition to see its runs."));
}

} // namespace vlmprobe
