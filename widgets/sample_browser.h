#pragma once
// SampleBrowser: the left pane. Dataset and category filters, a debounced free-text search, and the sample table
// (a view over a SampleTableModel; sorting by header click runs in SQL). Emits the current sample whenever it
// changes; next/previous step through the rows, fetching the next page at the end of the loaded ones.
//
// The model and the workspace are borrowed: the caller (MainWindow) owns both and calls setWorkspace(nullptr)
// before closing a workspace. GUI thread only.

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace vlmprobe {

class SampleTableModel;
class Workspace;

class SampleBrowser : public QWidget {
    Q_OBJECT
public:
    // The search waits this long after the last keystroke before querying.
    static constexpr int kSearchDebounceMs = 250;

    explicit SampleBrowser(SampleTableModel* model, QWidget* parent = nullptr);

    // Repopulates the filters, resets them to "all" and loads the first page; nullptr empties the browser.
    void setWorkspace(Workspace* workspace);

    SampleTableModel* model() const { return m_model; }
    QTableView* tableView() const { return m_table; }
    QLineEdit* searchField() const { return m_search; }
    QComboBox* datasetFilter() const { return m_datasets; }
    QComboBox* categoryFilter() const { return m_categories; }
    // 0 when no sample is selected.
    qint64 currentSampleId() const;

    QByteArray saveHeaderState() const;
    void restoreHeaderState(const QByteArray& state);

public Q_SLOTS:
    void selectNext();
    void selectPrevious();
    // Selects the sample if it is loaded; returns through currentSampleChanged.
    void selectSample(qint64 sampleId);
    void focusSearch();
    void clearSearch();
    // Runs the pending debounced search now.
    void applySearch();

Q_SIGNALS:
    void currentSampleChanged(qint64 sampleId);
    // A one-line repository error, for the status bar.
    void errorOccurred(const QString& message);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void populateDatasets();
    void populateCategories();
    void onDatasetChosen();
    void onCategoryChosen();
    void onModelReset();
    void onCurrentRowChanged();
    void updateCountLabel();
    void selectRow(int row);

    SampleTableModel* m_model = nullptr;
    Workspace* m_workspace = nullptr;
    QComboBox* m_datasets = nullptr;
    QComboBox* m_categories = nullptr;
    QLineEdit* m_search = nullptr;
    QTimer* m_searchTimer = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_countLabel = nullptr;
    qint64 m_currentSampleId = 0;
};

} // namespace vlmprobe
