// vlmprobe-engine tokenize: the token ids of a text, as one JSON array on stdout.

#include "subcommands.h"

#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/tokenizer.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace vlmprobe::tools {

namespace {

// "-" reads standard input.
std::string readTextFile(const std::string& path)
{
    if (path == "-") {
        std::string text;
        char buffer[65536];
        std::size_t count = 0;
        while ((count = std::fread(buffer, 1, sizeof buffer, stdin)) > 0)
            text.append(buffer, count);
        if (std::ferror(stdin))
            throw engine::LoadError("cannot read standard input");
        return text;
    }
    std::error_code status;
    if (!std::filesystem::is_regular_file(path, status))
        throw engine::LoadError("text file '" + path + "' does not exist or is not a file");
    std::ifstream file(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << file.rdbuf();
    if (!file)
        throw engine::LoadError("cannot read text file '" + path + "'");
    return bytes.str();
}

} // namespace

int runTokenize(const CommandLine& args)
{
    args.allowOnly({ "tokenizer", "text", "text-file" });
    const std::string tokenizerPath = args.required("tokenizer");
    if (args.has("text") == args.has("text-file"))
        throw UsageError("give exactly one of --text or --text-file");
    if (args.values("text").size() > 1)
        throw UsageError("--text takes one value (quote it)");
    const std::string text = args.has("text") ? args.required("text") : readTextFile(args.required("text-file"));

    const auto tokenizer = engine::Tokenizer::load(tokenizerPath);
    const std::vector<std::int32_t> ids = tokenizer.encode(text);
    std::string out = "[";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i)
            out += ',';
        out += std::to_string(ids[i]);
    }
    out += "]\n";
    if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0)
        throw engine::EngineError("cannot write to stdout");
    return 0;
}

} // namespace vlmprobe::tools
