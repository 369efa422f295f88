#pragma once

#include <memory>
#include <string>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/optim/optimizer/optim_wrapper.h"
#include "mmengine/optim/optimizer/optimizer.h"
#include "mmengine/registry/build_args.h"

namespace torch::nn {
class Module;
}  // namespace torch::nn

namespace mmengine::optim {

/// The base of OPTIM_WRAPPER_CONSTRUCTORS: builds an optimizer wrapper for
/// a model. Built from `optim_wrapper_cfg` and `paramwise_cfg`.
class MMENGINE_API OptimWrapperConstructor : public registry::Configurable {
 public:
  /// The wrapper (with its optimizer) for the parameters of `model`.
  virtual std::shared_ptr<OptimWrapper> operator()(
      torch::nn::Module& model) = 0;
  /// Receives the messages MMEngine logs while building (paramwise options,
  /// skipped parameters); the built wrapper gets the same callback.
  void set_log_callback(LogCallback callback) {
    log_ = std::move(callback);
  }

 protected:
  const LogCallback& log() const noexcept {
    return log_;
  }

 private:
  LogCallback log_;
};

/// Mirrors `mmengine.optim.DefaultOptimWrapperConstructor`: one param group
/// per parameter from `paramwise_cfg` (bias_lr_mult, bias_decay_mult,
/// norm_decay_mult, dwconv_decay_mult, flat_decay_mult, custom_keys,
/// bypass_duplicate; frozen parameters left out, as in 0.10.4), or one
/// group of all parameters without it. Differs: unknown paramwise keys are
/// errors; dcn_offset_lr_mult is accepted but there are no DCN layers.
class MMENGINE_API DefaultOptimWrapperConstructor
    : public OptimWrapperConstructor {
 public:
  /// TypeError when optim_wrapper_cfg is not a dict, paramwise_cfg not
  /// None/dict or custom_keys not a dict (of dicts); ValueError without
  /// `optimizer`, and "base_wd should not be None" when a decay mult is
  /// given without optimizer.weight_decay; KeyError for unknown keys.
  explicit DefaultOptimWrapperConstructor(
      const config::Value& optim_wrapper_cfg,
      const config::Value& paramwise_cfg = {});
  /// From `optim_wrapper_cfg` and `paramwise_cfg` keys.
  explicit DefaultOptimWrapperConstructor(registry::BuildArgs& args);

  /// Builds the optimizer (OPTIMIZERS, runtime `params`) and the wrapper
  /// (OPTIM_WRAPPERS, `type` default 'OptimWrapper', runtime `optimizer`);
  /// a child named `module` (a model wrapper) is unwrapped first.
  std::shared_ptr<OptimWrapper> operator()(torch::nn::Module& model) override;
  /// Appends one group per parameter of `module` and, recursively, of its
  /// children; `prefix` is the module's dotted name.
  void add_params(
      std::vector<ParamGroup>& params,
      const torch::nn::Module& module,
      const std::string& prefix = "") const;

 private:
  void validate() const;

  config::Value optim_wrapper_cfg_;
  config::Value optimizer_cfg_;
  config::Value paramwise_cfg_;
  config::Value base_lr_;
  config::Value base_wd_;
};

}  // namespace mmengine::optim
