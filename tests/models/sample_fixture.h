#pragma once
// A workspace with a known set of samples for the browser tests: two datasets, four categories (one empty),
// questions and options with known words, 2 to 5 options. Tests compute what a filter or a sort must return from
// the fixture's own list (plain C++ over the values it inserted), independently of the SQL that the model runs.

#include "workspace/records.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace vlmprobe {

class Workspace;

struct FixtureSample {
    Sample sample;
    QString datasetName;
};

struct SampleFixture {
    std::unique_ptr<Workspace> workspace;
    QList<Dataset> datasets;
    QList<FixtureSample> samples; // in id order

    // Creates the workspace at `path` with `count` samples. Throws WorkspaceError.
    static SampleFixture create(const QString& path, int count);

    // Samples matching the browser's filters: dataset (nullopt = any), exact category (empty = any), and a
    // case-insensitive substring of the question or of any option (empty = any).
    QList<FixtureSample> matching(std::optional<qint64> datasetId, const QString& category, const QString& text) const;
};

} // namespace vlmprobe
