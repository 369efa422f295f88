// Built when libtorch's CUDA libraries are linked (see no_cuda_names.cpp).
#include <ATen/cuda/CUDAContextLight.h>

#include "mmengine/device/utils.h"

namespace mmengine::device {

std::vector<std::string> cuda_device_names() {
  std::vector<std::string> names;
  const int count = cuda_device_count();
  for (int i = 0; i < count; ++i) {
    names.emplace_back(at::cuda::getDeviceProperties(i)->name);
  }
  return names;
}

}  // namespace mmengine::device
