#include "mmengine/device/utils.h"

#include <algorithm>
#include <cstdlib>
#include <utility>

#include <ATen/Config.h>
#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <ATen/Version.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <fmt/format.h>
#include <torch/version.h>

namespace mmengine::device {

namespace {

// CUDA reports versions as major*1000 + minor*10 (runtime) and cuDNN as
// major*10000 + minor*100 + patch (9.x) ; print them the usual way.
std::string cuda_version_string(long version) {
  return fmt::format("{}.{}", version / 1000, (version % 1000) / 10);
}

std::string cudnn_version_string(long version) {
  return fmt::format(
      "{}.{}.{}", version / 10000, (version % 10000) / 100, version % 100);
}

}  // namespace

bool is_cuda_available() {
  return cuda_device_count() > 0;
}

int cuda_device_count() {
  const auto& hooks = at::detail::getCUDAHooks();
  if (!hooks.hasCUDA()) {
    return 0;
  }
  return hooks.getNumGPUs();
}

std::string get_device() {
  return is_cuda_available() ? "cuda" : "cpu";
}

utils::EnvInfo collect_env() {
  utils::EnvInfo base = utils::collect_base_env();
  utils::EnvInfo info;
  // sys.platform, OS first, then the device block, as MMEngine orders it.
  info.push_back(base[0]);
  info.push_back(base[1]);
  const bool cuda = is_cuda_available();
  info.emplace_back("CUDA available", cuda ? "True" : "False");
  if (cuda) {
    // Devices with the same name share one line: "GPU 0,1: NVIDIA H200".
    std::vector<std::pair<std::string, std::string>> groups;
    const auto names = cuda_device_names();
    for (size_t i = 0; i < names.size(); ++i) {
      auto it = std::find_if(groups.begin(), groups.end(), [&](auto& g) {
        return g.first == names[i];
      });
      if (it == groups.end()) {
        groups.emplace_back(names[i], std::to_string(i));
      } else {
        it->second.append(",").append(std::to_string(i));
      }
    }
    for (const auto& [name, ids] : groups) {
      info.emplace_back("GPU " + ids, name);
    }
    const auto& hooks = at::detail::getCUDAHooks();
    info.emplace_back(
        "CUDA runtime", cuda_version_string(hooks.versionCUDART()));
    if (hooks.hasCuDNN()) {
      info.emplace_back("cuDNN", cudnn_version_string(hooks.versionCuDNN()));
    }
    const char* cuda_home = std::getenv("CUDA_HOME");
    info.emplace_back("CUDA_HOME", cuda_home ? cuda_home : "None");
  }
  info.push_back(base[2]);  // Compiler
  info.push_back(base[3]);  // CMake flags
  info.emplace_back("PyTorch", TORCH_VERSION);
  info.emplace_back("PyTorch compiling details", at::show_config());
  info.emplace_back(
      "Threads",
      fmt::format(
          "intra-op {}, inter-op {} ({} hardware threads)",
          at::get_num_threads(),
          at::get_num_interop_threads(),
          base[4].second));
  info.push_back(base[5]);  // MMEngine
  return info;
}

}  // namespace mmengine::device
