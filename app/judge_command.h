#pragma once
// `vlmprobe judge --workspace W --model DIR [--runs 1,2,3 | --all-unjudged] [--limit N] [--device cpu|cuda]
// [--dtype auto|f32|bf16|f16] [--max-new-tokens N] [--json]`: the LLM consistency judge (core/judging/llm_judge.h)
// over stored runs, headless, with a local text checkpoint as the judge. Each judgment is stored with the
// workspace's judge prompt template (judge_prompt_store.h), rater = the checkpoint's folder name.
//
// --runs names the runs; --all-unjudged takes every finished run without an LLM judgment by this rater, by run id.
// --limit keeps the first N of either. Progress is one line per run on stderr; the summary goes to stdout, as one
// JSON object with --json: {"judged": n, "failed": n, "rater": name, "judgments": [{"run": id, "judgment": id,
// "verdict": name, "concluded": letter}]}.
//
// Exit status: 0 when every run was judged, 1 when one failed or the workspace or checkpoint cannot be used, 2 for
// a usage error.

#include "command_dispatcher.h"

namespace vlmprobe {

HeadlessCommand judgeCommand();
int runJudgeCommand(const QStringList& arguments);

} // namespace vlmprobe
