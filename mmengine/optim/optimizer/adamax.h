#pragma once

#include <string>
#include <utility>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/optim/optimizer/optimizer.h"
#include "mmengine/registry/build_args.h"

namespace mmengine::optim {

/// Hyper-parameters of Adamax, with PyTorch's defaults.
struct AdamaxOptions {
  double lr = 2e-3;
  std::pair<double, double> betas{0.9, 0.999};
  double eps = 1e-8;
  double weight_decay = 0;
  bool maximize = false;
  config::Value foreach;
};

/// Adamax (Adam with the infinity norm). Mirrors `torch.optim.Adamax`
/// (its `_multi_tensor_adamax`); differs in rejecting
/// capturable/differentiable=True.
class MMENGINE_API Adamax : public Optimizer {
 public:
  /// ValueError for negative lr/eps/weight_decay and betas outside [0, 1).
  Adamax(std::vector<ParamGroup> param_groups, const AdamaxOptions& options);
  /// From a config (`lr`, `betas`, ... and the runtime `params`).
  explicit Adamax(registry::BuildArgs& args);

  std::string name() const override {
    return "Adamax";
  }
  at::Tensor step(const Closure& closure = nullptr) override;
};

}  // namespace mmengine::optim
