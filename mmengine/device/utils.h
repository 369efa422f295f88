#pragma once

#include <string>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/utils/collect_env.h"

namespace mmengine::device {

/// True when libtorch has CUDA and a usable GPU is present.
/// Mirrors `mmengine.device.is_cuda_available`.
MMENGINE_API bool is_cuda_available();

/// Number of visible CUDA devices (0 without CUDA).
MMENGINE_API int cuda_device_count();

/// "cuda" when a GPU is available, else "cpu". Mirrors
/// `mmengine.device.get_device` (without NPU/MLU/MPS/MUSA).
MMENGINE_API std::string get_device();

/// Names of the visible CUDA devices, index order; empty without CUDA or
/// when the engine was built without libtorch's CUDA libraries.
MMENGINE_API std::vector<std::string> cuda_device_names();

/// The full environment report, the C++ counterpart of MMEngine's
/// `collect_env()`: the base entries plus CUDA availability, GPU names,
/// CUDA runtime/cuDNN versions, libtorch version and build configuration,
/// and libtorch's thread counts. Never throws for a missing GPU.
MMENGINE_API utils::EnvInfo collect_env();

}  // namespace mmengine::device
