#pragma once
// Umbrella header for reading and writing safetensors weights: dtypes, views, files, checkpoint folders, writer.

#include "vlmprobe/engine/checkpoint_weights.h"
#include "vlmprobe/engine/dtype.h"
#include "vlmprobe/engine/safetensors_file.h"
#include "vlmprobe/engine/safetensors_writer.h"
#include "vlmprobe/engine/tensor_view.h"
