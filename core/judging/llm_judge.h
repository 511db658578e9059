#pragma once
// LlmJudge: the LLM consistency judge (protocol.md, "Reading a run") over stored runs, with a text model loaded in
// a LocalBackend.
//
//     LlmJudge judge(workspace, backend, backend.modelInfo()->name);
//     connect(&judge, &LlmJudge::judged, ...);            // (runId, judgmentId) as each Judgment is stored
//     connect(&judge, &LlmJudge::finished, ...);          // once every run of the call was judged or failed
//     judge.judge({ 12, 13 });
//
// For each run the prompt is the workspace's template (judge_prompt_store.h) filled with the sample's question,
// the condition's effective options (its own when it overrides them, else the sample's), the run's thinkText and
// parsedOption. The reply is parsed with parseLlmJudgeOutput and stored as a Judgment: JudgeKind::Llm, rater = the
// rater name given (the judge model's name), prompt = the filled prompt, rawOutput = the reply, parameters = the
// decode settings JSON plus {"evidence": the verdict's line, "unparseable" when the reply has none}.
//
// Every run of a judge() call gets exactly one judged() or failed() (an unknown or unfinished run, a backend
// failure, a workspace error); finished() follows the last of them. Signals are always delivered from the event
// loop, never from inside judge(). The request ids it submits are its own (a process-wide counter far above the
// small ids callers use), so it can share the backend with other work.
//
// Thread: the thread of the workspace and the backend (the GUI or main thread). Both are borrowed and must outlive
// the judge; destroying it cancels its requests still queued in the backend.

#include "backends/decode_settings.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

namespace vlmprobe {

class LocalBackend;
class Workspace;

class LlmJudge : public QObject {
    Q_OBJECT
public:
    LlmJudge(Workspace& workspace, LocalBackend& backend, QString raterName, QObject* parent = nullptr);
    ~LlmJudge() override;

    // Greedy with 256 new tokens unless changed; applies to later judge() calls.
    DecodeSettings decodeSettings() const { return m_decode; }
    void setDecodeSettings(const DecodeSettings& decode) { m_decode = decode; }
    QString raterName() const { return m_rater; }

    // Queues one completion per run (in the given order) on the backend.
    void judge(const QList<qint64>& runIds);
    // Cancels the requests still pending; each reports failed(runId, "cancelled") through the backend.
    void cancel();
    bool isBusy() const { return !m_pending.isEmpty() || m_queuedReports > 0; }

Q_SIGNALS:
    void judged(qint64 runId, qint64 judgmentId);
    void failed(qint64 runId, const QString& error);
    void finished();

private:
    struct Pending {
        qint64 runId = 0;
        QString prompt;
        int optionCount = 0;
        DecodeSettings decode;
    };

    // Builds the filled prompt for one run; throws JudgeError or WorkspaceError.
    Pending prepare(qint64 runId, const QString& templ) const;
    void onCompletionFinished(qint64 requestId, const QString& text);
    void onCompletionFailed(qint64 requestId, const QString& error);
    void reportLater(qint64 runId, const QString& error);
    void finishIfDone();

    Workspace& m_workspace;
    LocalBackend& m_backend;
    QString m_rater;
    DecodeSettings m_decode;
    QHash<qint64, Pending> m_pending; // by backend request id
    int m_queuedReports = 0; // failures found in judge(), reported from the event loop
};

} // namespace vlmprobe
