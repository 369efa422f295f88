#include "mmengine/runner/rng_state.h"

#include <ATen/ATen.h>
#include <ATen/Context.h>
#include <ATen/core/Generator.h>

#include <mutex>

#include "mmengine/device/utils.h"
#include "mmengine/utils/error.h"

namespace mmengine::runner {

using structures::Tree;

namespace {

at::Generator generator_of(const at::Device& device) {
  return at::globalContext().defaultGenerator(device);
}

at::Tensor state_of(at::Generator generator) {
  std::lock_guard<std::mutex> lock(generator.mutex());
  return generator.get_state();
}

void restore(at::Generator generator, const at::Tensor& state) {
  std::lock_guard<std::mutex> lock(generator.mutex());
  generator.set_state(state);
}

const at::Tensor& state_tensor(const Tree& tree, const std::string& where) {
  MMENGINE_CHECK_TYPE(
      tree.is_tensor(),
      "rng state: '",
      where,
      "' should be a uint8 tensor, got ",
      tree.type_name());
  const at::Tensor& t = tree.tensor();
  MMENGINE_CHECK_TYPE(
      t.scalar_type() == at::kByte && t.dim() == 1,
      "rng state: '",
      where,
      "' should be a 1-d uint8 tensor, got ",
      t.toString(),
      " of ",
      t.dim(),
      " dims");
  return t;
}

}  // namespace

Tree get_rng_state() {
  Tree state = Tree::dict();
  state["torch_cpu"] = state_of(generator_of(at::Device(at::kCPU)));
  Tree cuda = Tree::list();
  if (device::is_cuda_available()) {
    const int n = device::cuda_device_count();
    for (int i = 0; i < n; ++i) {
      cuda.append(state_of(generator_of(
          at::Device(at::kCUDA, static_cast<at::DeviceIndex>(i)))));
    }
  }
  state["torch_cuda"] = cuda;
  return state;
}

void set_rng_state(const Tree& state) {
  MMENGINE_CHECK_TYPE(
      state.is_dict(), "rng state should be a dict, got ", state.type_name());
  const Tree* cpu = state.find("torch_cpu");
  MMENGINE_CHECK_KEY(cpu != nullptr, "rng state: missing 'torch_cpu'");
  const at::Tensor& cpu_state = state_tensor(*cpu, "torch_cpu");
  const Tree* cuda = state.find("torch_cuda");
  MMENGINE_CHECK_KEY(cuda != nullptr, "rng state: missing 'torch_cuda'");
  MMENGINE_CHECK_TYPE(
      cuda->is_sequence(),
      "rng state: 'torch_cuda' should be a list, got ",
      cuda->type_name());
  const std::vector<Tree> devices = cuda->elements();
  std::vector<at::Tensor> cuda_states;
  for (std::size_t i = 0; i < devices.size(); ++i) {
    cuda_states.push_back(
        state_tensor(devices[i], "torch_cuda[" + std::to_string(i) + "]"));
  }
  restore(generator_of(at::Device(at::kCPU)), cpu_state);
  if (device::is_cuda_available()) {
    const int n = std::min<int>(
        device::cuda_device_count(), static_cast<int>(cuda_states.size()));
    for (int i = 0; i < n; ++i) {
      restore(
          generator_of(at::Device(at::kCUDA, static_cast<at::DeviceIndex>(i))),
          cuda_states[static_cast<std::size_t>(i)]);
    }
  }
}

}  // namespace mmengine::runner
