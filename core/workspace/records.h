#pragma once
// Value types stored in a workspace and returned by its repositories (core/workspace/*_repository.h).
//
// Contracts shared by every struct:
// - Plain copyable data: safe to copy across threads and to carry in queued signals.
// - `id` is the SQLite rowid; 0 means "not stored yet". Optional references use std::optional.
// - Times are UTC QDateTime with millisecond precision; an invalid QDateTime means "unset" (the repository fills
//   createdAt with the current time on insert when it is unset).
// - JSON-valued fields are QJsonObject; an empty object is stored as NULL and read back as an empty object.
// - Option letters are "A", "B", ... by position in the options list; an empty letter means "none".
// - Enumerations are stored by their kebab-case names (see the *Name / *FromName functions at the bottom), so a
//   workspace file stays readable with the sqlite3 shell.

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <optional>

namespace vlmprobe {

// A benchmark or a generated set of samples (VLMEvalKit TSV, Inspect JSONL, HF parquet, the demo generator ...).
struct Dataset {
    qint64 id = 0;
    QString name; // unique within a workspace
    QString source; // where it came from: a file path, a HF repo id, "demo"
    QString format; // importer that read it, e.g. "vlmevalkit-tsv", "inspect-jsonl", "demo"
    QString revision; // dataset revision (HF commit, version tag); empty when unknown
    QString contentHash; // SHA-256 hex of the imported file(s); empty when unknown
    QJsonObject metadata;
    QDateTime createdAt;

    friend bool operator==(const Dataset&, const Dataset&) = default;
};

// One multiple-choice item. Options vary in number (2 to 5+): never assume A-D.
struct Sample {
    qint64 id = 0;
    qint64 datasetId = 0;
    QString externalId; // id in the source (VLMEvalKit `index`, Inspect `id`, lmms-eval `doc_id`); unique per dataset
    qint64 sourceIndex = -1; // 0-based position in the source file; -1 when unknown
    QString question;
    QString hint; // VLMEvalKit `hint` column; empty when absent
    QStringList options; // option texts in letter order
    QString goldAnswer; // gold option letter
    QString category;
    QJsonObject metadata; // everything else the source carried (l2-category, split, ...)
    QString imageHash; // SHA-256 hex of the StoredImage; empty when the sample has no image
    QString docHash; // lmms-eval-style doc_hash for cross-run alignment; empty when unknown
    QDateTime createdAt;

    friend bool operator==(const Sample&, const Sample&) = default;
};

// An encoded image, stored once per content (content-addressed by the SHA-256 of `bytes`).
struct StoredImage {
    QString sha256; // lowercase hex, 64 characters
    QByteArray bytes; // the encoded file (PNG, JPEG, ...), never re-encoded
    QString format; // lowercase: "png", "jpeg", "webp" ...
    int width = 0; // pixels
    int height = 0; // pixels

    friend bool operator==(const StoredImage&, const StoredImage&) = default;
};

// How a sample is presented (protocol.md, "Conditions"). Names in kebab-case, e.g. WrongThinkCue = "wrong-think-cue".
enum class ConditionKind {
    Base,
    StopThink,
    WrongThink,
    WrongThinkCue,
    WrongCaption,
    WrongCaptionDisclaimer,
    CorrectCaption,
    CorrectThink,
    Abstain,
    EarlyAnswering, // truncate a previous run's own CoT at k% and force the answer (parameters: k, unit)
    EditContinue, // edit a span of a previous run's own CoT and continue from the edit
    OptionShuffle, // permuted options (options/goldAnswer overridden)
    GaussianBlur,
    Noise,
    JpegQuality,
    Occlusion,
    Crop,
    Rotation,
    BrightnessContrast,
    TypographicOverlay,
};

struct Condition {
    qint64 id = 0;
    qint64 sampleId = 0;
    ConditionKind kind = ConditionKind::Base;
    std::optional<qint64> parentId; // the condition this one was derived from (lineage graph)
    QString label; // short name shown in the UI; empty = derived from the kind
    QJsonObject parameters; // the kind's recipe: severity, k%, rectangles, caption placement ...
    QString captionText;
    QString thinkPrefix; // text prefilled after <think> (Wrong-Think, Stop-Think ...)
    QString cueText; // recovery cue appended to the think prefix, e.g. " But I think"
    QString targetOption; // letter the perturbation points to; empty when none
    QStringList options; // when non-empty, replaces the sample's options (Abstain, OptionShuffle)
    QString goldAnswer; // when non-empty, replaces the sample's gold letter (OptionShuffle)
    QJsonObject provenance; // {"source": "manual"|"template"|"generated", "model", "prompt", "seed", ...}
    QString derivedImageHash; // visual conditions: SHA-256 of the derived image; empty = the sample's image
    std::optional<qint64> sourceRunId; // EarlyAnswering / EditContinue: the run whose own CoT is reused
    QDateTime createdAt;

    friend bool operator==(const Condition&, const Condition&) = default;
};

enum class BackendKind {
    Local, // "local": the engine in-process
    OpenAiCompatible, // "openai-compatible": vLLM, SGLang, llama.cpp server, closed APIs
};

// A checkpoint on disk or a model behind an endpoint. ("Model" as a class suffix is reserved for Qt item models.)
struct ModelEntry {
    qint64 id = 0;
    QString name; // unique display name
    QString location; // checkpoint directory (Local) or base URL (OpenAiCompatible)
    BackendKind backend = BackendKind::Local;
    QString remoteModel; // the "model" field sent to an endpoint; empty for Local
    QString seriesName; // training series this checkpoint belongs to; empty when standalone
    std::optional<qint64> trainingStep;
    std::optional<qint64> seed; // training seed of the series member
    QString revision; // HF commit or other version of the weights; empty when unknown
    QString notes;
    QJsonObject metadata;
    QDateTime createdAt;

    friend bool operator==(const ModelEntry&, const ModelEntry&) = default;
};

enum class RunStatus { Queued, Running, Done, Failed, Cancelled };

// How the prefill reached the model (ecosystem.md, "Prefill and continuation").
enum class PrefillMechanism {
    None, // "none": no prefill
    RawAppend, // "raw-append": chat template rendered locally, prefill appended raw (text or token ids)
    ContinueFinalMessage, // "continue-final-message": trailing assistant message (vLLM / SGLang)
    RawCompletion, // "raw-completion": a raw /completion(s) prompt (llama.cpp server)
    Unsupported, // "unsupported": the backend cannot prefill; the run is a labelled fallback
};

// One model answering one condition.
struct Run {
    qint64 id = 0;
    qint64 conditionId = 0;
    qint64 modelId = 0;
    QString renderedPrompt; // the exact prompt text sent (chat template applied), prefill excluded
    QString prefill; // the assistant prefill text; empty when none
    PrefillMechanism prefillMechanism = PrefillMechanism::None;
    QString completion; // raw generated text after the prefill, tags included
    QString thinkText; // parsed reasoning (prefill + generated), without tags
    QString answerText; // parsed answer span
    QString parsedOption; // extracted letter; empty = format failure or not parsed yet
    std::optional<bool> correct; // unset until scored
    QJsonObject optionDistribution; // {"A": p, ...} renormalised over the option letters
    std::optional<double> entropy; // nats
    std::optional<double> pCorrect;
    std::optional<double> letterMass; // raw softmax mass of the option-letter tokens
    std::optional<qint64> promptTokens;
    std::optional<qint64> completionTokens;
    QJsonObject tokenLogprobs; // {"content": [{token, logprob, bytes, top_logprobs}], ...} OpenAI-style
    QJsonObject metadata; // anything else: import provenance (file, task, filtered_resps), reasoning_content ...
    QJsonObject timings; // milliseconds: {"vision_ms", "prefill_ms", "decode_ms", "total_ms", ...}
    QJsonObject decodeParameters; // {"temperature", "top_p", "top_k", "max_new_tokens", "min_pixels", ...}
    std::optional<qint64> seed;
    QString engineVersion; // engine or server version that produced the run
    QString determiningHash; // hash of everything that determines the run (runner resumes by it)
    RunStatus status = RunStatus::Queued;
    QString error; // one line when status is Failed
    QDateTime createdAt;
    QDateTime finishedAt; // invalid while queued or running

    friend bool operator==(const Run&, const Run&) = default;
};

enum class JudgeKind { Rule, Llm, Human };
enum class Verdict { Consistent, Inconsistent, NoConclusion }; // "consistent", "inconsistent", "no-conclusion"

// A verdict on whether a run's reasoning supports its answer.
struct Judgment {
    qint64 id = 0;
    qint64 runId = 0;
    JudgeKind judgeKind = JudgeKind::Rule;
    QString rater; // rule-set version, judge model name, or the person's name
    Verdict verdict = Verdict::NoConclusion;
    QString concludedOption; // letter the reasoning concludes; empty when none
    QString rawOutput; // the LLM judge's full output; empty for rule and human judges
    QString prompt; // the judge prompt as sent; empty for rule and human judges
    QJsonObject parameters; // judge decode parameters, seed, rule-set options
    QDateTime createdAt;

    friend bool operator==(const Judgment&, const Judgment&) = default;
};

// What an annotation or a case-study item points at.
enum class TargetKind { Sample, Condition, Run };

struct Annotation {
    qint64 id = 0;
    TargetKind targetKind = TargetKind::Sample;
    qint64 targetId = 0;
    QStringList tags; // unordered set; stored sorted and deduplicated
    QString note;
    std::optional<int> rating;
    QDateTime createdAt;
    QDateTime updatedAt;

    friend bool operator==(const Annotation&, const Annotation&) = default;
};

struct CaseStudy {
    qint64 id = 0;
    QString title;
    QString description; // Markdown
    QDateTime createdAt;
    QDateTime updatedAt;

    friend bool operator==(const CaseStudy&, const CaseStudy&) = default;
};

struct CaseStudyItem {
    qint64 id = 0;
    qint64 caseStudyId = 0;
    int position = -1; // order within the case study; -1 on insert = append at the end
    TargetKind targetKind = TargetKind::Run;
    qint64 targetId = 0;
    QString note; // Markdown commentary shown beside the item
    QDateTime createdAt;

    friend bool operator==(const CaseStudyItem&, const CaseStudyItem&) = default;
};

// Sample browser: one page of a filtered, sorted sample list (SampleRepository::page / count).
enum class SampleColumn { Id, Dataset, ExternalId, Category, Question, OptionCount, Gold, ConditionCount, RunCount };

struct SampleQuery {
    std::optional<qint64> datasetId;
    QString category; // exact match; empty = any
    QString text; // case-insensitive substring of the question or any option; empty = any
    SampleColumn sortColumn = SampleColumn::Id;
    bool ascending = true; // ties are broken by sample id, in the same direction
    qint64 offset = 0;
    int limit = 100;

    friend bool operator==(const SampleQuery&, const SampleQuery&) = default;
};

struct SampleRow {
    qint64 id = 0;
    QString datasetName;
    QString externalId;
    QString category;
    QString question;
    int optionCount = 0;
    QString goldAnswer;
    int conditionCount = 0;
    int runCount = 0;

    friend bool operator==(const SampleRow&, const SampleRow&) = default;
};

// Stable kebab-case names, as stored in the file. *FromName returns std::nullopt for an unknown name.
QString conditionKindName(ConditionKind kind);
std::optional<ConditionKind> conditionKindFromName(const QString& name);
QList<ConditionKind> allConditionKinds();
QString backendKindName(BackendKind kind);
std::optional<BackendKind> backendKindFromName(const QString& name);
QString runStatusName(RunStatus status);
std::optional<RunStatus> runStatusFromName(const QString& name);
QString prefillMechanismName(PrefillMechanism mechanism);
std::optional<PrefillMechanism> prefillMechanismFromName(const QString& name);
QString judgeKindName(JudgeKind kind);
std::optional<JudgeKind> judgeKindFromName(const QString& name);
QString verdictName(Verdict verdict);
std::optional<Verdict> verdictFromName(const QString& name);
QString targetKindName(TargetKind kind);
std::optional<TargetKind> targetKindFromName(const QString& name);

// The letter of the 0-based option index ("A" for 0); an empty string for a negative index.
QString optionLetter(int index);

} // namespace vlmprobe
