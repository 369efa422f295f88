#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/optim/optimizer/optimizer.h"
#include "mmengine/registry/build_args.h"

namespace mmengine::optim {

/// Hyper-parameters of LBFGS, with PyTorch's defaults (max_eval defaults
/// to max_iter * 5 / 4; line_search_fn is none or "strong_wolfe").
struct LBFGSOptions {
  double lr = 1;
  std::int64_t max_iter = 20;
  std::optional<std::int64_t> max_eval;
  double tolerance_grad = 1e-7;
  double tolerance_change = 1e-9;
  std::int64_t history_size = 100;
  std::optional<std::string> line_search_fn;
};

/// Limited-memory BFGS. Mirrors `torch.optim.LBFGS`: one parameter group,
/// step() needs a closure and may call it many times; the state of the
/// first parameter holds the history (`d`, `t`, `old_dirs`, `ro`, ...) in
/// PyTorch's layout, so a Python state dict continues identically.
class MMENGINE_API LBFGS : public Optimizer {
 public:
  /// ValueError for a negative lr, several groups ("LBFGS doesn't support
  /// per-parameter options (parameter groups)") or an unknown
  /// line_search_fn.
  LBFGS(std::vector<ParamGroup> param_groups, const LBFGSOptions& options);
  /// From a config (`lr`, `max_iter`, ... and the runtime `params`).
  explicit LBFGS(registry::BuildArgs& args);

  std::string name() const override {
    return "LBFGS";
  }
  /// Runs up to max_iter iterations; returns the closure's first loss.
  /// ValueError without a closure.
  at::Tensor step(const Closure& closure = nullptr) override;

 private:
  at::Tensor gather_flat_grad() const;
  void add_grad(const at::Scalar& step_size, const at::Tensor& update);
  std::int64_t numel() const;
};

}  // namespace mmengine::optim
