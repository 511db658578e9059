// bench_preprocess [--width W] [--height H] [--repeat N] [--python PATH]
//
// Times image -> pixel_values for one W x H RGB image (default 1920 x 1080) with the shipped Qwen2.5-VL processor
// configuration (patch 14, merge 2, min 3136, max 12845056 pixels), ours versus transformers' slow path run by
// Pillow + numpy in a python3 child process on the same pixels, and checks that both results are bit-identical.
// Timings are medians over N runs, excluding image decoding and process start-up. Prints one line per step and a
// JSON summary line.

#include "vlmprobe/engine/bicubic_resampler.h"
#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/image_preprocessor.h"
#include "vlmprobe/engine/npy.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace {

using vlmprobe::engine::Image;

Image makeImage(int width, int height)
{
    // Gradients plus deterministic noise: neither flat (which would flatter any resampler) nor pure noise.
    Image image { width, height, 3, {} };
    image.pixels.resize(static_cast<std::size_t>(width) * height * 3);
    std::uint32_t state = 12345;
    std::size_t i = 0;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            state = state * 1664525u + 1013904223u;
            const int noise = static_cast<int>(state >> 27) - 16;
            image.pixels[i++] = static_cast<std::uint8_t>(std::clamp(x * 255 / width + noise, 0, 255));
            image.pixels[i++] = static_cast<std::uint8_t>(std::clamp(y * 255 / height + noise, 0, 255));
            image.pixels[i++] = static_cast<std::uint8_t>(std::clamp((x ^ y) % 256 + noise, 0, 255));
        }
    }
    return image;
}

// uint8 .npy [h, w, 3] (format 1.0) for the Python side.
bool writeImageNpy(const std::string& path, const Image& image)
{
    std::string header = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + std::to_string(image.height) + ", "
        + std::to_string(image.width) + ", 3), }";
    const std::size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header.push_back('\n');
    std::ofstream out(path, std::ios::binary);
    const char magic[] = { '\x93', 'N', 'U', 'M', 'P', 'Y', 1, 0 };
    out.write(magic, sizeof magic);
    const auto length = static_cast<std::uint16_t>(header.size());
    const char lengthBytes[] = { static_cast<char>(length & 0xff), static_cast<char>(length >> 8) };
    out.write(lengthBytes, 2);
    out << header;
    out.write(reinterpret_cast<const char*>(image.pixels.data()), static_cast<std::streamsize>(image.pixels.size()));
    return static_cast<bool>(out);
}

struct Timing {
    double wallMs = 0; // median wall-clock time
    double cpuMs = 0; // median process CPU time: steadier than wall-clock on a busy machine (all work is serial)
};

double processCpuMs()
{
    timespec now {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

Timing measure(int repeat, const std::function<void()>& work)
{
    std::vector<double> wall;
    std::vector<double> cpu;
    for (int i = 0; i < repeat; ++i) {
        const auto start = std::chrono::steady_clock::now();
        const double cpuStart = processCpuMs();
        work();
        cpu.push_back(processCpuMs() - cpuStart);
        wall.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(wall.begin(), wall.end());
    std::sort(cpu.begin(), cpu.end());
    return { wall[wall.size() / 2], cpu[cpu.size() / 2] };
}

std::string runCommand(const std::string& command, int* status)
{
    std::string output;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) {
        *status = -1;
        return output;
    }
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe))
        output += buffer;
    *status = pclose(pipe);
    return output;
}

std::string quoted(const std::string& text)
{
    std::string result = "'";
    for (char c : text)
        result += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return result + "'";
}

// The first interpreter that has Pillow and numpy: --python, then python3 on PATH, then the distribution's.
std::string findPython(const std::string& requested)
{
    std::vector<std::string> candidates;
    if (!requested.empty())
        candidates.push_back(requested);
    candidates.insert(candidates.end(), { "python3", "/usr/bin/python3" });
    for (const std::string& candidate : candidates) {
        int status = 0;
        runCommand(quoted(candidate) + " -c 'import PIL, numpy' 2>/dev/null", &status);
        if (status == 0)
            return candidate;
    }
    return {};
}

} // namespace

int main(int argc, char** argv)
{
    int width = 1920;
    int height = 1080;
    int repeat = 20;
    std::string python;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string name = argv[i];
        if (name == "--width")
            width = std::atoi(argv[i + 1]);
        else if (name == "--height")
            height = std::atoi(argv[i + 1]);
        else if (name == "--repeat")
            repeat = std::max(1, std::atoi(argv[i + 1]));
        else if (name == "--python")
            python = argv[i + 1];
    }

    try {
        vlmprobe::engine::PreprocessorConfig config;
        config.maxPixels = 12845056; // the shipped Qwen2.5-VL preprocessor_config.json
        const vlmprobe::engine::ImagePreprocessor preprocessor(config);
        const Image image = makeImage(width, height);
        const vlmprobe::engine::ImageSize target = preprocessor.targetSize(height, width);

        vlmprobe::engine::PreprocessedImages ours;
        const Timing oursTime = measure(repeat, [&] { ours = preprocessor.run({ image }); });
        const Timing resizeTime = measure(repeat,
            [&] { vlmprobe::engine::BicubicResampler(width, height, target.width, target.height).resize(image); });
        std::printf("image %dx%d -> %dx%d, pixel_values [%lld, %lld], median of %d runs (wall / CPU)\n", width, height,
            target.width, target.height, static_cast<long long>(ours.rows), static_cast<long long>(ours.cols), repeat);
        std::printf("ours:   %8.2f ms / %8.2f ms  (bicubic resize alone %.2f / %.2f ms)\n", oursTime.wallMs,
            oursTime.cpuMs, resizeTime.wallMs, resizeTime.cpuMs);

        const std::string interpreter = findPython(python);
        if (interpreter.empty()) {
            std::fprintf(stderr,
                "bench_preprocess: no python3 with Pillow and numpy (install python3-pil "
                "python3-numpy or pass --python)\n");
            return 1;
        }
        const std::filesystem::path dir = std::filesystem::temp_directory_path()
            / ("bench_preprocess_" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
        std::filesystem::create_directories(dir);
        const std::string input = (dir / "image.npy").string();
        const std::string reference = (dir / "pixel_values.npy").string();
        if (!writeImageNpy(input, image))
            throw vlmprobe::engine::EngineError("cannot write " + input);
        const std::string script = std::string(VLMPROBE_SOURCE_DIR) + "/tests/oracles/pillow_pixel_values.py";
        int status = 0;
        const std::string output = runCommand(quoted(interpreter) + " " + quoted(script) + " bench --input "
                + quoted(input) + " --repeat " + std::to_string(repeat) + " --out " + quoted(reference),
            &status);
        if (status != 0)
            throw vlmprobe::engine::EngineError("the Pillow baseline failed: " + output);
        const nlohmann::json baseline = nlohmann::json::parse(output);
        const Timing pillowTime { baseline.at("ms_median").get<double>(), baseline.at("cpu_ms_median").get<double>() };
        const vlmprobe::engine::NpyArray expected = vlmprobe::engine::readNpy(reference);
        const bool identical = expected.bytes.size() == ours.pixelValues.size() * sizeof(float)
            && std::memcmp(expected.bytes.data(), ours.pixelValues.data(), expected.bytes.size()) == 0;
        std::filesystem::remove_all(dir);

        std::printf("pillow: %8.2f ms / %8.2f ms  (Pillow + numpy, transformers' slow path)\n", pillowTime.wallMs,
            pillowTime.cpuMs);
        std::printf("ratio:  %8.2f x / %5.2f x faster; pixel_values %s\n", pillowTime.wallMs / oursTime.wallMs,
            pillowTime.cpuMs / oursTime.cpuMs, identical ? "bit-identical" : "DIFFER");
        std::printf("%s\n",
            nlohmann::json { { "width", width }, { "height", height }, { "ours_ms", oursTime.wallMs },
                { "ours_cpu_ms", oursTime.cpuMs }, { "resize_ms", resizeTime.wallMs },
                { "pillow_ms", pillowTime.wallMs }, { "pillow_cpu_ms", pillowTime.cpuMs },
                { "ratio", pillowTime.wallMs / oursTime.wallMs }, { "cpu_ratio", pillowTime.cpuMs / oursTime.cpuMs },
                { "identical", identical } }
                .dump()
                .c_str());
        return identical ? 0 : 1;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_preprocess: %s\n", error.what());
        return 1;
    }
}
