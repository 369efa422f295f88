#pragma once

// Shared pieces of the built-in optimizers' multi-tensor steps, written to
// follow torch/optim/*.py's `_multi_tensor_*` functions op for op.

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

#include "mmengine/config/value.h"
#include "mmengine/optim/optimizer/optimizer.h"
#include "mmengine/registry/build_args.h"

namespace mmengine::optim::detail {

/// Calls `closure` under grad mode (PyTorch's `with torch.enable_grad()`);
/// an undefined tensor without a closure.
at::Tensor run_closure(const Closure& closure);

/// Reads an implementation flag (`foreach`, `fused`, `capturable`,
/// `differentiable`) from a config; see check_flag().
config::Value take_flag(
    registry::BuildArgs& args,
    std::string_view key,
    config::Value fallback,
    std::string_view cls);

/// ValueError unless `value` is None or False: only PyTorch's plain
/// (non-capturable, non-fused, non-differentiable) path is implemented.
void check_flag(
    const config::Value& value, std::string_view key, std::string_view cls);

/// ValueError "Invalid <what>: <value>" (PyTorch's wording) unless ok.
void check_hyper(bool ok, std::string_view what, double value);

/// Config key `betas` (two numbers) or `fallback`; ValueError naming `cls`
/// for another length.
std::pair<double, double> take_betas(
    registry::BuildArgs& args,
    std::pair<double, double> fallback,
    std::string_view cls);

/// PyTorch's checks: each beta in [0, 1) ("Invalid beta parameter at
/// index i: ...").
void check_betas(const std::pair<double, double>& betas);

/// The parameters of a group that have gradients, with those gradients.
struct GradTensors {
  std::vector<at::Tensor> params;
  std::vector<at::Tensor> grads;
  bool has_complex = false;
};

/// Collects the group's parameters with a gradient; RuntimeError
/// "<cls> does not support sparse gradients" for sparse ones.
GradTensors with_grads(const ParamGroup& group, std::string_view cls);

/// A float32 0-dim tensor (how PyTorch stores `step` and `mu_product`).
at::Tensor scalar_state(double value);

/// `_foreach_add_(steps, torch.tensor(1.0), alpha=1.0)`.
void increment_steps(const std::vector<at::Tensor>& steps);

/// `[_get_value(s) for s in steps]`.
std::vector<double> values_of(const std::vector<at::Tensor>& steps);

/// Python floats as scalars for `_foreach_*` ScalarList overloads.
std::vector<at::Scalar> to_scalars(const std::vector<double>& values);

/// PyTorch's grads preamble: negated when maximizing, plus the coupled
/// `weight_decay * param`. Returns true when `grads` are fresh tensors
/// (safe to modify in place), false when they are still the `.grad`s.
bool prepare_grads(
    std::vector<at::Tensor>& grads,
    const std::vector<at::Tensor>& params,
    bool maximize,
    double weight_decay);

/// `_view_as_real`: complex tensors replaced by their real views.
void view_as_real(std::vector<at::Tensor>& tensors);

/// Aligned pieces of a step's tensor lists, with their scalar lists.
using ChunkLists = std::vector<std::vector<at::Tensor>>;
using ChunkScalars = std::vector<std::vector<at::Scalar>>;
using ChunkFn = std::function<void(ChunkLists&, ChunkScalars&)>;

/// Runs `fn` over pieces of the aligned tensor lists (same shapes per
/// index; empty lists stay empty) with the matching per-tensor scalars
/// (empty scalar lists stay empty too). On
/// CPU the pieces hold about kChunkElements elements (large contiguous
/// tensors are split into flat slices), so a sequence of elementwise
/// `_foreach_*` ops runs in cache; each element sees the same ops, so the
/// results equal a whole-list run bit for bit. CPU pieces run in parallel
/// (at::parallel_for; `fn` may touch only its piece). Elsewhere `fn` runs
/// once.
void for_each_chunk(
    const ChunkLists& lists,
    const std::vector<std::vector<double>>& scalars,
    const ChunkFn& fn);

/// Elements per CPU piece of for_each_chunk.
inline constexpr std::int64_t kChunkElements = std::int64_t{1} << 16;

/// group["betas"] as (beta1, beta2).
std::pair<double, double> betas_of(const ParamGroup& group);

/// group[key] as bool.
bool flag_of(const ParamGroup& group, std::string_view key);

/// The state tensor `key` of `param`, created by `init` on first use.
template <typename Init>
const at::Tensor& state_tensor(
    structures::Tree& state, std::string_view key, Init&& init) {
  structures::Tree* slot = state.find(std::string(key));
  if (slot == nullptr) {
    state[std::string(key)] = structures::Tree(init());
    slot = state.find(std::string(key));
  }
  return slot->tensor();
}

}  // namespace mmengine::optim::detail
