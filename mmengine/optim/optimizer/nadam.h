#pragma once

#include <string>
#include <utility>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/optim/optimizer/optimizer.h"
#include "mmengine/registry/build_args.h"

namespace mmengine::optim {

/// Hyper-parameters of NAdam, with PyTorch's defaults.
struct NAdamOptions {
  double lr = 2e-3;
  std::pair<double, double> betas{0.9, 0.999};
  double eps = 1e-8;
  double weight_decay = 0;
  double momentum_decay = 4e-3;
  bool decoupled_weight_decay = false;
  bool maximize = false;
  config::Value foreach;
};

/// NAdam (Adam with Nesterov momentum). Mirrors `torch.optim.NAdam` (its
/// `_multi_tensor_nadam`); differs in rejecting
/// capturable/differentiable=True.
class MMENGINE_API NAdam : public Optimizer {
 public:
  /// ValueError for negative lr/eps/weight_decay/momentum_decay and betas
  /// outside [0, 1).
  NAdam(std::vector<ParamGroup> param_groups, const NAdamOptions& options);
  /// From a config (`lr`, `betas`, ... and the runtime `params`).
  explicit NAdam(registry::BuildArgs& args);

  std::string name() const override {
    return "NAdam";
  }
  at::Tensor step(const Closure& closure = nullptr) override;
};

}  // namespace mmengine::optim
