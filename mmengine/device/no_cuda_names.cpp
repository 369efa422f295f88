// Built when the engine links a CPU-only libtorch (see cuda_names.cpp).
#include "mmengine/device/utils.h"

namespace mmengine::device {

std::vector<std::string> cuda_device_names() {
  return {};
}

}  // namespace mmengine::device
