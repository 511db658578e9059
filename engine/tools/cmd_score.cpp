// vlmprobe-engine score: the answer-letter distribution (protocol.md) at the position after the prompt and the
// assistant prefill, e.g. a Stop-Think prefill ending in "<answer>".

#include "model_inputs.h"
#include "subcommands.h"

#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/session.h"
#include "vlmprobe/engine/tokenizer.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace vlmprobe::tools {

namespace {

std::vector<std::string> splitOptions(const std::string& text)
{
    std::vector<std::string> out;
    std::string current;
    for (const char c : text + ",") {
        if (c != ',') {
            current += c;
            continue;
        }
        if (current.empty())
            throw UsageError("--options expects a comma-separated list such as A,B,C");
        out.push_back(current);
        current.clear();
    }
    return out;
}

} // namespace

int runScore(const CommandLine& args)
{
    args.allowOnly({ "model", "image", "prompt", "options", "prefill", "system", "device", "dtype", "threads" });
    const std::string modelDir = args.required("model");
    const std::vector<std::string> letters = splitOptions(args.required("options"));
    const auto model = loadModel(args);
    const std::vector<engine::VisionInput> images = loadImages(modelDir, args.values("image"));
    const engine::Tokenizer tokenizer = engine::Tokenizer::load(modelDir);
    std::vector<std::int32_t> letterIds;
    for (const std::string& letter : letters) {
        const std::vector<std::int32_t> ids = tokenizer.encode(letter);
        if (ids.size() != 1)
            throw engine::InvalidInputError(
                "option '" + letter + "' is " + std::to_string(ids.size()) + " tokens, not one");
        letterIds.push_back(ids.front());
    }
    const std::vector<std::int32_t> ids = promptIds(modelDir, *model, images, args.required("prompt"),
        args.option("system").value_or(""), args.option("prefill").value_or(""));
    engine::Session session(model);
    const engine::AppendResult prefill = session.append(ids, images);
    const engine::LetterDistribution d = session.letterDistribution(letterIds);
    nlohmann::json probabilities = nlohmann::json::object();
    for (std::size_t i = 0; i < letters.size(); ++i)
        probabilities[letters[i]] = d.probabilities[i];
    const nlohmann::json out {
        { "options", letters },
        { "token_ids", letterIds },
        { "probabilities", probabilities },
        { "answer", letters[static_cast<std::size_t>(d.argmax)] },
        { "letter_mass", d.rawMass },
        { "entropy", d.entropy },
        { "normalized_entropy", d.normalizedEntropy },
        { "prompt_tokens", ids.size() },
        { "seconds", prefill.seconds },
    };
    std::puts(out.dump().c_str());
    return 0;
}

} // namespace vlmprobe::tools
