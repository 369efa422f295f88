// Uses the installed headers and libraries of both layers.
#include <iostream>

#include <ATen/ATen.h>

#include "mmengine/device/utils.h"
#include "mmengine/utils/collect_env.h"
#include "mmengine/utils/error.h"
#include "mmengine/version.h"

int main() {
  const auto env = mmengine::device::collect_env();
  const auto t = at::ones({3}) * 2;
  std::cout << "mmengine " << MMENGINE_VERSION << " device "
            << mmengine::device::get_device() << " entries " << env.size()
            << " sum " << t.sum().item<float>() << "\n";
  try {
    MMENGINE_CHECK(false, "downstream check");
  } catch (const mmengine::ValueError& e) {
    std::cout << "caught " << e.what() << "\n";
  }
  return 0;
}
