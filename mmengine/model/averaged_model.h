#pragma once

/// Weight averaging (EMA, SWA) of a model's parameters.
///
///   model::ExponentialMovingAverage ema(*student, /*momentum=*/0.001);
///   for (...) { train_step(...); ema.update_parameters(*student); }
///   runner::get_state_dict(ema);    // {"steps", "module.<name>", ...}
///
/// Mirrors `mmengine.model.averaged_model`: the same formulas (in-place
/// `lerp_`/`add_`), `steps` buffer, interval and update_buffers rules and
/// state dict keys. Differs: libtorch cannot deep-copy an arbitrary module,
/// so `module()` is a true clone only for torch's Cloneable modules;
/// otherwise it is a plain module tree holding copies of the parameters and
/// buffers under the same names (enough for averaging, swapping and state
/// dicts, not for calling forward).

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <torch/nn/module.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/registry/build_args.h"

namespace mmengine::model {

/// The base of averaged models: a copy of `model` (requires_grad off, on
/// `device`), the `steps` buffer (int64, 0) and update_parameters().
/// Mirrors `mmengine.model.BaseAveragedModel`.
class MMENGINE_API BaseAveragedModel : public torch::nn::Module {
 public:
  /// ValueError when interval < 1.
  explicit BaseAveragedModel(
      const torch::nn::Module& model,
      std::int64_t interval = 1,
      std::optional<c10::Device> device = std::nullopt,
      bool update_buffers = false);

  /// The in-place averaging step: `averaged` moves towards `source`;
  /// `steps` is the number of updates so far.
  virtual void avg_func(
      const at::Tensor& averaged,
      const at::Tensor& source,
      std::int64_t steps) = 0;

  /// First call: copies the averaged entries from `model`; then every
  /// `interval` calls averages the floating-point ones with avg_func();
  /// without update_buffers, buffers are copied every call; steps += 1.
  /// KeyError when `model` lacks one of the averaged names.
  void update_parameters(const torch::nn::Module& model);

  /// The averaged copy (state dict prefix `module.`).
  torch::nn::Module& module() const noexcept {
    return *module_;
  }
  std::shared_ptr<torch::nn::Module> module_ptr() const noexcept {
    return module_;
  }
  /// The update counter (a 0-dim int64 tensor on the model's device).
  const at::Tensor& steps() const noexcept {
    return steps_;
  }
  std::int64_t interval() const noexcept {
    return interval_;
  }
  bool update_buffers() const noexcept {
    return update_buffers_;
  }
  /// Averaged entries by name: parameters, plus buffers with update_buffers.
  const std::vector<std::pair<std::string, at::Tensor>>& avg_parameters()
      const noexcept {
    return avg_parameters_;
  }

 protected:
  /// The arguments every builder reads: interval, device, update_buffers,
  /// and the runtime object `model` (std::shared_ptr<torch::nn::Module>).
  struct Args {
    std::shared_ptr<torch::nn::Module> model;
    std::int64_t interval = 1;
    std::optional<c10::Device> device;
    bool update_buffers = false;
  };
  static Args take_base_args(registry::BuildArgs& args);

 private:
  std::shared_ptr<torch::nn::Module> module_;
  at::Tensor steps_;
  std::int64_t interval_;
  bool update_buffers_;
  std::vector<std::pair<std::string, at::Tensor>> avg_parameters_;
};

/// `averaged = (1 - momentum) * averaged + momentum * source` (`lerp_`);
/// momentum is the weight of the new value. ValueError unless 0 < momentum
/// < 1; WARNING above 0.5. Mirrors `mmengine.model.ExponentialMovingAverage`.
class MMENGINE_API ExponentialMovingAverage : public BaseAveragedModel {
 public:
  explicit ExponentialMovingAverage(
      const torch::nn::Module& model,
      double momentum = 0.0002,
      std::int64_t interval = 1,
      std::optional<c10::Device> device = std::nullopt,
      bool update_buffers = false);
  /// Config keys: momentum, interval, device, update_buffers.
  static std::shared_ptr<ExponentialMovingAverage> from_config(
      registry::BuildArgs& args);

  void avg_func(
      const at::Tensor& averaged,
      const at::Tensor& source,
      std::int64_t steps) override;
  double momentum() const noexcept {
    return momentum_;
  }

 private:
  double momentum_;
};

/// EMA with momentum `max(momentum, gamma / (gamma + steps))`. ValueError
/// unless gamma > 0. Mirrors `mmengine.model.MomentumAnnealingEMA`.
class MMENGINE_API MomentumAnnealingEMA : public ExponentialMovingAverage {
 public:
  explicit MomentumAnnealingEMA(
      const torch::nn::Module& model,
      double momentum = 0.0002,
      double gamma = 100,
      std::int64_t interval = 1,
      std::optional<c10::Device> device = std::nullopt,
      bool update_buffers = false);
  /// Config keys: momentum, gamma, interval, device, update_buffers.
  static std::shared_ptr<MomentumAnnealingEMA> from_config(
      registry::BuildArgs& args);

  void avg_func(
      const at::Tensor& averaged,
      const at::Tensor& source,
      std::int64_t steps) override;
  double gamma() const noexcept {
    return gamma_;
  }

 private:
  double gamma_;
};

/// `averaged += (source - averaged) / (steps / interval + 1)`. Mirrors
/// `mmengine.model.StochasticWeightAverage`.
class MMENGINE_API StochasticWeightAverage : public BaseAveragedModel {
 public:
  using BaseAveragedModel::BaseAveragedModel;
  /// Config keys: interval, device, update_buffers.
  static std::shared_ptr<StochasticWeightAverage> from_config(
      registry::BuildArgs& args);

  void avg_func(
      const at::Tensor& averaged,
      const at::Tensor& source,
      std::int64_t steps) override;
};

/// Registers the three averaged models in MODELS (idempotent).
MMENGINE_API void register_averaged_models();

}  // namespace mmengine::model
