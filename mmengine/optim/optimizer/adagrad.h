#pragma once

#include <string>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/optim/optimizer/optimizer.h"
#include "mmengine/registry/build_args.h"

namespace mmengine::optim {

/// Hyper-parameters of Adagrad, with PyTorch's defaults.
struct AdagradOptions {
  double lr = 1e-2;
  double lr_decay = 0;
  double weight_decay = 0;
  double initial_accumulator_value = 0;
  double eps = 1e-10;
  bool maximize = false;
  config::Value foreach;
  config::Value fused;
};

/// Adagrad. Mirrors `torch.optim.Adagrad` (its `_multi_tensor_adagrad`;
/// state `sum` and `step` exist for every parameter from construction);
/// differs in rejecting sparse gradients and fused/differentiable=True.
class MMENGINE_API Adagrad : public Optimizer {
 public:
  /// ValueError for negative lr/lr_decay/weight_decay/eps and
  /// initial_accumulator_value.
  Adagrad(std::vector<ParamGroup> param_groups, const AdagradOptions& options);
  /// From a config (`lr`, `lr_decay`, ... and the runtime `params`).
  explicit Adagrad(registry::BuildArgs& args);

  std::string name() const override {
    return "Adagrad";
  }
  at::Tensor step(const Closure& closure = nullptr) override;

 private:
  double initial_accumulator_value_;
};

}  // namespace mmengine::optim
