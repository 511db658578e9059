// writeDemoWorkspace: the written file, read back through the workspace repositories, holds every generated sample
// with its image and its six conditions and their lineage; existing files are protected; nothing is left behind.

#include "data/demo_study_generator.h"
#include "data/demo_workspace.h"
#include "workspace/condition_repository.h"
#include "workspace/dataset_repository.h"
#include "workspace/image_store.h"
#include "workspace/records.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace.h"
#include "workspace/workspace_error.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <map>

using namespace vlmprobe;

namespace {

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
}

// Names in the folder other than the expected ones: temporary files or journals left behind.
QStringList strayFiles(const QTemporaryDir& folder, const QStringList& expected)
{
    QStringList stray;
    const QStringList entries = QDir(folder.path()).entryList(QDir::Files | QDir::Hidden | QDir::System);
    for (const QString& name : entries) {
        if (!expected.contains(name))
            stray.append(name);
    }
    return stray;
}

WorkspaceError::Reason failureReason(const std::function<void()>& action)
{
    try {
        action();
    } catch (const WorkspaceError& error) {
        return error.reason();
    }
    return WorkspaceError::Reason::Internal;
}

} // namespace

class TestDemoWorkspace : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void storesSamplesWithSixConditions();
    void sameSeedWritesSameContent();
    void refusesNonEmptyFile();
    void replacesEmptyFile();
    void replacesWhenAsked();
    void rejectsBadArguments();
};

void TestDemoWorkspace::storesSamplesWithSixConditions()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString path = folder.filePath(QStringLiteral("demo.vlmprobe"));
    const std::uint32_t seed = 31;
    const DemoWorkspaceSummary summary = writeDemoWorkspace(path, kDefaultDemoSampleCount, seed);
    QCOMPARE(summary.path, QFileInfo(path).absoluteFilePath());
    QCOMPARE(summary.sampleCount, 60);
    QCOMPARE(summary.conditionCount, 6 * 60);
    QCOMPARE(strayFiles(folder, { QStringLiteral("demo.vlmprobe") }), QStringList());

    const auto workspace = Workspace::open(path, Workspace::OpenMode::ReadOnly);
    const QList<Dataset> datasets = workspace->datasets().list();
    QCOMPARE(datasets.size(), 1);
    QCOMPARE(datasets[0].id, summary.datasetId);
    QCOMPARE(datasets[0].metadata.value(QStringLiteral("seed")).toInteger(), qint64 { seed });

    const QList<Sample> samples = workspace->samples().listForDataset(summary.datasetId);
    QCOMPARE(samples.size(), 60);
    const DemoStudyGenerator generator(seed);
    QSet<QString> imageHashes;
    std::map<QString, int> categories;
    for (const Sample& sample : samples) {
        const DemoSample expected = generator.sample(static_cast<int>(sample.sourceIndex));
        const QString gold = optionLetter(expected.goldOption);
        QCOMPARE(sample.externalId, expected.externalId);
        QCOMPARE(sample.question, expected.question);
        QVERIFY(sample.options.size() >= 2 && sample.options.size() <= 5);
        QCOMPARE(sample.options.size(), static_cast<qsizetype>(expected.options.size()));
        QCOMPARE(sample.goldAnswer, gold);
        QCOMPARE(sample.category, demoCategory(expected.type));
        ++categories[sample.category];

        // The image is stored under the SHA-256 of its bytes and decodes to the scene's size.
        const std::optional<StoredImage> image = workspace->images().get(sample.imageHash);
        QVERIFY(image.has_value());
        QCOMPARE(image->bytes, expected.png);
        QCOMPARE(sample.imageHash,
            QString::fromLatin1(QCryptographicHash::hash(expected.png, QCryptographicHash::Sha256).toHex()));
        QCOMPARE(image->format, QStringLiteral("png"));
        const QImage decoded = QImage::fromData(image->bytes, "PNG");
        QCOMPARE(decoded.width(), 384);
        QCOMPARE(decoded.height(), 288);
        imageHashes.insert(sample.imageHash);

        const QList<Condition> conditions = workspace->conditions().listForSample(sample.id);
        QCOMPARE(conditions.size(), 6);
        std::map<ConditionKind, Condition> byKind;
        for (const Condition& condition : conditions)
            byKind[condition.kind] = condition;
        QCOMPARE(byKind.size(), std::size_t { 6 });
        const Condition& base = byKind.at(ConditionKind::Base);
        QVERIFY(!base.parentId.has_value());
        QVERIFY(base.captionText.isEmpty() && base.thinkPrefix.isEmpty() && base.targetOption.isEmpty());

        for (const Condition& condition : conditions) {
            QCOMPARE(condition.provenance.value(QStringLiteral("source")).toString(), QStringLiteral("demo-template"));
            QCOMPARE(
                condition.provenance.value(QStringLiteral("generator_version")).toInt(), DemoStudyGenerator::kVersion);
            QCOMPARE(condition.provenance.value(QStringLiteral("seed")).toInteger(), qint64 { seed });
            if (condition.kind == ConditionKind::Base)
                continue;
            QCOMPARE(condition.parentId, std::optional<qint64> { base.id });
            const QList<Condition> lineage = workspace->conditions().lineage(condition.id);
            QCOMPARE(lineage.size(), 2);
            QCOMPARE(lineage[0].id, base.id);
            QCOMPARE(lineage[1].id, condition.id);
        }

        const Condition& correctCaption = byKind.at(ConditionKind::CorrectCaption);
        const Condition& wrongCaption = byKind.at(ConditionKind::WrongCaption);
        const Condition& correctThink = byKind.at(ConditionKind::CorrectThink);
        const Condition& wrongThink = byKind.at(ConditionKind::WrongThink);
        const Condition& stopThink = byKind.at(ConditionKind::StopThink);
        QCOMPARE(correctCaption.captionText, expected.correctCaption.text);
        QCOMPARE(correctCaption.targetOption, gold);
        QCOMPARE(wrongCaption.captionText, expected.wrongCaption.text);
        QCOMPARE(wrongCaption.targetOption, optionLetter(expected.wrongCaption.targetOption));
        QVERIFY(wrongCaption.targetOption != gold);
        QVERIFY(sample.options.size() > wrongCaption.targetOption.at(0).unicode() - u'A');
        QCOMPARE(correctThink.thinkPrefix, expected.correctThink.text);
        QCOMPARE(correctThink.targetOption, gold);
        QCOMPARE(wrongThink.thinkPrefix, expected.wrongThink.text);
        QCOMPARE(wrongThink.targetOption, optionLetter(expected.wrongThink.targetOption));
        QVERIFY(wrongThink.targetOption != gold);
        QVERIFY(sample.options.size() > wrongThink.targetOption.at(0).unicode() - u'A');
        QCOMPARE(stopThink.thinkPrefix, QStringLiteral("Okay let's see. This should be the final answer.</think>"));
        QVERIFY(stopThink.targetOption.isEmpty());
        QVERIFY(correctThink.captionText.isEmpty() && correctCaption.thinkPrefix.isEmpty());
    }
    QCOMPARE(workspace->images().count(), static_cast<qint64>(imageHashes.size()));
    QCOMPARE(summary.imageCount, static_cast<int>(imageHashes.size()));
    QCOMPARE(categories.size(), std::size_t { 4 });
    for (const auto& entry : categories)
        QCOMPARE(entry.second, 15);
}

void TestDemoWorkspace::sameSeedWritesSameContent()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString first = folder.filePath(QStringLiteral("a.vlmprobe"));
    const QString second = folder.filePath(QStringLiteral("b.vlmprobe"));
    const QString other = folder.filePath(QStringLiteral("c.vlmprobe"));
    writeDemoWorkspace(first, 8, 5);
    writeDemoWorkspace(second, 8, 5);
    writeDemoWorkspace(other, 8, 6);
    auto hashes = [](const QString& path) {
        const auto workspace = Workspace::open(path, Workspace::OpenMode::ReadOnly);
        QStringList result;
        for (const Dataset& dataset : workspace->datasets().list()) {
            for (const Sample& sample : workspace->samples().listForDataset(dataset.id))
                result.append(sample.imageHash + sample.question + sample.goldAnswer);
        }
        return result;
    };
    QCOMPARE(hashes(first).size(), 8);
    QCOMPARE(hashes(first), hashes(second));
    QVERIFY(hashes(first) != hashes(other));
}

void TestDemoWorkspace::refusesNonEmptyFile()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString path = folder.filePath(QStringLiteral("taken.vlmprobe"));
    writeBytes(path, "my notes");
    QCOMPARE(failureReason([&] { writeDemoWorkspace(path, 4, 1); }), WorkspaceError::Reason::AlreadyExists);
    QCOMPARE(readAll(path), QByteArray("my notes"));
    QCOMPARE(strayFiles(folder, { QStringLiteral("taken.vlmprobe") }), QStringList());
}

void TestDemoWorkspace::replacesEmptyFile()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString path = folder.filePath(QStringLiteral("empty.vlmprobe"));
    writeBytes(path, QByteArray());
    QCOMPARE(writeDemoWorkspace(path, 4, 1).sampleCount, 4);
    const auto workspace = Workspace::open(path, Workspace::OpenMode::ReadOnly);
    QCOMPARE(workspace->samples().count(SampleQuery {}), qint64 { 4 });
}

void TestDemoWorkspace::replacesWhenAsked()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString path = folder.filePath(QStringLiteral("demo.vlmprobe"));
    writeDemoWorkspace(path, 4, 1);
    QCOMPARE(failureReason([&] { writeDemoWorkspace(path, 8, 2); }), WorkspaceError::Reason::AlreadyExists);
    writeDemoWorkspace(path, 8, 2, ExistingFile::Replace);
    QCOMPARE(strayFiles(folder, { QStringLiteral("demo.vlmprobe") }), QStringList());
    const auto workspace = Workspace::open(path, Workspace::OpenMode::ReadOnly);
    const QList<Dataset> datasets = workspace->datasets().list();
    QCOMPARE(datasets.size(), 1);
    QCOMPARE(datasets[0].metadata.value(QStringLiteral("seed")).toInteger(), qint64 { 2 });
    QCOMPARE(workspace->samples().count(SampleQuery {}), qint64 { 8 });
}

void TestDemoWorkspace::rejectsBadArguments()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString path = folder.filePath(QStringLiteral("demo.vlmprobe"));
    QCOMPARE(failureReason([&] { writeDemoWorkspace(path, 0, 1); }), WorkspaceError::Reason::InvalidInput);
    QCOMPARE(failureReason([&] { writeDemoWorkspace(folder.filePath(QStringLiteral("missing/demo.vlmprobe")), 4, 1); }),
        WorkspaceError::Reason::Io);
    QCOMPARE(failureReason([&] { writeDemoWorkspace(folder.path(), 4, 1, ExistingFile::Replace); }),
        WorkspaceError::Reason::AlreadyExists);
    QCOMPARE(strayFiles(folder, {}), QStringList());
}

QTEST_GUILESS_MAIN(TestDemoWorkspace)
#include "tst_demo_workspace.moc"
