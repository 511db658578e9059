#include "probe_fixture.h"

#include "workspace/condition_repository.h"
#include "workspace/dataset_repository.h"
#include "workspace/image_store.h"
#include "workspace/model_repository.h"
#include "workspace/run_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace_error.h"

#include <QBuffer>
#include <QDir>
#include <QImage>

namespace vlmprobe::test {

ProbeFixture::ProbeFixture()
{
    m_workspace = Workspace::create(QDir(m_dir.path()).filePath(QStringLiteral("probe.vlmprobe")));
    Dataset dataset;
    dataset.name = QStringLiteral("shapes");
    dataset.format = QStringLiteral("test");
    const qint64 datasetId = m_workspace->datasets().insert(dataset);

    Sample sample;
    sample.datasetId = datasetId;
    sample.externalId = QStringLiteral("count-1");
    sample.question = QStringLiteral("How many red circles are there?");
    sample.options = { QStringLiteral("2"), QStringLiteral("3"), QStringLiteral("4") };
    sample.goldAnswer = QStringLiteral("B");
    sample.imageHash = m_workspace->images().put(testPng(32, 24));
    const qint64 sampleId = m_workspace->samples().insert(sample);
    const std::optional<Sample> readBack = m_workspace->samples().get(sampleId);
    if (!readBack)
        throw WorkspaceError(WorkspaceError::Reason::Internal, QStringLiteral("the test sample was not stored"));
    m_sample = *readBack;

    Condition base;
    base.sampleId = sampleId;
    m_baseId = m_workspace->conditions().insert(base);

    ModelEntry model;
    model.name = QStringLiteral("tiny");
    model.location = QStringLiteral("checkpoints/tiny");
    m_modelId = m_workspace->models().insert(model);
}

Condition ProbeFixture::stored(Condition condition)
{
    condition.sampleId = m_sample.id;
    const qint64 id = m_workspace->conditions().insert(condition);
    const std::optional<Condition> readBack = m_workspace->conditions().get(id);
    if (!readBack)
        throw WorkspaceError(WorkspaceError::Reason::Internal, QStringLiteral("the test condition was not stored"));
    return *readBack;
}

Run ProbeFixture::storedRun(Run run)
{
    run.conditionId = m_baseId;
    run.modelId = m_modelId;
    run.status = RunStatus::Done;
    const qint64 id = m_workspace->runs().insert(run);
    const std::optional<Run> readBack = m_workspace->runs().get(id);
    if (!readBack)
        throw WorkspaceError(WorkspaceError::Reason::Internal, QStringLiteral("the test run was not stored"));
    return *readBack;
}

QByteArray testPng(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const bool checker = x < width / 2 && y < height / 2 && ((x / 8 + y / 8) % 2 == 0);
            image.setPixel(x, y, checker ? qRgb(20, 20, 20) : qRgb(x * 255 / width, y * 255 / height, 180));
        }
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

} // namespace vlmprobe::test
