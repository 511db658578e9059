#include "workspace_fixture.h"

#include "workspace/condition_repository.h"
#include "workspace/dataset_repository.h"
#include "workspace/model_repository.h"
#include "workspace/run_repository.h"
#include "workspace/sample_repository.h"

#include <QDir>
#include <QFile>

namespace vlmprobe::test {

WorkspaceFixture::WorkspaceFixture()
{
    m_workspace = Workspace::create(path());
}

QString WorkspaceFixture::path() const
{
    return QDir(m_dir.path()).filePath(QStringLiteral("study.vlmprobe"));
}

void WorkspaceFixture::reopen(Workspace::OpenMode mode)
{
    m_workspace.reset();
    m_workspace = Workspace::open(path(), mode);
}

qint64 WorkspaceFixture::addDataset(const QString& name)
{
    Dataset dataset;
    dataset.name = name;
    dataset.format = QStringLiteral("test");
    return m_workspace->datasets().insert(dataset);
}

qint64 WorkspaceFixture::addSample(qint64 datasetId, const QString& externalId, int optionCount)
{
    Sample sample;
    sample.datasetId = datasetId;
    sample.externalId = externalId;
    sample.question = QStringLiteral("Question %1?").arg(externalId);
    for (int i = 0; i < optionCount; ++i)
        sample.options.append(QStringLiteral("option %1").arg(i));
    sample.goldAnswer = optionCount > 0 ? QStringLiteral("A") : QString();
    return m_workspace->samples().insert(sample);
}

qint64 WorkspaceFixture::addCondition(qint64 sampleId, ConditionKind kind, std::optional<qint64> parentId)
{
    Condition condition;
    condition.sampleId = sampleId;
    condition.kind = kind;
    condition.parentId = parentId;
    return m_workspace->conditions().insert(condition);
}

qint64 WorkspaceFixture::addModel(const QString& name)
{
    ModelEntry model;
    model.name = name;
    model.location = QStringLiteral("checkpoints/") + name;
    return m_workspace->models().insert(model);
}

qint64 WorkspaceFixture::addRun(qint64 conditionId, qint64 modelId, RunStatus status)
{
    Run run;
    run.conditionId = conditionId;
    run.modelId = modelId;
    run.status = status;
    return m_workspace->runs().insert(run);
}

QByteArray fileBytes(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray("<unreadable>");
    return file.readAll();
}

} // namespace vlmprobe::test
