#pragma once
// RunListModel: the stored runs of one condition, newest first, one row per run. Holds copies of the runs and the
// model names they refer to; GUI thread only.

#include "workspace/records.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace vlmprobe {

class RunListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum class Column { Model, Answer, Correct, Status, Finished, Count };
    enum Role {
        RunIdRole = Qt::UserRole + 1, // qint64
        ModelIdRole, // qint64
        PrefillRole, // QString
        CompletionRole, // QString
        ParsedOptionRole, // QString, empty = format failure or not parsed
        CorrectRole, // bool, invalid QVariant while unscored
        StatusRole, // int(RunStatus)
    };

    explicit RunListModel(QObject* parent = nullptr);

    // `modelNames` maps ModelEntry ids to display names; a missing id shows as "model #<id>".
    void setRuns(const QList<Run>& runs, const QHash<qint64, QString>& modelNames);
    void clear();

    // nullptr for an out-of-range row. Valid until the next setRuns().
    const Run* run(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QString modelName(qint64 modelId) const;

    QList<Run> m_runs;
    QHash<qint64, QString> m_modelNames;
};

} // namespace vlmprobe
