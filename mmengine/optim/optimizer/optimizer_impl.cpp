#include "mmengine/optim/optimizer/optimizer_impl.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <algorithm>

#include "mmengine/utils/error.h"

namespace mmengine::optim::detail {

using config::Value;

at::Tensor run_closure(const Closure& closure) {
  if (!closure) {
    return {};
  }
  at::AutoGradMode enable(true);
  return closure();
}

Value take_flag(
    registry::BuildArgs& args,
    std::string_view key,
    Value fallback,
    std::string_view cls) {
  Value value = args.take_value(key, std::move(fallback));
  check_flag(value, key, cls);
  return value;
}

void check_flag(
    const Value& value, std::string_view key, std::string_view cls) {
  MMENGINE_CHECK_TYPE(
      value.is_none() || value.is_bool(),
      cls,
      ": '",
      key,
      "' must be None or a bool, got ",
      value.repr());
  if (key == "foreach") {
    return;  // the multi-tensor path is the only one; any choice is fine
  }
  MMENGINE_CHECK_T(
      NotImplementedError,
      value.is_none() || !value.as<bool>(),
      cls,
      ": ",
      key,
      "=True is not supported (only the plain ",
      "multi-tensor implementation exists); use ",
      key,
      "=False");
}

void check_hyper(bool ok, std::string_view what, double value) {
  MMENGINE_CHECK(ok, "Invalid ", what, ": ", config::float_repr(value));
}

std::pair<double, double> take_betas(
    registry::BuildArgs& args,
    std::pair<double, double> fallback,
    std::string_view cls) {
  if (!args.has("betas")) {
    return fallback;
  }
  auto betas = args.take<std::vector<double>>("betas");
  MMENGINE_CHECK(
      betas.size() == 2,
      cls,
      ": 'betas' must have 2 values, got ",
      betas.size());
  return {betas[0], betas[1]};
}

void check_betas(const std::pair<double, double>& betas) {
  const auto [b1, b2] = betas;
  check_hyper(b1 >= 0 && b1 < 1, "beta parameter at index 0", b1);
  check_hyper(b2 >= 0 && b2 < 1, "beta parameter at index 1", b2);
}

GradTensors with_grads(const ParamGroup& group, std::string_view cls) {
  GradTensors out;
  out.params.reserve(group.params.size());
  out.grads.reserve(group.params.size());
  for (const at::Tensor& p : group.params) {
    const at::Tensor& grad = p.grad();
    if (!grad.defined()) {
      continue;
    }
    MMENGINE_CHECK_T(
        NotImplementedError,
        !grad.is_sparse(),
        cls,
        " does not support sparse gradients");
    out.has_complex |= p.is_complex();
    out.params.push_back(p);
    out.grads.push_back(grad);
  }
  return out;
}

at::Tensor scalar_state(double value) {
  return at::scalar_tensor(value, at::TensorOptions().dtype(at::kFloat));
}

void increment_steps(const std::vector<at::Tensor>& steps) {
  static const at::Tensor one = scalar_state(1.0);
  at::_foreach_add_(steps, one, 1.0);
}

std::vector<double> values_of(const std::vector<at::Tensor>& steps) {
  std::vector<double> out;
  out.reserve(steps.size());
  for (const at::Tensor& s : steps) {
    out.push_back(s.item<double>());
  }
  return out;
}

std::vector<at::Scalar> to_scalars(const std::vector<double>& values) {
  return {values.begin(), values.end()};
}

bool prepare_grads(
    std::vector<at::Tensor>& grads,
    const std::vector<at::Tensor>& params,
    bool maximize,
    double weight_decay) {
  if (maximize) {
    grads = at::_foreach_neg(grads);
  }
  if (weight_decay != 0) {
    if (maximize) {
      at::_foreach_add_(grads, params, weight_decay);
    } else {
      grads = at::_foreach_add(grads, params, weight_decay);
    }
  }
  return maximize || weight_decay != 0;
}

void view_as_real(std::vector<at::Tensor>& tensors) {
  for (at::Tensor& t : tensors) {
    if (t.is_complex()) {
      t = at::view_as_real(t);
    }
  }
}

namespace {

bool splittable(const ChunkLists& lists, std::size_t i) {
  for (const auto& list : lists) {
    if (!list.empty() && !list[i].is_contiguous()) {
      return false;
    }
  }
  return lists[0][i].numel() > kChunkElements;
}

}  // namespace

void for_each_chunk(
    const ChunkLists& lists,
    const std::vector<std::vector<double>>& scalars,
    const ChunkFn& fn) {
  const std::vector<at::Tensor>& ref = lists.at(0);
  ChunkLists pieces(lists.size());
  ChunkScalars piece_scalars(scalars.size());
  if (ref.empty() || !ref[0].is_cpu()) {
    pieces = lists;
    for (std::size_t k = 0; k < scalars.size(); ++k) {
      piece_scalars[k] = to_scalars(scalars[k]);
    }
    fn(pieces, piece_scalars);
    return;
  }
  std::int64_t filled = 0;
  auto add =
      [&](std::size_t i, std::int64_t begin, std::int64_t len, bool slice) {
        for (std::size_t k = 0; k < lists.size(); ++k) {
          if (!lists[k].empty()) {
            const at::Tensor& t = lists[k][i];
            pieces[k].push_back(
                slice ? t.view(-1).slice(0, begin, begin + len) : t);
          }
        }
        for (std::size_t k = 0; k < scalars.size(); ++k) {
          if (!scalars[k].empty()) {
            piece_scalars[k].emplace_back(scalars[k][i]);
          }
        }
        filled += len;
        if (filled >= kChunkElements) {
          fn(pieces, piece_scalars);
          for (auto& p : pieces) {
            p.clear();
          }
          for (auto& s : piece_scalars) {
            s.clear();
          }
          filled = 0;
        }
      };
  for (std::size_t i = 0; i < ref.size(); ++i) {
    const std::int64_t numel = ref[i].numel();
    if (!splittable(lists, i)) {
      add(i, 0, numel, false);
      continue;
    }
    for (std::int64_t begin = 0; begin < numel; begin += kChunkElements) {
      add(i, begin, std::min(kChunkElements, numel - begin), true);
    }
  }
  if (!pieces[0].empty()) {
    fn(pieces, piece_scalars);
  }
}

std::pair<double, double> betas_of(const ParamGroup& group) {
  const Value& betas = group.options["betas"];
  MMENGINE_CHECK_TYPE(
      betas.is_sequence() && betas.size() == 2,
      "param group 'betas' must be a pair of floats, got ",
      betas.repr());
  return {betas[0].as<double>(), betas[1].as<double>()};
}

bool flag_of(const ParamGroup& group, std::string_view key) {
  return group.options[std::string(key)].as<bool>();
}

}  // namespace mmengine::optim::detail
