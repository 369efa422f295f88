#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"

namespace mmengine::optim {

class Optimizer;

/// Options of GradScaler, with PyTorch's defaults.
struct GradScalerOptions {
  double init_scale = 65536.0;
  double growth_factor = 2.0;
  double backoff_factor = 0.5;
  int64_t growth_interval = 2000;
  bool enabled = true;
};

/// Dynamic loss scaling for mixed precision. Mirrors `torch.amp.GradScaler`
/// step for step (lazy scale on the loss's device, unscale_ through ATen's
/// `_amp_foreach_non_finite_check_and_unscale_`, the step skipped on inf/nan,
/// `_amp_update_scale_` growth/backoff); `device` "cuda" without CUDA
/// disables it as PyTorch does. Differs: no sparse gradients.
class MMENGINE_API GradScaler {
 public:
  /// ValueError when growth_factor <= 1 or backoff_factor >= 1 (enabled).
  explicit GradScaler(
      std::string device = "cuda", const GradScalerOptions& options = {});
  /// From PyTorch's keyword arguments (init_scale, growth_factor,
  /// backoff_factor, growth_interval, enabled); TypeError for others.
  static GradScalerOptions options_from(const config::Value& kwargs);

  /// outputs * scale (the scale is created on the first call).
  at::Tensor scale(const at::Tensor& outputs);
  /// Divides the optimizer's gradients by the scale, recording inf/nan.
  /// ValueError when called twice before update() or after step().
  void unscale_(Optimizer& optimizer);
  /// unscale_ if not done, then optimizer.step() unless a gradient was not
  /// finite. Returns true when the optimizer stepped.
  bool step(Optimizer& optimizer);
  /// Grows or backs off the scale from the recorded infs; `new_scale` > 0
  /// sets it instead (a static scale).
  void update(double new_scale = 0.0);

  /// The current scale (init_scale before the first scale(); 1 disabled).
  double get_scale() const;
  int64_t get_growth_tracker() const;
  bool is_enabled() const noexcept {
    return enabled_;
  }
  /// {'scale', 'growth_factor', 'backoff_factor', 'growth_interval',
  /// '_growth_tracker'}; an empty dict when disabled.
  config::Value state_dict() const;
  /// ValueError for an empty dict (saved by a disabled scaler).
  void load_state_dict(const config::Value& state_dict);

 private:
  enum class Stage { kReady, kUnscaled, kStepped };
  struct OptState {
    Stage stage = Stage::kReady;
    std::vector<std::pair<at::Device, at::Tensor>> found_inf_per_device;
  };

  void check_initialized(const char* funcname) const;
  std::vector<std::pair<at::Device, at::Tensor>> unscale_grads(
      Optimizer& optimizer,
      const at::Tensor& inv_scale,
      const at::Tensor& found_inf,
      bool allow_fp16);

  std::string device_;
  bool enabled_ = true;
  double init_scale_;
  double growth_factor_;
  double backoff_factor_;
  int64_t growth_interval_;
  int64_t init_growth_tracker_ = 0;
  at::Tensor scale_;
  at::Tensor growth_tracker_;
  std::vector<std::pair<const Optimizer*, OptState>> per_optimizer_states_;
  OptState& state_of(const Optimizer& optimizer);
};

}  // namespace mmengine::optim
