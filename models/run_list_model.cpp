#include "run_list_model.h"

#include <QLocale>

#include <algorithm>

namespace vlmprobe {

namespace {

QString statusText(RunStatus status)
{
    switch (status) {
    case RunStatus::Queued:
        return RunListModel::tr("queued");
    case RunStatus::Running:
        return RunListModel::tr("running");
    case RunStatus::Done:
        return RunListModel::tr("done");
    case RunStatus::Failed:
        return RunListModel::tr("failed");
    case RunStatus::Cancelled:
        return RunListModel::tr("cancelled");
    }
    return {};
}

QString correctText(const Run& run)
{
    if (!run.correct)
        return {};
    return *run.correct ? RunListModel::tr("\u2713 correct") : RunListModel::tr("\u2717 wrong");
}

} // namespace

RunListModel::RunListModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void RunListModel::setRuns(const QList<Run>& runs, const QHash<qint64, QString>& modelNames)
{
    beginResetModel();
    m_runs = runs;
    m_modelNames = modelNames;
    std::stable_sort(m_runs.begin(), m_runs.end(), [](const Run& left, const Run& right) {
        if (left.createdAt != right.createdAt)
            return left.createdAt > right.createdAt;
        return left.id > right.id;
    });
    endResetModel();
}

void RunListModel::clear()
{
    setRuns({}, {});
}

const Run* RunListModel::run(int row) const
{
    if (row < 0 || row >= m_runs.size())
        return nullptr;
    return &m_runs[row];
}

QString RunListModel::modelName(qint64 modelId) const
{
    const QString name = m_modelNames.value(modelId);
    return name.isEmpty() ? tr("model #%1").arg(modelId) : name;
}

int RunListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_runs.size());
}

int RunListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(Column::Count);
}

QVariant RunListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Run& item = m_runs[index.row()];
    const auto column = static_cast<Column>(index.column());
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Column::Model:
            return modelName(item.modelId);
        case Column::Answer:
            if (item.status == RunStatus::Done && item.parsedOption.isEmpty())
                return tr("format failure");
            return item.parsedOption;
        case Column::Correct:
            return correctText(item);
        case Column::Status:
            return statusText(item.status);
        case Column::Finished:
            return item.finishedAt.isValid() ? QLocale().toString(item.finishedAt.toLocalTime(), QLocale::ShortFormat)
                                             : QString();
        case Column::Count:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (item.status == RunStatus::Failed && !item.error.isEmpty())
            return item.error;
        return {};
    case RunIdRole:
        return item.id;
    case ModelIdRole:
        return item.modelId;
    case PrefillRole:
        return item.prefill;
    case CompletionRole:
        return item.completion;
    case ParsedOptionRole:
        return item.parsedOption;
    case CorrectRole:
        return item.correct ? QVariant(*item.correct) : QVariant();
    case StatusRole:
        return static_cast<int>(item.status);
    default:
        return {};
    }
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (static_cast<Column>(section)) {
    case Column::Model:
        return tr("Model");
    case Column::Answer:
        return tr("Answer");
    case Column::Correct:
        return tr("Correct");
    case Column::Status:
        return tr("Status");
    case Column::Finished:
        return tr("Finished");
    case Column::Count:
        break;
    }
    return {};
}

QHash<int, QByteArray> RunListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(RunIdRole, "runId");
    names.insert(ModelIdRole, "modelId");
    names.insert(PrefillRole, "prefill");
    names.insert(CompletionRole, "completion");
    names.insert(ParsedOptionRole, "parsedOption");
    names.insert(CorrectRole, "correct");
    names.insert(StatusRole, "status");
    return names;
}

} // namespace vlmprobe
