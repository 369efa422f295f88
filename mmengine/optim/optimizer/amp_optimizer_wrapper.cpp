#include "mmengine/optim/optimizer/amp_optimizer_wrapper.h"

#include <ATen/ATen.h>
#include <ATen/autocast_mode.h>

#include <iostream>

#include "mmengine/device/utils.h"
#include "mmengine/utils/error.h"

namespace mmengine::optim {

using config::Value;
using structures::Tree;

namespace {

at::ScalarType parse_dtype(const std::string& name) {
  if (name == "float16") {
    return at::kHalf;
  }
  if (name == "bfloat16") {
    return at::kBFloat16;
  }
  if (name == "float32") {
    return at::kFloat;
  }
  MMENGINE_CHECK(
      name == "float64",
      "dtype should be any of ('float16', 'bfloat16', 'float32', 'float64'), "
      "got ",
      name);
  return at::kDouble;
}

// torch.autocast's __enter__/__exit__ state.
struct AutocastScope {
  at::DeviceType device;
  bool prev_enabled;
  at::ScalarType prev_dtype;

  AutocastScope(at::DeviceType d, bool enabled, at::ScalarType dtype)
      : device(d),
        prev_enabled(at::autocast::is_autocast_enabled(d)),
        prev_dtype(at::autocast::get_autocast_dtype(d)) {
    at::autocast::set_autocast_enabled(device, enabled);
    at::autocast::set_autocast_dtype(device, dtype);
    at::autocast::increment_nesting();
  }
  ~AutocastScope() {
    if (at::autocast::decrement_nesting() == 0) {
      at::autocast::clear_cache();
    }
    at::autocast::set_autocast_enabled(device, prev_enabled);
    at::autocast::set_autocast_dtype(device, prev_dtype);
  }
  AutocastScope(const AutocastScope&) = delete;
  AutocastScope& operator=(const AutocastScope&) = delete;
};

}  // namespace

std::shared_ptr<void> autocast(
    const std::string& device_type, const std::string& dtype) {
  if (device_type == "cpu") {
    const at::ScalarType t = dtype.empty() ? at::kBFloat16 : parse_dtype(dtype);
    MMENGINE_CHECK(
        t == at::kBFloat16,
        "In CPU autocast, only support `torch.bfloat16` dtype");
    return std::make_shared<AutocastScope>(at::kCPU, true, t);
  }
  MMENGINE_CHECK(
      device_type == "cuda",
      "User specified autocast device_type must be cuda or cpu, but got ",
      device_type);
  const at::ScalarType t = dtype.empty()
                               ? at::autocast::get_autocast_dtype(at::kCUDA)
                               : parse_dtype(dtype);
  bool enabled = true;
  if (t != at::kHalf && t != at::kBFloat16) {
    std::cerr << "UserWarning: In CUDA autocast, but the target dtype is not "
                 "supported. Disabling autocast.\n";
    enabled = false;
  }
  return std::make_shared<AutocastScope>(at::kCUDA, enabled, t);
}

AmpOptimWrapper::AmpOptimWrapper(
    std::shared_ptr<Optimizer> optimizer,
    const Value& loss_scale,
    const Value& dtype,
    int64_t accumulative_counts,
    const Value& clip_grad)
    : OptimWrapper(std::move(optimizer), accumulative_counts, clip_grad),
      device_type_(device::get_device()) {
  if (loss_scale.is_string() && loss_scale.as<std::string>() == "dynamic") {
    loss_scaler_ = std::make_unique<GradScaler>(device_type_);
  } else if (loss_scale.is_float()) {
    scale_update_param_ = loss_scale.as<double>();
    GradScalerOptions options;
    options.init_scale = scale_update_param_;
    loss_scaler_ = std::make_unique<GradScaler>(device_type_, options);
  } else if (loss_scale.is_dict()) {
    loss_scaler_ = std::make_unique<GradScaler>(
        device_type_, GradScaler::options_from(loss_scale));
  } else {
    MMENGINE_CHECK_TYPE(
        false,
        "loss_scale must be of type float, dict, or \"dynamic\", but got ",
        loss_scale.is_string() ? loss_scale.as<std::string>()
                               : loss_scale.repr());
  }
  if (!dtype.is_none()) {
    MMENGINE_CHECK_TYPE(
        dtype.is_string(),
        "dtype should be None or instance of torch.dtype, got ",
        dtype.repr());
    cast_dtype_ = dtype.as<std::string>();
    parse_dtype(cast_dtype_);
  }
}

namespace {

Value take_loss_scale(registry::BuildArgs& args) {
  return args.take_value("loss_scale", Value("dynamic"));
}

}  // namespace

AmpOptimWrapper::AmpOptimWrapper(registry::BuildArgs& args)
    : AmpOptimWrapper(
          args.object<std::shared_ptr<Optimizer>>("optimizer"),
          take_loss_scale(args),
          args.take_value("dtype", Value()),
          args.take<int64_t>("accumulative_counts", 1),
          args.take_value("clip_grad", Value())) {
  MMENGINE_CHECK_T(
      NotImplementedError,
      !args.take<bool>("use_fsdp", false),
      args.where(),
      ": use_fsdp=True (ShardedGradScaler) is not supported");
}

void AmpOptimWrapper::backward(
    const at::Tensor& loss, const BackwardKwargs& kw) {
  loss_scaler_->scale(loss).backward({}, kw.retain_graph, kw.create_graph);
  ++inner_count_;
}

void AmpOptimWrapper::step(const StepKwargs& kwargs) {
  MMENGINE_CHECK(
      !kwargs.closure || !loss_scaler_->is_enabled(),
      "Closure use is not currently supported if GradScaler is enabled.");
  if (has_clip()) {
    loss_scaler_->unscale_(*optimizer());
    clip_grad();
  }
  loss_scaler_->step(*optimizer());
  loss_scaler_->update(scale_update_param_);
}

OptimContext AmpOptimWrapper::optim_context(torch::nn::Module& model) {
  OptimContext context = OptimWrapper::optim_context(model);
  context.push(autocast(device_type_, cast_dtype_));
  return context;
}

Tree AmpOptimWrapper::state_dict() const {
  Tree sd = OptimWrapper::state_dict();
  sd["loss_scaler"] = Tree(loss_scaler_->state_dict());
  return sd;
}

void AmpOptimWrapper::load_state_dict(const Tree& state_dict) {
  Tree sd = state_dict.clone();
  if (const Tree* scaler = sd.find("loss_scaler")) {
    loss_scaler_->load_state_dict(scaler->to_value());
    sd.erase("loss_scaler");
  }
  OptimWrapper::load_state_dict(sd);
}

}  // namespace mmengine::optim
