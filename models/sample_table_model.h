#pragma once
// SampleTableModel: the sample browser's rows, read page by page from a SampleRepository. Filtering (dataset,
// category, free text) and sorting run in SQL; the model never holds more rows than the view has scrolled to
// (fetchMore pages of kPageSize rows), so a workspace of 100k samples opens in one small query.
//
// Ownership and threads: the repository is borrowed (not owned) and must outlive the model or be replaced with
// setRepository(nullptr) before its Workspace closes. GUI thread only, like the Workspace it reads. A repository
// error empties the model and is reported through loadFailed(); it never throws out of a view callback.
// fetchMore() called from a slot connected to this model's own reset or insert signals is deferred to the event
// loop, so a change never starts while another one is still being announced.

#include "workspace/records.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

#include <optional>

namespace vlmprobe {

class SampleRepository;

class SampleTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum class Column {
        Id,
        Dataset,
        ExternalId,
        Category,
        Question,
        OptionCount,
        Gold,
        ConditionCount,
        RunCount,
        Count
    };
    enum Role {
        SampleIdRole = Qt::UserRole + 1, // qint64
        DatasetNameRole, // QString
        ExternalIdRole, // QString
        CategoryRole, // QString
        QuestionRole, // QString, full text
        GoldAnswerRole, // QString, letter
    };

    static constexpr int kPageSize = 200;

    explicit SampleTableModel(QObject* parent = nullptr);

    void setRepository(SampleRepository* repository);
    SampleRepository* repository() const { return m_repository; }

    // Filters; each change reloads the first page. An empty string means "any".
    void setDatasetFilter(std::optional<qint64> datasetId);
    void setCategoryFilter(const QString& category);
    void setTextFilter(const QString& text);
    // All three at once, with one reload.
    void setFilters(std::optional<qint64> datasetId, const QString& category, const QString& text);
    std::optional<qint64> datasetFilter() const { return m_query.datasetId; }
    QString categoryFilter() const { return m_query.category; }
    QString textFilter() const { return m_query.text; }

    // Rows matching the filters in the workspace (loaded or not).
    qint64 totalCount() const { return m_totalCount; }
    // The sample at a loaded row; 0 for an out-of-range row.
    qint64 sampleId(int row) const;
    // The loaded row of a sample; -1 when it is not loaded (or filtered out).
    int rowOfSample(qint64 sampleId) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    static SampleColumn repositoryColumn(Column column);

public Q_SLOTS:
    // Re-reads the count and the first page (after the workspace changed underneath).
    void reload();

Q_SIGNALS:
    // After every reload (filters, sort, repository): the new total.
    void totalCountChanged(qint64 totalCount);
    // A repository error; `message` is one line. The model is left empty.
    void loadFailed(const QString& message);

private:
    void fetchNextPage();

    QList<SampleRow> m_rows;
    SampleRepository* m_repository = nullptr;
    SampleQuery m_query;
    qint64 m_totalCount = 0;
    bool m_notifying = false; // between begin*() and end*() of a reset or an insert, signals included
    bool m_fetchQueued = false;
};

} // namespace vlmprobe
