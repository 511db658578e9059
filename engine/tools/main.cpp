// vlmprobe-engine: the Qt-free command-line face of the engine. The subcommands and their options are a stable
// interface (scripts and tests depend on them); see docs/architecture.md.

#include "subcommands.h"

#include "vlmprobe/engine/errors.h"

#include <array>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace vlmprobe::tools;

struct Subcommand {
    std::string_view name;
    std::string_view usage;
    std::initializer_list<std::string_view> flags;
    int (*run)(const CommandLine&);
};

const std::array kSubcommands {
    Subcommand { "tokenize",
        "tokenize --tokenizer PATH (--text-file F | --text S)\n"
        "  Prints the token ids as a JSON array. PATH is a tokenizer.json or a checkpoint folder.",
        {}, runTokenize },
    Subcommand { "detokenize",
        "detokenize --tokenizer PATH --ids-file F [--skip-special]\n"
        "  Prints the text of a JSON array of ids.",
        { "skip-special" }, runDetokenize },
    Subcommand { "render",
        "render --model DIR --messages F.json [--no-generation-prompt] [--add-vision-id] "
        "[--prefill TEXT | --prefill-file F] [--json]\n"
        "  Prints the chat prompt exactly as the model sees it (one <|image_pad|> per image).",
        { "no-generation-prompt", "add-vision-id", "json" }, runRender },
    Subcommand { "preprocess",
        "preprocess --model DIR --image IMG [--min-pixels N] [--max-pixels N] "
        "[--rgba drop|white] --out F.npy\n"
        "  Writes pixel_values as float32 .npy; prints the resized size and grid_thw as JSON.",
        {}, runPreprocess },
    Subcommand { "make-tiny",
        "make-tiny --out DIR [--seed N] [--layout flat|nested] [--tie] [--dtype f32|bf16] "
        "[--vocab N]\n"
        "  Writes a random-weight Qwen2.5-VL checkpoint in the Hugging Face layout.",
        { "tie" }, runMakeTiny },
    Subcommand { "logits",
        "logits --model DIR --ids-file F.json [--image IMG ...] --out F.npy "
        "[--device cpu|cuda] [--dtype f32|bf16|f16]\n"
        "  Writes the teacher-forced logits [L, V] as float32 .npy.",
        {}, runLogits },
    Subcommand { "generate",
        "generate --model DIR [--image IMG ...] (--prompt TEXT | --ids-file F) [--system S] "
        "[--prefill P] [--max-new-tokens N] [--greedy | --temperature T --top-p P --top-k K "
        "--seed S] [--device cpu|cuda] [--dtype f32|bf16|f16] [--json]\n"
        "  Streams the generated text; --json prints tokens, logprobs, stop reason and timings.",
        { "greedy", "json" }, runGenerate },
    Subcommand { "score",
        "score --model DIR --image IMG --prompt TEXT --options A,B,C [--prefill P]\n"
        "  Prints the answer-letter distribution as JSON.",
        {}, runScore },
    Subcommand { "bench",
        "bench [--model DIR | --config 3b|7b --random] [--device cpu|cuda] [--dtype ...]\n"
        "  Prints prefill and decode speed, time to first token and prefix reuse.",
        { "random", "json" }, runBench },
};

void printUsage(std::FILE* out)
{
    std::fputs("usage: vlmprobe-engine <subcommand> [options]   (vlmprobe-engine <subcommand> --help)\n\n", out);
    for (const Subcommand& command : kSubcommands)
        std::fprintf(out, "  %.*s\n", static_cast<int>(command.usage.size()), command.usage.data());
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2 || std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h") {
        printUsage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const std::string_view name = argv[1];
    const Subcommand* command = nullptr;
    for (const Subcommand& candidate : kSubcommands) {
        if (candidate.name == name)
            command = &candidate;
    }
    if (!command) {
        std::fprintf(stderr, "vlmprobe-engine: unknown subcommand '%s' (try --help)\n", argv[1]);
        return 2;
    }
    const std::vector<std::string> rest(argv + 2, argv + argc);
    for (const std::string& token : rest) {
        if (token == "--help" || token == "-h") {
            std::printf(
                "usage: vlmprobe-engine %.*s\n", static_cast<int>(command->usage.size()), command->usage.data());
            return 0;
        }
    }
    try {
        return command->run(CommandLine(rest, command->flags));
    } catch (const UsageError& error) {
        std::fprintf(stderr, "vlmprobe-engine %s: %s\n", argv[1], error.what());
        return 2;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "vlmprobe-engine %s: %s\n", argv[1], error.what());
        return 1;
    }
}
