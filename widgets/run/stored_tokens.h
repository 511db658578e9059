#pragma once
// The generated tokens of a stored run, read back from Run::tokenLogprobs
// ({"content": [{"id", "token", "logprob", "top_logprobs": [{"id", "token", "logprob"}]}]}) as StreamedTokens,
// so a stored run shows the same token heat-map as a live one. Entries that are not objects are skipped; a missing
// logprob reads as 0 (probability 1). Pure function; any thread.

#include "backends/run_job.h"

#include <QJsonObject>
#include <QList>

namespace vlmprobe {

QList<StreamedToken> storedTokens(const QJsonObject& tokenLogprobs);

} // namespace vlmprobe
