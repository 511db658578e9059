#pragma once
// What the inference thread holds for the loaded checkpoint. Thread affinity: the inference thread.

#include "vlmprobe/engine/checkpoint_config.h"
#include "vlmprobe/engine/model.h"
#include "vlmprobe/engine/tokenizer.h"

#include <QString>

#include <memory>
#include <optional>

namespace vlmprobe {

struct LoadedEngine {
    QString directory;
    std::shared_ptr<const engine::Model> model;
    engine::Tokenizer tokenizer;
    // preprocessor_config.json; unset (with the reason in preprocessorError) when the checkpoint has none usable,
    // which only matters for runs that show an image.
    std::optional<engine::PreprocessorConfig> preprocessor;
    QString preprocessorError;
};

} // namespace vlmprobe
