#pragma once
// Test support: a fresh workspace in a temporary folder, and terse helpers that add linked records.

#include "workspace/records.h"
#include "workspace/workspace.h"

#include <QByteArray>
#include <QTemporaryDir>

#include <memory>

namespace vlmprobe::test {

class WorkspaceFixture {
public:
    WorkspaceFixture(); // creates <temp>/study.vlmprobe; QVERIFY-style failures throw WorkspaceError
    Workspace& workspace() { return *m_workspace; }
    QString path() const;
    QString folder() const { return m_dir.path(); }
    void close() { m_workspace.reset(); }
    void reopen(Workspace::OpenMode mode = Workspace::OpenMode::ReadWrite);

    qint64 addDataset(const QString& name);
    qint64 addSample(qint64 datasetId, const QString& externalId, int optionCount = 4);
    qint64 addCondition(
        qint64 sampleId, ConditionKind kind = ConditionKind::Base, std::optional<qint64> parentId = std::nullopt);
    qint64 addModel(const QString& name);
    qint64 addRun(qint64 conditionId, qint64 modelId, RunStatus status = RunStatus::Done);

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_workspace;
};

// The whole file, for "the file is untouched" checks.
QByteArray fileBytes(const QString& path);

} // namespace vlmprobe::test
