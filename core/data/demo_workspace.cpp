#include "data/demo_workspace.h"

#include "data/demo_study_generator.h"
#include "workspace/condition_repository.h"
#include "workspace/dataset_repository.h"
#include "workspace/image_store.h"
#include "workspace/records.h"
#include "workspace/sample_repository.h"
#include "workspace/transaction.h"
#include "workspace/workspace.h"
#include "workspace/workspace_error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QRandomGenerator>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iterator>

namespace vlmprobe {

namespace {

using Reason = WorkspaceError::Reason;

WorkspaceError errorAt(Reason reason, const QString& path, const QString& what)
{
    return WorkspaceError(reason, QDir::toNativeSeparators(path) + QStringLiteral(": ") + what);
}

void removeDatabaseFiles(const QString& path, bool withMainFile)
{
    if (withMainFile)
        QFile::remove(path);
    for (const QString& suffix : { QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal") })
        QFile::remove(path + suffix);
}

// Creates an empty file with a fresh name beside `absolutePath` (exclusively, so no other writer shares it) and
// returns its path. Workspace::open turns an empty file into a new workspace.
QString reserveTemporaryFile(const QString& absolutePath)
{
    for (int attempt = 0; attempt < 16; ++attempt) {
        const QString candidate = absolutePath
            + QStringLiteral(".demo-%1.tmp").arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
        QFile file(candidate);
        if (file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            return candidate;
        if (!QFileInfo::exists(candidate))
            throw errorAt(
                Reason::Io, absolutePath, QStringLiteral("cannot create a file beside it: ") + file.errorString());
    }
    throw errorAt(Reason::Io, absolutePath, QStringLiteral("cannot find a free temporary name beside it"));
}

QJsonObject provenance(std::uint32_t seed, int sampleIndex)
{
    return { { QStringLiteral("source"), QStringLiteral("demo-template") },
        { QStringLiteral("generator_version"), DemoStudyGenerator::kVersion },
        { QStringLiteral("seed"), static_cast<qint64>(seed) }, { QStringLiteral("sample_index"), sampleIndex } };
}

QJsonObject objectJson(const DemoObjectRef& object)
{
    return { { QStringLiteral("colour"), demoColourName(object.colour) },
        { QStringLiteral("kind"), demoShapeName(object.kind) } };
}

// The scene's ground truth, kept with the sample so that a researcher can see exactly what was drawn.
QJsonObject sampleMetadata(const DemoSample& sample, std::uint32_t seed)
{
    QJsonArray shapes;
    for (const DemoShape& shape : sample.scene.shapes) {
        shapes.append(QJsonObject { { QStringLiteral("kind"), demoShapeName(shape.kind) },
            { QStringLiteral("colour"), demoColourName(shape.colour) }, { QStringLiteral("centre_x"), shape.centreX },
            { QStringLiteral("centre_y"), shape.centreY }, { QStringLiteral("area"), shape.area },
            { QStringLiteral("rotation"), shape.rotation } });
    }
    const DemoRgb& background = sample.scene.background;
    const QJsonObject scene { { QStringLiteral("width"), sample.scene.width },
        { QStringLiteral("height"), sample.scene.height },
        { QStringLiteral("background"), QJsonArray { background.red, background.green, background.blue } },
        { QStringLiteral("shapes"), shapes } };
    QJsonArray subjects;
    for (const DemoObjectRef& subject : sample.subjects)
        subjects.append(objectJson(subject));
    return { { QStringLiteral("generator"), QStringLiteral("demo") },
        { QStringLiteral("generator_version"), DemoStudyGenerator::kVersion },
        { QStringLiteral("seed"), static_cast<qint64>(seed) }, { QStringLiteral("sample_index"), sample.index },
        { QStringLiteral("subjects"), subjects }, { QStringLiteral("scene"), scene } };
}

struct ConditionDraft {
    ConditionKind kind;
    QString captionText;
    QString thinkPrefix;
    int targetOption; // -1: points at no option
};

// Stores the sample, its image and its six conditions; returns the number of conditions stored.
int storeSample(Workspace& workspace, qint64 datasetId, const DemoSample& demo, std::uint32_t seed)
{
    StoredImage image;
    image.bytes = demo.png;
    image.format = QStringLiteral("png");
    image.width = demo.scene.width;
    image.height = demo.scene.height;

    Sample sample;
    sample.datasetId = datasetId;
    sample.externalId = demo.externalId;
    sample.sourceIndex = demo.index;
    sample.question = demo.question;
    for (const DemoOption& option : demo.options)
        sample.options.append(option.text);
    sample.goldAnswer = optionLetter(demo.goldOption);
    sample.category = demoCategory(demo.type);
    sample.metadata = sampleMetadata(demo, seed);
    sample.imageHash = workspace.images().put(image);
    const qint64 sampleId = workspace.samples().insert(sample);

    const QJsonObject origin = provenance(seed, demo.index);
    Condition base;
    base.sampleId = sampleId;
    base.kind = ConditionKind::Base;
    base.provenance = origin;
    const qint64 baseId = workspace.conditions().insert(base);

    const ConditionDraft drafts[] = {
        { ConditionKind::CorrectCaption, demo.correctCaption.text, {}, demo.correctCaption.targetOption },
        { ConditionKind::WrongCaption, demo.wrongCaption.text, {}, demo.wrongCaption.targetOption },
        { ConditionKind::CorrectThink, {}, demo.correctThink.text, demo.correctThink.targetOption },
        { ConditionKind::WrongThink, {}, demo.wrongThink.text, demo.wrongThink.targetOption },
        { ConditionKind::StopThink, {}, demoStopThinkPrefix(), -1 },
    };
    for (const ConditionDraft& draft : drafts) {
        Condition condition;
        condition.sampleId = sampleId;
        condition.kind = draft.kind;
        condition.parentId = baseId;
        condition.captionText = draft.captionText;
        condition.thinkPrefix = draft.thinkPrefix;
        condition.targetOption = optionLetter(draft.targetOption);
        condition.provenance = origin;
        workspace.conditions().insert(condition);
    }
    return 1 + static_cast<int>(std::size(drafts));
}

void fillWorkspace(const QString& file, int sampleCount, std::uint32_t seed, DemoWorkspaceSummary& summary)
{
    const std::unique_ptr<Workspace> workspace = Workspace::open(file);
    Transaction transaction(*workspace);

    Dataset dataset;
    dataset.name = QStringLiteral("Demo: coloured shapes");
    dataset.source = QStringLiteral("demo");
    dataset.format = QStringLiteral("demo");
    dataset.revision = QStringLiteral("generator-v%1").arg(DemoStudyGenerator::kVersion);
    dataset.metadata = { { QStringLiteral("generator_version"), DemoStudyGenerator::kVersion },
        { QStringLiteral("seed"), static_cast<qint64>(seed) }, { QStringLiteral("sample_count"), sampleCount },
        { QStringLiteral("description"),
            QStringLiteral("Synthetic scenes of coloured shapes with known ground truth: counting, spatial "
                           "relations, relative size and colour questions, with correct and misleading captions "
                           "and chain-of-thought prefixes.") } };
    summary.datasetId = workspace->datasets().insert(dataset);

    const DemoStudyGenerator generator(seed);
    for (int index = 0; index < sampleCount; ++index) {
        summary.conditionCount += storeSample(*workspace, summary.datasetId, generator.sample(index), seed);
        ++summary.sampleCount;
    }
    transaction.commit();
    summary.imageCount = static_cast<int>(workspace->images().count());
}

} // namespace

QString demoStopThinkPrefix()
{
    return QStringLiteral("Okay let's see. This should be the final answer.</think>");
}

DemoWorkspaceSummary writeDemoWorkspace(const QString& path, int sampleCount, std::uint32_t seed, ExistingFile existing)
{
    const QFileInfo info(path);
    const QString absolutePath = info.absoluteFilePath();
    if (sampleCount < 1)
        throw errorAt(Reason::InvalidInput, absolutePath, QStringLiteral("the demo needs at least one sample"));
    if (info.isDir())
        throw errorAt(Reason::AlreadyExists, absolutePath, QStringLiteral("a folder with this name exists"));
    const bool taken = info.exists() || info.isSymLink();
    if (taken && existing == ExistingFile::Refuse && info.size() > 0)
        throw errorAt(Reason::AlreadyExists, absolutePath,
            QStringLiteral("a file with this name already exists (choose another name or replace it)"));
    if (!QFileInfo(info.absolutePath()).isDir())
        throw errorAt(Reason::Io, absolutePath, QStringLiteral("the folder does not exist"));

    const QString temporary = reserveTemporaryFile(absolutePath);
    DemoWorkspaceSummary summary;
    summary.path = absolutePath;
    try {
        // Closing the workspace (end of fillWorkspace) checkpoints the WAL into the file, so only the file moves.
        fillWorkspace(temporary, sampleCount, seed, summary);
    } catch (const WorkspaceError&) {
        removeDatabaseFiles(temporary, true);
        throw;
    } catch (const std::exception& error) {
        removeDatabaseFiles(temporary, true);
        throw errorAt(Reason::Internal, absolutePath,
            QStringLiteral("cannot generate the demo: ") + QString::fromUtf8(error.what()));
    }
    removeDatabaseFiles(temporary, false);

    if (taken) {
        // A journal left by an earlier file of this name would be replayed into the new one: drop it first.
        removeDatabaseFiles(absolutePath, false);
        // rename(2) replaces the old file atomically: readers see the old or the new workspace, never a mix.
        if (std::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(absolutePath).constData()) != 0) {
            const QString reason = QString::fromLocal8Bit(std::strerror(errno));
            removeDatabaseFiles(temporary, true);
            throw errorAt(Reason::Io, absolutePath, QStringLiteral("cannot replace the file: ") + reason);
        }
    } else if (!QFile::rename(temporary, absolutePath)) {
        // QFile::rename never replaces: a file that appeared meanwhile is kept.
        removeDatabaseFiles(temporary, true);
        throw errorAt(QFileInfo::exists(absolutePath) ? Reason::AlreadyExists : Reason::Io, absolutePath,
            QStringLiteral("cannot move the demo workspace into place"));
    }
    return summary;
}

} // namespace vlmprobe
