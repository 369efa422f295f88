#pragma once

#include <string>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/optim/optimizer/optimizer.h"
#include "mmengine/registry/build_args.h"

namespace mmengine::optim {

/// Hyper-parameters of SGD, with PyTorch's defaults.
struct SGDOptions {
  double lr = 1e-3;
  double momentum = 0;
  double dampening = 0;
  double weight_decay = 0;
  bool nesterov = false;
  bool maximize = false;
  /// Stored in the groups as given; only None/False are accepted for fused.
  config::Value foreach;
  config::Value fused;
};

/// Stochastic gradient descent with momentum. Mirrors `torch.optim.SGD`
/// (its multi-tensor path, value for value); group options carry
/// PyTorch's keys so that state dicts round-trip with Python.
class MMENGINE_API SGD : public Optimizer {
 public:
  /// ValueError for lr/momentum/weight_decay < 0 and for nesterov without
  /// momentum or with dampening (PyTorch's checks and wording).
  SGD(std::vector<ParamGroup> param_groups, const SGDOptions& options);
  /// From a config (`lr`, `momentum`, ... and the runtime `params`).
  explicit SGD(registry::BuildArgs& args);

  std::string name() const override {
    return "SGD";
  }
  at::Tensor step(const Closure& closure = nullptr) override;
};

}  // namespace mmengine::optim
