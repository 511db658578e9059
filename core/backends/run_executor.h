#pragma once
// Runs one RunJob or CompletionJob on the loaded engine, synchronously, on the calling (inference) thread.
//
//   RunExecutor executor(engine, cache);
//   Run run = executor.execute(job, &stop, { onStage, onTokens });   // Done or Cancelled
//
// execute() assembles the token ids (prompt_tokens.h), reuses a cached session when the prefix allows
// (prefix_cache.h), prefills, generates with streaming, parses the completion (judging/answer_extraction.h) and
// scores the answer letters (letter_scorer.h). The returned Run is complete but not stored.
// Timings (milliseconds): vision_ms = image decoding and preprocessing (the vision tower itself runs inside
// prefill_ms), prefill_ms, first_token_ms (from the start of the job), decode_ms, scoring_ms, total_ms.
// With decode.attentionReadout the last decoder layer's attention on the image streams with each token and
// metadata["image_attention"] records its mean over the generated tokens (image_attention_mean.h).
// Cancellation (the stop flag) at any stage returns the partial Run with status Cancelled and no scores.
// Errors: BackendError or engine::EngineError (one line) for anything that prevents the run.

#include "backends/loaded_engine.h"
#include "backends/prefix_cache.h"
#include "backends/run_job.h"
#include "backends/token_streamer.h"

#include <atomic>
#include <functional>

namespace vlmprobe {

class RunExecutor {
public:
    struct Callbacks {
        std::function<void(RunStage)> stageChanged;
        TokenStreamer::Flush tokensStreamed;
    };

    RunExecutor(const LoadedEngine& engine, PrefixCache& cache);

    Run execute(const RunJob& job, const std::atomic<bool>* stop, const Callbacks& callbacks);
    // The generated text after job.prefill (special tokens dropped). Throws engine::Cancelled when stopped.
    QString complete(const CompletionJob& job, const std::atomic<bool>* stop);

private:
    const LoadedEngine& m_engine;
    PrefixCache& m_cache;
};

} // namespace vlmprobe
