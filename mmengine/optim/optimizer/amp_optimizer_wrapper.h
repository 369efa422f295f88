#pragma once

#include <memory>
#include <optional>
#include <string>

#include "mmengine/api.h"
#include "mmengine/optim/optimizer/grad_scaler.h"
#include "mmengine/optim/optimizer/optim_wrapper.h"

namespace mmengine::optim {

/// Enables autocast on `device_type` ("cuda" or "cpu") with `dtype`
/// ("float16", "bfloat16", ...; empty: PyTorch's default for the device)
/// until the returned token is destroyed. Mirrors `mmengine.runner.amp.
/// autocast` (CPU accepts bfloat16 only); ValueError for other devices.
MMENGINE_API std::shared_ptr<void> autocast(
    const std::string& device_type, const std::string& dtype = {});

/// Mixed-precision wrapper: losses scaled by a GradScaler, forward under
/// autocast. Mirrors `mmengine.optim.AmpOptimWrapper(loss_scale='dynamic',
/// dtype=None, use_fsdp=False, **OptimWrapper args)`; differs in also
/// running on CPU (autocast bfloat16, GradScaler on "cpu") where MMEngine
/// asserts a GPU, and in rejecting use_fsdp=True.
class MMENGINE_API AmpOptimWrapper : public OptimWrapper {
 public:
  /// `loss_scale`: "dynamic", a float (static scale), or a dict of
  /// GradScaler arguments (TypeError otherwise). `dtype`: None or one of
  /// 'float16', 'bfloat16', 'float32', 'float64' (ValueError otherwise).
  AmpOptimWrapper(
      std::shared_ptr<Optimizer> optimizer,
      const config::Value& loss_scale = "dynamic",
      const config::Value& dtype = {},
      int64_t accumulative_counts = 1,
      const config::Value& clip_grad = {});
  /// From a config (OptimWrapper's keys + loss_scale, dtype, use_fsdp).
  explicit AmpOptimWrapper(registry::BuildArgs& args);

  std::string type_name() const override {
    return "AmpOptimWrapper";
  }
  /// scaler.scale(loss).backward(); inner_count += 1.
  void backward(const at::Tensor& loss, const BackwardKwargs& kw = {}) override;
  /// unscale_ + clip when clipping, scaler.step, scaler.update.
  void step(const StepKwargs& kwargs = {}) override;
  /// OptimWrapper's context + autocast(dtype) on the current device.
  OptimContext optim_context(torch::nn::Module& model) override;
  /// Adds 'loss_scaler' (GradScaler.state_dict()).
  structures::Tree state_dict() const override;
  void load_state_dict(const structures::Tree& state_dict) override;

  GradScaler& loss_scaler() noexcept {
    return *loss_scaler_;
  }
  /// The autocast dtype name ("" for the device default).
  const std::string& cast_dtype() const noexcept {
    return cast_dtype_;
  }
  /// "cuda" when a GPU is available, else "cpu".
  const std::string& device_type() const noexcept {
    return device_type_;
  }

 private:
  std::unique_ptr<GradScaler> loss_scaler_;
  double scale_update_param_ = 0.0;
  std::string cast_dtype_;
  std::string device_type_;
};

}  // namespace mmengine::optim
