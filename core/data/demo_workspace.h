#pragma once
// Writes the demo study into a new workspace file: one dataset of DemoStudyGenerator samples, their images
// (content-addressed), and for each sample the six conditions of the protocol: Base, and as its children
// Correct-Caption, Wrong-Caption, Correct-Think, Wrong-Think and Stop-Think.
//
//     const DemoWorkspaceSummary summary = writeDemoWorkspace(QStringLiteral("demo.vlmprobe"));
//
// Atomic: the workspace is built under a temporary name beside `path`, filled in one transaction, closed and then
// renamed into place, so a failure (or a crash) leaves `path` as it was and no temporary file behind.
// Thread: any thread; it opens and closes its own connection. Errors: WorkspaceError with a one-line message.

#include <QString>
#include <QtGlobal>

#include <cstdint>

namespace vlmprobe {

inline constexpr int kDefaultDemoSampleCount = 60;
inline constexpr std::uint32_t kDefaultDemoSeed = 2026;

enum class ExistingFile {
    Refuse, // a non-empty file at the path throws WorkspaceError(AlreadyExists); an empty one is replaced
    Replace, // whatever is at the path is replaced (its stale -wal/-shm files are removed)
};

struct DemoWorkspaceSummary {
    QString path; // absolute
    qint64 datasetId = 0;
    int sampleCount = 0;
    int conditionCount = 0;
    int imageCount = 0; // distinct images stored
};

// The Stop-Think prefill after "<think>": it closes the think at once so that the model answers directly.
QString demoStopThinkPrefix();

// Throws WorkspaceError: InvalidInput for sampleCount < 1, AlreadyExists (see ExistingFile), Io or ReadOnly when
// the folder cannot take the file, Internal when the generator fails.
DemoWorkspaceSummary writeDemoWorkspace(const QString& path, int sampleCount = kDefaultDemoSampleCount,
    std::uint32_t seed = kDefaultDemoSeed, ExistingFile existing = ExistingFile::Refuse);

} // namespace vlmprobe
