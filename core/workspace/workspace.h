#pragma once
// One SQLite file per study: datasets, samples, images, conditions, models, runs, judgments, annotations and
// case studies (schema in schema.cpp).
//
//     auto ws = Workspace::create(QStringLiteral("study.vlmprobe"));   // or Workspace::open(path)
//     Transaction tx(*ws);
//     const qint64 datasetId = ws->datasets().insert(dataset);
//     for (const Sample& s : samples) ws->samples().insert(s);
//     tx.commit();
//
// Threads: a Workspace is one database connection (with a unique Qt connection name) and belongs to the thread
// that opened it; it and its repositories are used from that thread only. Another thread opens its own Workspace
// on the same path: WAL lets readers run beside one writer. A writer waits up to the busy timeout for another
// connection's lock, then throws WorkspaceError(Locked).
//
// Errors: every failure throws WorkspaceError with a one-line message. Opening a file that is not a workspace,
// a workspace from a newer version, a read-only or a locked file throws without changing a byte of it.
//
// Durability: WAL with synchronous=NORMAL. A crash (of the program or the machine) never corrupts the file; the
// last transactions before a power cut may be lost. Multi-row changes belong in a Transaction.

#include <QHash>
#include <QString>

#include <memory>
#include <vector>

class QSqlDatabase;

namespace vlmprobe {

class AnnotationRepository;
class CaseStudyRepository;
class ConditionRepository;
class DatasetRepository;
class ImageStore;
class JudgmentRepository;
class ModelRepository;
class RunRepository;
class SampleRepository;

class Workspace {
public:
    enum class OpenMode {
        ReadWrite, // a non-writable file throws WorkspaceError(ReadOnly) instead of opening
        ReadOnly, // every write throws WorkspaceError(ReadOnly); an older schema is not upgraded
    };

    static constexpr int kDefaultBusyTimeoutMs = 5000;

    // Creates a new, empty workspace at `path` and opens it read-write. The file is built under a temporary name
    // beside `path` and renamed into place, so a failure leaves nothing behind. Throws AlreadyExists when `path`
    // is taken.
    static std::unique_ptr<Workspace> create(const QString& path, int busyTimeoutMs = kDefaultBusyTimeoutMs);

    // Opens an existing workspace. In ReadWrite mode an older schema is migrated (in one transaction) and an
    // empty file (0 bytes, or an SQLite database without any table) becomes a new workspace.
    static std::unique_ptr<Workspace> open(
        const QString& path, OpenMode mode = OpenMode::ReadWrite, int busyTimeoutMs = kDefaultBusyTimeoutMs);

    ~Workspace();
    Workspace(const Workspace&) = delete;
    Workspace& operator=(const Workspace&) = delete;

    QString path() const { return m_path; } // absolute
    bool isReadOnly() const { return m_mode == OpenMode::ReadOnly; }
    int schemaVersion() const;

    // Workspace metadata (key/value text): "created_with" (application version), "created_at" (ISO 8601 UTC),
    // "migrated_with"; callers may add their own keys. info() returns a null string for a missing key.
    QString info(const QString& key) const;
    void setInfo(const QString& key, const QString& value);

    // Repositories, created on first use and owned by the workspace (valid as long as it lives).
    DatasetRepository& datasets();
    SampleRepository& samples();
    ImageStore& images();
    ConditionRepository& conditions();
    ModelRepository& models();
    RunRepository& runs();
    JudgmentRepository& judgments();
    AnnotationRepository& annotations();
    CaseStudyRepository& caseStudies();

private:
    friend class Transaction;
    friend class AnnotationRepository;
    friend class CaseStudyRepository;
    friend class ConditionRepository;
    friend class DatasetRepository;
    friend class ImageStore;
    friend class JudgmentRepository;
    friend class ModelRepository;
    friend class RunRepository;
    friend class SampleRepository;

    Workspace(const QString& absolutePath, OpenMode mode, int busyTimeoutMs);

    QSqlDatabase database() const;
    template <typename Repository> Repository& lazily(std::unique_ptr<Repository>& slot);
    void prepareSchema();
    void migrate(int fromVersion);

    bool inTransaction() const { return m_transactionDepth > 0; }
    // samples.run_count bookkeeping for run inserts (see schema.cpp): counted per transaction level, merged into
    // the enclosing level on commit, dropped on rollback, written to samples just before the outermost COMMIT.
    void countRun(qint64 conditionId);
    void beginCountLevel();
    void endCountLevel(bool commitChanges);
    void flushRunCounts();

    QString m_path;
    QString m_connectionName;
    OpenMode m_mode;
    int m_transactionDepth = 0;
    std::vector<QHash<qint64, qint64>> m_pendingRunCounts; // per open transaction: condition id -> runs added

    // Declared last: destroyed before the connection is closed (each holds prepared statements on it).
    std::unique_ptr<DatasetRepository> m_datasets;
    std::unique_ptr<SampleRepository> m_samples;
    std::unique_ptr<ImageStore> m_images;
    std::unique_ptr<ConditionRepository> m_conditions;
    std::unique_ptr<ModelRepository> m_models;
    std::unique_ptr<RunRepository> m_runs;
    std::unique_ptr<JudgmentRepository> m_judgments;
    std::unique_ptr<AnnotationRepository> m_annotations;
    std::unique_ptr<CaseStudyRepository> m_caseStudies;
};

} // namespace vlmprobe
