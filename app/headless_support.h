#pragma once
// Pieces shared by the headless subcommands that load a checkpoint (run, judge).

#include <QString>

#include <optional>

namespace vlmprobe {

class LocalBackend;
struct ModelSpec;

// The integer `text` names, when it parses and lies in [minimum, maximum].
std::optional<qint64> parseInteger(const QString& text, qint64 minimum, qint64 maximum);

// Blocks in an event loop until the backend has the checkpoint or gave up. Returns the error, empty on success.
QString loadModelBlocking(LocalBackend& backend, const ModelSpec& spec);

// Checks --device and --dtype values: the usage error, or nullopt when both are valid.
std::optional<QString> modelSpecError(const ModelSpec& spec);

} // namespace vlmprobe
