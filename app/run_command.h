#pragma once
// `vlmprobe run --workspace W --model DIR [--conditions base,wrong-caption,...] [--samples 1,2,5] [--limit N]
// [--judge rule|none] [--device cpu|cuda] [--dtype auto|f32|bf16|f16] [--max-new-tokens N] [--seed S]
// [--max-pixels N] [--json]`:
// runs one local checkpoint over samples x conditions of a workspace, headless, and stores every run (with its rule
// judgment unless --judge none). Resumes: jobs already done with the same determining hash are skipped.
//
// The checkpoint is registered as a model of the workspace (name = folder name, location = absolute folder; an
// entry with the same location is reused). Progress goes to stderr (a bar on a terminal, one line per run
// elsewhere); the summary goes to stdout, as one JSON object with --json:
// {"stored": n, "skipped": n, "failed": n, "runs": [ids], "model_id": id}. Ctrl-C cancels the job in flight and
// ends with the summary so far.
//
// Exit status: 0 when every job was stored or skipped, 1 when a job failed or the workspace or checkpoint cannot
// be used, 2 for a usage error (an unknown condition name lists the valid ones), 130 when interrupted.

#include "command_dispatcher.h"

namespace vlmprobe {

HeadlessCommand runCommand();
int runRunCommand(const QStringList& arguments);

} // namespace vlmprobe
