#pragma once

#include <string>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/optim/optimizer/optimizer.h"
#include "mmengine/registry/build_args.h"

namespace mmengine::optim {

/// Hyper-parameters of Adadelta, with PyTorch's defaults.
struct AdadeltaOptions {
  double lr = 1.0;
  double rho = 0.9;
  double eps = 1e-6;
  double weight_decay = 0;
  bool maximize = false;
  config::Value foreach;
};

/// Adadelta. Mirrors `torch.optim.Adadelta` (its
/// `_multi_tensor_adadelta`); differs in rejecting
/// capturable/differentiable=True.
class MMENGINE_API Adadelta : public Optimizer {
 public:
  /// ValueError for negative lr/eps/weight_decay and rho outside [0, 1].
  Adadelta(
      std::vector<ParamGroup> param_groups, const AdadeltaOptions& options);
  /// From a config (`lr`, `rho`, ... and the runtime `params`).
  explicit Adadelta(registry::BuildArgs& args);

  std::string name() const override {
    return "Adadelta";
  }
  at::Tensor step(const Closure& closure = nullptr) override;
};

}  // namespace mmengine::optim
