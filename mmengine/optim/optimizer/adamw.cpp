#include "mmengine/optim/optimizer/adamw.h"

namespace mmengine::optim {

AdamOptions adamw_options() {
  AdamOptions o;
  o.weight_decay = 1e-2;
  o.decoupled_weight_decay = true;
  return o;
}

AdamW::AdamW(std::vector<ParamGroup> param_groups, AdamOptions options)
    : Adam(std::move(param_groups), [&] {
        options.decoupled_weight_decay = true;
        return options;
      }()) {}

AdamW::AdamW(registry::BuildArgs& args)
    : AdamW(
          args.object<std::vector<ParamGroup>>("params"),
          options_from(args, adamw_options(), false)) {}

}  // namespace mmengine::optim
