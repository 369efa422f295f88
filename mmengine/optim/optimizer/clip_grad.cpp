#include "mmengine/optim/optimizer/clip_grad.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <utility>

#include "mmengine/config/value.h"
#include "mmengine/utils/error.h"

namespace mmengine::optim {

namespace {

// PyTorch's _group_tensors_by_device_and_dtype: groups in order of first
// appearance.
std::vector<std::vector<at::Tensor>> group_by_device_and_dtype(
    const std::vector<at::Tensor>& tensors) {
  std::vector<std::pair<std::pair<at::Device, at::ScalarType>, size_t>> keys;
  std::vector<std::vector<at::Tensor>> groups;
  for (const at::Tensor& t : tensors) {
    const std::pair<at::Device, at::ScalarType> key{
        t.device(), t.scalar_type()};
    size_t index = groups.size();
    for (const auto& [k, i] : keys) {
      if (k == key) {
        index = i;
        break;
      }
    }
    if (index == groups.size()) {
      keys.emplace_back(key, index);
      groups.emplace_back();
    }
    groups[index].push_back(t);
  }
  return groups;
}

// PyTorch's foreach kernels cover CUDA; other devices take the per-tensor
// path unless foreach=True is asked for (an error, as in PyTorch).
bool use_foreach(std::optional<bool> foreach, const at::Device& device) {
  const bool supported = device.is_cuda();
  MMENGINE_CHECK(
      !(foreach.value_or(false) && !supported),
      "foreach=True was passed, but can't use the foreach API on ",
      c10::DeviceTypeName(device.type(), /*lower_case=*/true),
      " tensors");
  return supported && foreach.value_or(true);
}

std::vector<at::Tensor> grads_of(const std::vector<at::Tensor>& params) {
  std::vector<at::Tensor> grads;
  for (const at::Tensor& p : params) {
    if (p.grad().defined()) {
      grads.push_back(p.grad());
    }
  }
  return grads;
}

}  // namespace

at::Tensor clip_grad_norm_(
    const std::vector<at::Tensor>& params,
    double max_norm,
    double norm_type,
    bool error_if_nonfinite,
    std::optional<bool> foreach) {
  at::NoGradGuard no_grad;
  const std::vector<at::Tensor> grads = grads_of(params);
  if (grads.empty()) {
    return at::scalar_tensor(0.0);
  }
  const at::Device first_device = grads[0].device();
  const auto groups = group_by_device_and_dtype(grads);
  std::vector<at::Tensor> norms;
  for (const auto& group : groups) {
    if (use_foreach(foreach, group[0].device())) {
      for (at::Tensor& n : at::_foreach_norm(group, norm_type)) {
        norms.push_back(n.to(first_device));
      }
    } else {
      for (const at::Tensor& g : group) {
        norms.push_back(at::linalg_vector_norm(g, norm_type).to(first_device));
      }
    }
  }
  at::Tensor total = at::linalg_vector_norm(at::stack(norms), norm_type);
  if (error_if_nonfinite) {
    MMENGINE_CHECK(
        !at::logical_or(total.isnan(), total.isinf()).item<bool>(),
        "The total norm of order ",
        config::float_repr(norm_type),
        " for gradients from `parameters` is non-finite, so it cannot be "
        "clipped. To disable this error and scale the gradients by the "
        "non-finite norm anyway, set `error_if_nonfinite=False`");
  }
  const at::Tensor coef = at::clamp_max(max_norm / (total + 1e-6), 1.0);
  for (const auto& group : groups) {
    const at::Tensor c = coef.to(group[0].device());
    if (use_foreach(foreach, group[0].device())) {
      at::_foreach_mul_(group, c);
    } else {
      for (const at::Tensor& g : group) {
        g.mul_(c);
      }
    }
  }
  return total;
}

void clip_grad_value_(
    const std::vector<at::Tensor>& params,
    double clip_value,
    std::optional<bool> foreach) {
  at::NoGradGuard no_grad;
  for (const auto& group : group_by_device_and_dtype(grads_of(params))) {
    if (use_foreach(foreach, group[0].device())) {
      at::_foreach_clamp_min_(group, -clip_value);
      at::_foreach_clamp_max_(group, clip_value);
    } else {
      for (const at::Tensor& g : group) {
        g.clamp_(-clip_value, clip_value);
      }
    }
  }
}

}  // namespace mmengine::optim
