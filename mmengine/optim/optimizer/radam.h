#pragma once

#include <string>
#include <utility>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/optim/optimizer/optimizer.h"
#include "mmengine/registry/build_args.h"

namespace mmengine::optim {

/// Hyper-parameters of RAdam, with PyTorch's defaults.
struct RAdamOptions {
  double lr = 1e-3;
  std::pair<double, double> betas{0.9, 0.999};
  double eps = 1e-8;
  double weight_decay = 0;
  bool decoupled_weight_decay = false;
  bool maximize = false;
  config::Value foreach;
};

/// RAdam (rectified Adam). Mirrors `torch.optim.RAdam` (its
/// `_multi_tensor_radam`); differs in rejecting
/// capturable/differentiable=True.
class MMENGINE_API RAdam : public Optimizer {
 public:
  /// ValueError for negative lr/eps/weight_decay and betas outside [0, 1).
  RAdam(std::vector<ParamGroup> param_groups, const RAdamOptions& options);
  /// From a config (`lr`, `betas`, ... and the runtime `params`).
  explicit RAdam(registry::BuildArgs& args);

  std::string name() const override {
    return "RAdam";
  }
  at::Tensor step(const Closure& closure = nullptr) override;
};

}  // namespace mmengine::optim
