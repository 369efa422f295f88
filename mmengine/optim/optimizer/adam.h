#pragma once

#include <string>
#include <utility>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/optim/optimizer/optimizer.h"
#include "mmengine/registry/build_args.h"

namespace mmengine::optim {

/// Hyper-parameters of Adam and AdamW, with PyTorch's defaults (AdamW
/// uses weight_decay 1e-2 and decoupled weight decay). `foreach`, `fused`,
/// `capturable` and `differentiable` are stored in the groups as given.
struct AdamOptions {
  double lr = 1e-3;
  std::pair<double, double> betas{0.9, 0.999};
  double eps = 1e-8;
  double weight_decay = 0;
  bool amsgrad = false;
  bool maximize = false;
  bool decoupled_weight_decay = false;
  config::Value foreach;
  config::Value fused;
};

/// Adam. Mirrors `torch.optim.Adam` (its `_multi_tensor_adam`, value for
/// value); differs in rejecting capturable/fused/differentiable=True and
/// tensor hyper-parameters.
class MMENGINE_API Adam : public Optimizer {
 public:
  /// ValueError with PyTorch's wording ("Invalid learning rate: -1.0",
  /// "Invalid beta parameter at index 0: 1.0", ...).
  Adam(std::vector<ParamGroup> param_groups, const AdamOptions& options);
  /// From a config (`lr`, `betas`, ... and the runtime `params`).
  explicit Adam(registry::BuildArgs& args);

  std::string name() const override {
    return "Adam";
  }
  at::Tensor step(const Closure& closure = nullptr) override;

 protected:
  /// Reads Adam's keys from a config; AdamW passes its own defaults and
  /// forbids `decoupled_weight_decay`.
  static AdamOptions options_from(
      registry::BuildArgs& args, AdamOptions defaults, bool accept_decoupled);
};

}  // namespace mmengine::optim
