// vlmprobe-engine detokenize: the text of a JSON array of ids, written to stdout as it is (no newline added).

#include "subcommands.h"

#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/tokenizer.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>

namespace vlmprobe::tools {

namespace {

std::vector<std::int32_t> readIds(const std::string& path)
{
    std::error_code status;
    if (!std::filesystem::is_regular_file(path, status))
        throw engine::LoadError("ids file '" + path + "' does not exist or is not a file");
    std::ifstream file(path, std::ios::binary);
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(file);
    } catch (const nlohmann::json::exception&) {
        throw engine::InvalidInputError("ids file '" + path + "' is not valid JSON");
    }
    if (!document.is_array())
        throw engine::InvalidInputError("ids file '" + path + "' does not hold a JSON array");
    std::vector<std::int32_t> ids;
    ids.reserve(document.size());
    for (std::size_t i = 0; i < document.size(); ++i) {
        const nlohmann::json& value = document[i];
        if (!value.is_number_integer() || value.get<std::int64_t>() < 0
            || value.get<std::int64_t>() > std::numeric_limits<std::int32_t>::max()) {
            throw engine::InvalidInputError(
                "ids file '" + path + "': element " + std::to_string(i) + " is not a non-negative 32-bit integer");
        }
        ids.push_back(static_cast<std::int32_t>(value.get<std::int64_t>()));
    }
    return ids;
}

} // namespace

int runDetokenize(const CommandLine& args)
{
    args.allowOnly({ "tokenizer", "ids-file", "skip-special" });
    const std::string tokenizerPath = args.required("tokenizer");
    const std::vector<std::int32_t> ids = readIds(args.required("ids-file"));
    const auto tokenizer = engine::Tokenizer::load(tokenizerPath);
    const std::string text = tokenizer.decode(ids, args.has("skip-special"));
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0)
        throw engine::EngineError("cannot write to stdout");
    return 0;
}

} // namespace vlmprobe::tools
