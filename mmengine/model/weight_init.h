#pragma once

/// Weight initialisers: the functions (`constant_init`, `kaiming_init`, ...)
/// and the config-built initialisers of WEIGHT_INITIALIZERS (`Constant`,
/// `Xavier`, `Normal`, `TruncNormal`, `Uniform`, `Kaiming`, `Caffe2Xavier`,
/// `Pretrained`).
///
///   initialize(*net, Value::dict({{"type", "Kaiming"}, {"layer", "Conv2d"}}));
///
/// Mirrors `mmengine/model/weight_init.py`.

#include <ATen/core/Tensor.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/registry/build_args.h"
#include "mmengine/registry/registry.h"

namespace torch::nn {
class Module;
}  // namespace torch::nn

namespace mmengine::model {

/// Fills `module.weight` with `val` and `module.bias` with `bias` (each
/// only when the module has it).
MMENGINE_API void constant_init(
    torch::nn::Module& module, double val, double bias = 0);
/// Xavier (Glorot) weights; `distribution` 'normal' or 'uniform'
/// (ValueError otherwise).
MMENGINE_API void xavier_init(
    torch::nn::Module& module,
    double gain = 1,
    double bias = 0,
    const std::string& distribution = "normal");
/// N(mean, std^2) weights.
MMENGINE_API void normal_init(
    torch::nn::Module& module,
    double mean = 0,
    double std = 1,
    double bias = 0);
/// Truncated normal weights in [a, b] (see trunc_normal_).
MMENGINE_API void trunc_normal_init(
    torch::nn::Module& module,
    double mean = 0,
    double std = 1,
    double a = -2,
    double b = 2,
    double bias = 0);
/// U(a, b) weights.
MMENGINE_API void uniform_init(
    torch::nn::Module& module, double a = 0, double b = 1, double bias = 0);
/// Kaiming (He) weights; `mode` 'fan_in'/'fan_out', `nonlinearity` a
/// `torch.nn.functional` name, `distribution` 'normal'/'uniform'.
MMENGINE_API void kaiming_init(
    torch::nn::Module& module,
    double a = 0,
    const std::string& mode = "fan_out",
    const std::string& nonlinearity = "relu",
    double bias = 0,
    const std::string& distribution = "normal");
/// Caffe2's XavierFill: kaiming_init(a=1, fan_in, leaky_relu, uniform).
MMENGINE_API void caffe2_xavier_init(
    torch::nn::Module& module, double bias = 0);
/// The bias that makes sigmoid(bias) == prior_prob: -log((1 - p) / p).
MMENGINE_API double bias_init_with_prob(double prior_prob);
/// In place: uniform in the normal CDF of [a, b], inverse CDF, clamp.
/// Mirrors `mmengine.model.weight_init.trunc_normal_` (without its warning
/// when mean is more than 2 std outside [a, b]).
MMENGINE_API at::Tensor& trunc_normal_(
    at::Tensor& tensor,
    double mean = 0,
    double std = 1,
    double a = -2,
    double b = 2);
/// torch.nn.init.calculate_gain; ValueError "Unsupported nonlinearity x".
MMENGINE_API double calculate_gain(
    const std::string& nonlinearity, std::optional<double> param = {});

/// Python's class name of a module: "Conv2d" for torch::nn::Conv2dImpl,
/// "Net" for my::NetImpl or my::Net (namespaces and `Impl` dropped).
MMENGINE_API std::string module_class_name(const torch::nn::Module& module);
/// Python's direct base class names: "_ConvNd" for Conv2d, "_BatchNorm"
/// for BatchNorm2d, "Module" for other torch layers and plain modules;
/// BaseModule::base_class_names() for engine modules.
MMENGINE_API std::vector<std::string> module_base_names(
    const torch::nn::Module& module);

/// Updates the init report of every parameter of `module` whose mean
/// changed since the last update (no-op outside BaseModule::init_weights).
/// ValueError when a parameter was added during init_weights.
MMENGINE_API void update_init_info(
    torch::nn::Module& module, const std::string& init_info);

/// The base of the initialisers in WEIGHT_INITIALIZERS: common arguments
/// `bias` (number, default 0), `bias_prob` (float; bias becomes
/// bias_init_with_prob(p)) and `layer` (class name or list of names).
/// Mirrors `mmengine.model.weight_init.BaseInit`.
class MMENGINE_API BaseInit : public registry::Configurable {
 public:
  /// Reads `bias`, `bias_prob` and `layer`; TypeError for wrong types.
  explicit BaseInit(registry::BuildArgs& args);
  virtual ~BaseInit() = default;
  /// Initialises `module` and the submodules it selects, then records the
  /// init info of changed parameters.
  virtual void operator()(torch::nn::Module& module) const = 0;
  /// The text recorded in the init report ("NormalInit: mean=0, ...").
  virtual std::string init_info() const = 0;

  /// When true (override mode), every submodule is initialised regardless
  /// of `layer`.
  bool wholemodule() const noexcept {
    return wholemodule_;
  }
  void set_wholemodule(bool value) noexcept {
    wholemodule_ = value;
  }
  double bias() const;
  const std::vector<std::string>& layer() const noexcept {
    return layer_;
  }

 protected:
  /// For initialisers without the common arguments (Pretrained).
  BaseInit() = default;
  /// Calls fn on every submodule (children first, as `nn.Module.apply`)
  /// selected by wholemodule/layer, then update_init_info(module, info).
  void apply_selected(
      torch::nn::Module& module,
      const std::function<void(torch::nn::Module&)>& fn) const;
  /// Python repr of the bias ("0", "2.5").
  std::string bias_repr() const {
    return bias_.repr();
  }

 private:
  bool wholemodule_ = false;
  config::Value bias_ = 0;
  std::vector<std::string> layer_;
};

/// `Constant`: `val` (required). Info "ConstantInit: val=<v>, bias=<b>".
class MMENGINE_API ConstantInit : public BaseInit {
 public:
  explicit ConstantInit(registry::BuildArgs& args);
  void operator()(torch::nn::Module& module) const override;
  std::string init_info() const override;

 private:
  config::Value val_;
};

/// `Xavier`: `gain=1`, `distribution='normal'`.
class MMENGINE_API XavierInit : public BaseInit {
 public:
  explicit XavierInit(registry::BuildArgs& args);
  void operator()(torch::nn::Module& module) const override;
  std::string init_info() const override;

 private:
  config::Value gain_;
  std::string distribution_;
};

/// `Normal`: `mean=0`, `std=1`.
class MMENGINE_API NormalInit : public BaseInit {
 public:
  explicit NormalInit(registry::BuildArgs& args);
  void operator()(torch::nn::Module& module) const override;
  std::string init_info() const override;

 private:
  config::Value mean_;
  config::Value std_;
};

/// `TruncNormal`: `mean=0`, `std=1`, `a=-2`, `b=2`.
class MMENGINE_API TruncNormalInit : public BaseInit {
 public:
  explicit TruncNormalInit(registry::BuildArgs& args);
  void operator()(torch::nn::Module& module) const override;
  std::string init_info() const override;

 private:
  config::Value mean_;
  config::Value std_;
  config::Value a_;
  config::Value b_;
};

/// `Uniform`: `a=0`, `b=1`.
class MMENGINE_API UniformInit : public BaseInit {
 public:
  explicit UniformInit(registry::BuildArgs& args);
  void operator()(torch::nn::Module& module) const override;
  std::string init_info() const override;

 private:
  config::Value a_;
  config::Value b_;
};

/// `Kaiming`: `a=0`, `mode='fan_out'`, `nonlinearity='relu'`,
/// `distribution='normal'`.
class MMENGINE_API KaimingInit : public BaseInit {
 public:
  explicit KaimingInit(registry::BuildArgs& args);
  void operator()(torch::nn::Module& module) const override;
  std::string init_info() const override;

 protected:
  /// Fixed arguments (Caffe2Xavier): only the common ones are read.
  KaimingInit(
      registry::BuildArgs& args,
      std::string class_name,
      config::Value a,
      std::string mode,
      std::string nonlinearity,
      std::string distribution);

 private:
  std::string class_name_ = "KaimingInit";
  config::Value a_;
  std::string mode_;
  std::string nonlinearity_;
  std::string distribution_;
};

/// `Caffe2Xavier`: Kaiming with a=1, fan_in, leaky_relu, uniform.
class MMENGINE_API Caffe2XavierInit : public KaimingInit {
 public:
  explicit Caffe2XavierInit(registry::BuildArgs& args);
};

/// `Pretrained`: `checkpoint` (path), `prefix=None`, `map_location='cpu'`.
/// Loads the checkpoint's state dict non-strictly (or its `prefix.`
/// sub-dict), read by runner::load_checkpoint_file (local `.pth` from
/// Python's torch.save or ours, `.safetensors`, `http(s)://` URLs). Differs
/// from MMEngine: also reads `torch::save(module)` archives; other URL
/// schemes (open-mmlab://, torchvision://, ...) are not supported.
class MMENGINE_API PretrainedInit : public BaseInit {
 public:
  explicit PretrainedInit(registry::BuildArgs& args);
  void operator()(torch::nn::Module& module) const override;
  std::string init_info() const override;

 private:
  std::string checkpoint_;
  std::optional<std::string> prefix_;
  std::string map_location_;
};

/// Initialises `module` from a dict or list of dicts (else TypeError), each
/// with an optional `override` (dict or list of dicts naming children).
/// Registers the built-in initialisers on first use.
MMENGINE_API void initialize(
    torch::nn::Module& module, const config::Value& init_cfg);

/// Registers the initialisers above in WEIGHT_INITIALIZERS under
/// MMEngine's names. Idempotent; initialize() calls it.
MMENGINE_API void register_weight_initializers();

}  // namespace mmengine::model
