#pragma once
// Model's private state, shared with Session and the scorer inside the runtime piece.

#include "qwen2_5_vl/network.h"

#include "vlmprobe/engine/model.h"

#include <ATen/ATen.h>

#include <memory>
#include <string>
#include <vector>

namespace vlmprobe::engine {

struct Model::Impl {
    std::string directory;
    ModelConfig config;
    GenerationConfig generation;
    Device device = Device::Cpu;
    Precision precision = Precision::Float32;
    std::shared_ptr<const Network> network;

    // Concatenated pixel_values of the images [N, C*T*P*P] float32 on the CPU; throws InvalidInputError when an
    // image's buffer does not hold grid.patchCount() rows of that width.
    at::Tensor pixelTensor(const std::vector<VisionInput>& images) const;
    std::vector<GridThw> grids(const std::vector<VisionInput>& images) const;
};

at::Device torchDevice(Device device);
at::ScalarType torchDtype(Precision precision);

// Copies a float tensor of any dtype/device into a FloatArray.
FloatArray toFloatArray(const at::Tensor& tensor);

} // namespace vlmprobe::engine
