#include "mmengine/optim/optimizer/grad_scaler.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <algorithm>
#include <iostream>
#include <iterator>

#include "mmengine/device/utils.h"
#include "mmengine/optim/optimizer/optimizer.h"
#include "mmengine/utils/error.h"

namespace mmengine::optim {

using config::Value;

GradScaler::GradScaler(std::string device, const GradScalerOptions& options)
    : device_(std::move(device)),
      enabled_(options.enabled),
      init_scale_(options.init_scale),
      growth_factor_(options.growth_factor),
      backoff_factor_(options.backoff_factor),
      growth_interval_(options.growth_interval) {
  if (device_ == "cuda" && enabled_ && !device::is_cuda_available()) {
    std::cerr << "UserWarning: torch.cuda.amp.GradScaler is enabled, but CUDA "
                 "is not available.  Disabling.\n";
    enabled_ = false;
  }
  if (enabled_) {
    MMENGINE_CHECK(growth_factor_ > 1.0, "The growth factor must be > 1.0.");
    MMENGINE_CHECK(backoff_factor_ < 1.0, "The backoff factor must be < 1.0.");
  }
}

GradScalerOptions GradScaler::options_from(const Value& kwargs) {
  MMENGINE_CHECK_TYPE(
      kwargs.is_dict(),
      "GradScaler arguments must be a dict, got ",
      kwargs.repr());
  GradScalerOptions o;
  for (const auto& [key, value] : kwargs.items()) {
    const std::string& k = key.str();
    if (k == "init_scale") {
      o.init_scale = value.as<double>();
    } else if (k == "growth_factor") {
      o.growth_factor = value.as<double>();
    } else if (k == "backoff_factor") {
      o.backoff_factor = value.as<double>();
    } else if (k == "growth_interval") {
      o.growth_interval = value.as<int64_t>();
    } else if (k == "enabled") {
      o.enabled = value.as<bool>();
    } else {
      MMENGINE_CHECK_TYPE(
          false,
          "GradScaler.__init__() got an unexpected keyword argument '",
          k,
          "'");
    }
  }
  return o;
}

void GradScaler::check_initialized(const char* funcname) const {
  MMENGINE_CHECK(
      scale_.defined() && growth_tracker_.defined(),
      "Attempted ",
      funcname,
      " but _scale is None.  This may indicate your script did not use "
      "scaler.scale(loss or outputs) earlier in the iteration.");
}

GradScaler::OptState& GradScaler::state_of(const Optimizer& optimizer) {
  for (auto& [key, state] : per_optimizer_states_) {
    if (key == &optimizer) {
      return state;
    }
  }
  per_optimizer_states_.emplace_back(&optimizer, OptState{});
  return per_optimizer_states_.back().second;
}

at::Tensor GradScaler::scale(const at::Tensor& outputs) {
  if (!enabled_) {
    return outputs;
  }
  if (!scale_.defined()) {
    const auto opts = at::TensorOptions().device(outputs.device());
    scale_ = at::full({}, init_scale_, opts.dtype(at::kFloat));
    growth_tracker_ = at::full({}, init_growth_tracker_, opts.dtype(at::kInt));
  }
  return outputs * scale_.to(outputs.device(), /*non_blocking=*/true);
}

std::vector<std::pair<at::Device, at::Tensor>> GradScaler::unscale_grads(
    Optimizer& optimizer,
    const at::Tensor& inv_scale,
    const at::Tensor& found_inf,
    bool allow_fp16) {
  // Gradients split by device, then dtype, in order of first appearance.
  struct Bucket {
    at::Device device;
    at::ScalarType dtype;
    std::vector<at::Tensor> grads;
  };
  std::vector<Bucket> buckets;
  at::NoGradGuard no_grad;
  for (const ParamGroup& group : optimizer.param_groups()) {
    for (const at::Tensor& p : group.params) {
      const at::Tensor& grad = p.grad();
      if (!grad.defined()) {
        continue;
      }
      MMENGINE_CHECK(
          allow_fp16 || grad.scalar_type() != at::kHalf,
          "Attempting to unscale FP16 gradients.");
      auto it = std::find_if(buckets.begin(), buckets.end(), [&](auto& b) {
        return b.device == grad.device() && b.dtype == grad.scalar_type();
      });
      if (it == buckets.end()) {
        buckets.push_back({grad.device(), grad.scalar_type(), {}});
        it = std::prev(buckets.end());
      }
      it->grads.push_back(grad);
    }
  }
  std::vector<std::pair<at::Device, at::Tensor>> per_device_inf;
  std::vector<std::pair<at::Device, at::Tensor>> per_device_inv;
  auto replica = [](auto& cache, const at::Tensor& master, at::Device d) {
    for (auto& [device, t] : cache) {
      if (device == d) {
        return t;
      }
    }
    cache.emplace_back(d, master.to(d, /*non_blocking=*/true, /*copy=*/true));
    return cache.back().second;
  };
  for (Bucket& b : buckets) {
    at::Tensor inf = replica(per_device_inf, found_inf, b.device);
    at::_amp_foreach_non_finite_check_and_unscale_(
        b.grads, inf, replica(per_device_inv, inv_scale, b.device));
  }
  return per_device_inf;
}

void GradScaler::unscale_(Optimizer& optimizer) {
  if (!enabled_) {
    return;
  }
  check_initialized("unscale_");
  OptState& state = state_of(optimizer);
  MMENGINE_CHECK(
      state.stage != Stage::kUnscaled,
      "unscale_() has already been called on this optimizer since the last "
      "update().");
  MMENGINE_CHECK(
      state.stage != Stage::kStepped,
      "unscale_() is being called after step().");
  // FP32 division can be imprecise; PyTorch takes the reciprocal in FP64.
  const at::Tensor inv_scale =
      scale_.to(at::kDouble).reciprocal().to(at::kFloat);
  const at::Tensor found_inf = at::full(
      {}, 0.0, at::TensorOptions().dtype(at::kFloat).device(scale_.device()));
  state.found_inf_per_device =
      unscale_grads(optimizer, inv_scale, found_inf, false);
  state.stage = Stage::kUnscaled;
}

bool GradScaler::step(Optimizer& optimizer) {
  if (!enabled_) {
    optimizer.step();
    return true;
  }
  check_initialized("step");
  OptState& state = state_of(optimizer);
  MMENGINE_CHECK(
      state.stage != Stage::kStepped,
      "step() has already been called since the last update().");
  if (state.stage == Stage::kReady) {
    unscale_(optimizer);
  }
  MMENGINE_CHECK(
      !state.found_inf_per_device.empty(),
      "No inf checks were recorded for this optimizer.");
  double found = 0;
  for (const auto& [device, inf] : state.found_inf_per_device) {
    found += inf.item<double>();
  }
  const bool stepped = found == 0;
  if (stepped) {
    optimizer.step();
  }
  state.stage = Stage::kStepped;
  return stepped;
}

void GradScaler::update(double new_scale) {
  if (!enabled_) {
    return;
  }
  check_initialized("update");
  if (new_scale > 0) {
    scale_.fill_(new_scale);
  } else {
    std::vector<at::Tensor> found_infs;
    for (const auto& [opt, state] : per_optimizer_states_) {
      for (const auto& [device, inf] : state.found_inf_per_device) {
        found_infs.push_back(inf.to(scale_.device(), /*non_blocking=*/true));
      }
    }
    MMENGINE_CHECK(
        !found_infs.empty(), "No inf checks were recorded prior to update.");
    at::Tensor combined = found_infs[0];
    for (size_t i = 1; i < found_infs.size(); ++i) {
      combined += found_infs[i];
    }
    at::_amp_update_scale_(
        scale_,
        growth_tracker_,
        combined,
        growth_factor_,
        backoff_factor_,
        growth_interval_);
  }
  per_optimizer_states_.clear();
}

double GradScaler::get_scale() const {
  if (!enabled_) {
    return 1.0;
  }
  return scale_.defined() ? scale_.item<double>() : init_scale_;
}

int64_t GradScaler::get_growth_tracker() const {
  if (!enabled_) {
    return 0;
  }
  return growth_tracker_.defined() ? growth_tracker_.item<int64_t>()
                                   : init_growth_tracker_;
}

Value GradScaler::state_dict() const {
  if (!enabled_) {
    return Value::dict();
  }
  return Value::dict(
      {{"scale", get_scale()},
       {"growth_factor", growth_factor_},
       {"backoff_factor", backoff_factor_},
       {"growth_interval", growth_interval_},
       {"_growth_tracker", get_growth_tracker()}});
}

void GradScaler::load_state_dict(const Value& state_dict) {
  if (!enabled_) {
    return;
  }
  MMENGINE_CHECK(
      state_dict.is_dict() && !state_dict.empty(),
      "The source state dict is empty, possibly because it was saved from a "
      "disabled instance of GradScaler.");
  init_scale_ = state_dict["scale"].as<double>();
  if (scale_.defined()) {
    scale_.fill_(init_scale_);
  }
  growth_factor_ = state_dict["growth_factor"].as<double>();
  backoff_factor_ = state_dict["backoff_factor"].as<double>();
  growth_interval_ = state_dict["growth_interval"].as<int64_t>();
  init_growth_tracker_ = state_dict["_growth_tracker"].as<int64_t>();
  if (growth_tracker_.defined()) {
    growth_tracker_.fill_(init_growth_tracker_);
  }
}

}  // namespace mmengine::optim
