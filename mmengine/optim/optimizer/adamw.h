#pragma once

#include <string>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/optim/optimizer/adam.h"

namespace mmengine::optim {

/// AdamW options: Adam's with weight_decay 1e-2 and decoupled decay.
MMENGINE_API AdamOptions adamw_options();

/// Adam with decoupled weight decay. Mirrors `torch.optim.AdamW` (a
/// subclass of Adam with `decoupled_weight_decay=True` in every group).
class MMENGINE_API AdamW : public Adam {
 public:
  /// `options.decoupled_weight_decay` is forced to true.
  AdamW(std::vector<ParamGroup> param_groups, AdamOptions options);
  /// From a config; `decoupled_weight_decay` is not an accepted key.
  explicit AdamW(registry::BuildArgs& args);

  std::string name() const override {
    return "AdamW";
  }
};

}  // namespace mmengine::optim
