#pragma once
// SampleInspector: the centre of the window. For the selected sample it shows the image, the texts (caption,
// question, options with the gold answer marked) as the selected condition presents them, the sample's conditions
// as a lineage tree, and the stored runs of the selected condition with the chain-of-thought of the current run.
//
// Reads: one sample, its conditions and the selected condition's runs, each a small indexed query on the GUI
// thread; the image bytes are read here and decoded off the GUI thread (ImagePanel).
// The workspace is borrowed: the caller calls setWorkspace(nullptr) before closing it. GUI thread only.

#include "workspace/records.h"

#include <QHash>
#include <QWidget>

#include <optional>

class QLabel;
class QSplitter;
class QTableView;
class QTreeView;

namespace vlmprobe {

class ChainOfThoughtView;
class ConditionTreeModel;
class ImagePanel;
class RunListModel;
class SampleTextPanel;
class Workspace;

class SampleInspector : public QWidget {
    Q_OBJECT
public:
    static QString noRunsExplanation();

    explicit SampleInspector(QWidget* parent = nullptr);

    void setWorkspace(Workspace* workspace);

    qint64 sampleId() const { return m_sample ? m_sample->id : 0; }
    // 0 when no condition is selected.
    qint64 currentConditionId() const;
    void selectCondition(qint64 conditionId);

    ImagePanel* imagePanel() const { return m_imagePanel; }
    SampleTextPanel* textPanel() const { return m_textPanel; }
    QTreeView* conditionView() const { return m_conditionView; }
    QTableView* runView() const { return m_runView; }
    ChainOfThoughtView* chainOfThoughtView() const { return m_chainOfThought; }
    ConditionTreeModel* conditionModel() const { return m_conditionModel; }
    RunListModel* runModel() const { return m_runModel; }

    QByteArray saveState() const;
    void restoreState(const QByteArray& state);

public Q_SLOTS:
    // 0 clears the inspector.
    void showSample(qint64 sampleId);
    // Re-reads the current sample (after runs or conditions were added).
    void reload();

Q_SIGNALS:
    void errorOccurred(const QString& message);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void onConditionChanged();
    void onRunChanged();
    void showCondition(const Condition* condition);
    void loadModelNames();
    void clearAll(const QString& imageMessage);

    Workspace* m_workspace = nullptr;
    std::optional<Sample> m_sample;
    QString m_datasetName;
    QHash<qint64, QString> m_modelNames;

    ConditionTreeModel* m_conditionModel = nullptr;
    RunListModel* m_runModel = nullptr;
    QSplitter* m_vertical = nullptr;
    QSplitter* m_top = nullptr;
    QSplitter* m_bottom = nullptr;
    ImagePanel* m_imagePanel = nullptr;
    SampleTextPanel* m_textPanel = nullptr;
    QTreeView* m_conditionView = nullptr;
    QTableView* m_runView = nullptr;
    QLabel* m_runHeader = nullptr;
    ChainOfThoughtView* m_chainOfThought = nullptr;
    // False until the splitters got either a restored state or their first-show proportions.
    bool m_splittersSized = false;
};

} // namespace vlmprobe
