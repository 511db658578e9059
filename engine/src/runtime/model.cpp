#include "model_impl.h"
#include "torch_errors.h"

#include "vlmprobe/engine/errors.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <cstring>
#include <thread>

namespace vlmprobe::engine {

namespace {

void setThreads(int threads)
{
    const int count = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    if (at::get_num_threads() != count)
        at::set_num_threads(count);
}

Precision resolve(Precision precision, Device device)
{
    if (precision != Precision::Auto)
        return precision;
    return device == Device::Cuda ? Precision::BFloat16 : Precision::Float32;
}

void checkDevice(Device device)
{
    if (device == Device::Cuda && !cudaAvailable())
        throw EngineError("CUDA was requested but this build or machine has no CUDA device");
}

} // namespace

std::string firstLine(const std::string& text)
{
    const auto end = text.find('\n');
    return end == std::string::npos ? text : text.substr(0, end);
}

Device parseDevice(const std::string& text)
{
    if (text == "cpu")
        return Device::Cpu;
    if (text == "cuda")
        return Device::Cuda;
    throw InvalidInputError("unknown device '" + text + "' (cpu or cuda)");
}

Precision parsePrecision(const std::string& text)
{
    if (text == "auto")
        return Precision::Auto;
    if (text == "f32" || text == "float32")
        return Precision::Float32;
    if (text == "bf16" || text == "bfloat16")
        return Precision::BFloat16;
    if (text == "f16" || text == "float16")
        return Precision::Float16;
    throw InvalidInputError("unknown dtype '" + text + "' (f32, bf16, f16 or auto)");
}

bool cudaAvailable()
{
    return at::hasCUDA();
}

std::vector<std::pair<std::string, std::vector<std::int64_t>>> checkpointTensorShapes(const ModelConfig& config)
{
    return Network::tensorShapes(config);
}

at::Device torchDevice(Device device)
{
    return device == Device::Cuda ? at::Device(at::kCUDA, 0) : at::Device(at::kCPU);
}

at::ScalarType torchDtype(Precision precision)
{
    switch (precision) {
    case Precision::BFloat16:
        return at::kBFloat16;
    case Precision::Float16:
        return at::kHalf;
    default:
        return at::kFloat;
    }
}

FloatArray toFloatArray(const at::Tensor& tensor)
{
    const at::Tensor host = tensor.to(at::kCPU, at::kFloat).contiguous();
    FloatArray out;
    out.shape = host.sizes().vec();
    out.values.resize(static_cast<std::size_t>(host.numel()));
    if (host.numel() > 0)
        std::memcpy(out.values.data(), host.data_ptr<float>(), out.values.size() * sizeof(float));
    return out;
}

std::vector<GridThw> Model::Impl::grids(const std::vector<VisionInput>& images) const
{
    std::vector<GridThw> out;
    for (const VisionInput& image : images)
        out.push_back(image.grid);
    return out;
}

at::Tensor Model::Impl::pixelTensor(const std::vector<VisionInput>& images) const
{
    const VisionConfig& vc = config.vision;
    const std::int64_t columns = std::int64_t(vc.inChannels) * vc.temporalPatchSize * vc.patchSize * vc.patchSize;
    validateGrids(grids(images), vc.spatialMergeSize);
    std::int64_t rows = 0;
    for (std::size_t i = 0; i < images.size(); ++i) {
        const std::int64_t expected = images[i].grid.patchCount() * columns;
        if (static_cast<std::int64_t>(images[i].pixelValues.size()) != expected)
            throw InvalidInputError("image " + std::to_string(i) + " has "
                + std::to_string(images[i].pixelValues.size()) + " pixel values, its grid needs "
                + std::to_string(expected) + " (" + std::to_string(images[i].grid.patchCount()) + " rows of "
                + std::to_string(columns) + ")");
        rows += images[i].grid.patchCount();
    }
    at::Tensor out = at::empty({ rows, columns }, at::TensorOptions().dtype(at::kFloat));
    float* cursor = out.data_ptr<float>();
    for (const VisionInput& image : images) {
        std::memcpy(cursor, image.pixelValues.data(), image.pixelValues.size() * sizeof(float));
        cursor += image.pixelValues.size();
    }
    return out;
}

Model::Model(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}

Model::~Model() = default;

std::shared_ptr<const Model> Model::load(const std::string& directory, const LoadOptions& options)
{
    checkDevice(options.device);
    setThreads(options.threads);
    auto impl = std::make_unique<Impl>();
    impl->directory = directory;
    impl->config = loadModelConfig(directory);
    impl->generation = loadGenerationConfig(directory);
    impl->device = options.device;
    impl->precision = resolve(options.precision, options.device);
    impl->network = translateTorchErrors("loading the weights",
        [&] { return Network::load(directory, impl->config, torchDevice(impl->device), torchDtype(impl->precision)); });
    return std::shared_ptr<const Model>(new Model(std::move(impl)));
}

std::shared_ptr<const Model> Model::createRandom(
    const ModelConfig& config, const LoadOptions& options, std::uint64_t seed)
{
    checkDevice(options.device);
    setThreads(options.threads);
    auto impl = std::make_unique<Impl>();
    impl->config = config;
    impl->generation.eosTokenIds = config.tokens.eos;
    impl->device = options.device;
    impl->precision = resolve(options.precision, options.device);
    impl->network = translateTorchErrors("creating random weights",
        [&] { return Network::random(config, torchDevice(impl->device), torchDtype(impl->precision), seed); });
    return std::shared_ptr<const Model>(new Model(std::move(impl)));
}

const std::string& Model::directory() const
{
    return m_impl->directory;
}
const ModelConfig& Model::config() const
{
    return m_impl->config;
}
const GenerationConfig& Model::generationConfig() const
{
    return m_impl->generation;
}
Device Model::device() const
{
    return m_impl->device;
}
Precision Model::precision() const
{
    return m_impl->precision;
}

FloatArray Model::encodeImages(const std::vector<VisionInput>& images, const std::atomic<bool>* stop) const
{
    return translateTorchErrors("vision tower", [&] {
        const at::Tensor pixels = m_impl->pixelTensor(images);
        c10::InferenceMode guard;
        return toFloatArray(m_impl->network->vision().forward(pixels, m_impl->grids(images), stop));
    });
}

} // namespace vlmprobe::engine
