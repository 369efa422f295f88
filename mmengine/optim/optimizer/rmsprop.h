#pragma once

#include <string>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/optim/optimizer/optimizer.h"
#include "mmengine/registry/build_args.h"

namespace mmengine::optim {

/// Hyper-parameters of RMSprop, with PyTorch's defaults.
struct RMSpropOptions {
  double lr = 1e-2;
  double alpha = 0.99;
  double eps = 1e-8;
  double weight_decay = 0;
  double momentum = 0;
  bool centered = false;
  bool maximize = false;
  config::Value foreach;
};

/// RMSprop. Mirrors `torch.optim.RMSprop` (its `_multi_tensor_rmsprop`);
/// differs in rejecting capturable/differentiable=True.
class MMENGINE_API RMSprop : public Optimizer {
 public:
  /// ValueError for negative lr/eps/momentum/weight_decay/alpha.
  RMSprop(std::vector<ParamGroup> param_groups, const RMSpropOptions& options);
  /// From a config (`lr`, `alpha`, ... and the runtime `params`).
  explicit RMSprop(registry::BuildArgs& args);

  std::string name() const override {
    return "RMSprop";
  }
  at::Tensor step(const Closure& closure = nullptr) override;
};

}  // namespace mmengine::optim
