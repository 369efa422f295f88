#include "mmengine/optim/optimizer/optim_wrapper.h"

#include <ATen/ATen.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>

#include <algorithm>
#include <cmath>
#include <iostream>

#include "mmengine/optim/optimizer/clip_grad.h"
#include "mmengine/utils/error.h"

namespace mmengine::optim {

using config::Value;
using structures::Tree;

void emit_log(
    const LogCallback& log, const char* level, const std::string& message) {
  if (log) {
    log(level, message);
  } else if (std::string_view(level) == "WARNING") {
    std::cerr << "WARNING - " << message << '\n';
  }
}

OptimContext& OptimContext::operator=(OptimContext&& other) noexcept {
  while (!guards_.empty()) {
    guards_.pop_back();
  }
  guards_ = std::move(other.guards_);
  return *this;
}

OptimContext::~OptimContext() {
  while (!guards_.empty()) {
    guards_.pop_back();
  }
}

void OptimContext::push(std::shared_ptr<void> guard) {
  guards_.push_back(std::move(guard));
}

namespace {

// Python's float(x) for norm_type: numbers, or strings such as 'inf'.
double to_float(const Value& v, const char* key) {
  if (v.is_string()) {
    const std::string& s = v.as<std::string>();
    if (s == "inf" || s == "Infinity" || s == "+inf") {
      return INFINITY;
    }
    if (s == "-inf") {
      return -INFINITY;
    }
    MMENGINE_CHECK(false, "could not convert string to float: '", s, "'");
  }
  MMENGINE_CHECK_TYPE(
      v.is_number(), "clip_grad.", key, " must be a number, got ", v.repr());
  return v.as<double>();
}

// Checks the clip arguments as Python would on the first call of
// clip_grad_norm_ / clip_grad_value_ (unknown or missing keywords).
void check_clip_kwargs(const Value& kwargs, bool by_norm) {
  const char* fn = by_norm ? "clip_grad_norm_()" : "clip_grad_value_()";
  const char* required = by_norm ? "max_norm" : "clip_value";
  for (const auto& [key, value] : kwargs.items()) {
    const std::string& k = key.str();
    const bool known = by_norm ? (k == "max_norm" || k == "norm_type" ||
                                  k == "error_if_nonfinite" || k == "foreach")
                               : (k == "clip_value" || k == "foreach");
    MMENGINE_CHECK_TYPE(
        known, fn, " got an unexpected keyword argument '", k, "'");
  }
  MMENGINE_CHECK_TYPE(
      kwargs.contains(required),
      fn,
      " missing 1 required positional argument: '",
      required,
      "'");
  to_float(kwargs[required], required);
  if (by_norm && kwargs.contains("norm_type")) {
    to_float(kwargs["norm_type"], "norm_type");
  }
}

std::optional<bool> foreach_of(const Value& kwargs) {
  return kwargs.get<std::optional<bool>>("foreach", std::nullopt);
}

}  // namespace

OptimWrapper::OptimWrapper(
    std::shared_ptr<Optimizer> optimizer,
    int64_t accumulative_counts,
    const Value& clip_grad)
    : optimizer_(std::move(optimizer)),
      accumulative_counts_(accumulative_counts) {
  MMENGINE_CHECK_TYPE(optimizer_ != nullptr, "OptimWrapper: optimizer is null");
  MMENGINE_CHECK(
      accumulative_counts > 0,
      "_accumulative_counts at least greater than or equal to 1");
  if (!clip_grad.is_none()) {
    MMENGINE_CHECK(
        clip_grad.is_dict() && !clip_grad.empty(),
        "If `clip_grad` is not None, it should be a `dict` which is the "
        "arguments of `torch.nn.utils.clip_grad_norm_` or clip_grad_value_`.");
    Value kwargs = clip_grad;
    const Value type = kwargs.contains("type") ? kwargs.pop("type") : "norm";
    const std::string clip_type =
        type.is_string() ? type.as<std::string>() : type.repr();
    MMENGINE_CHECK(
        clip_type == "norm" || clip_type == "value",
        "type of clip_grad should be \"norm\" or \"value\" but got ",
        clip_type);
    MMENGINE_CHECK(
        !kwargs.empty(),
        "`clip_grad` should contain other arguments besides `type`. The "
        "arguments should match with the `torch.nn.utils.clip_grad_norm_` or "
        "clip_grad_value_`");
    grad_name_ = clip_type == "norm" ? "grad_norm" : "grad_value";
    check_clip_kwargs(kwargs, clip_type == "norm");
    clip_kwargs_ = std::move(kwargs);
  }
  if (optimizer_->param_groups().size() > 1) {
    ParamGroup base;
    base.params = {at::zeros({1}, at::kFloat)};
    base.options = optimizer_->defaults();
    base_param_settings_ = std::move(base);
  }
}

OptimWrapper::OptimWrapper(registry::BuildArgs& args)
    : OptimWrapper(
          args.object<std::shared_ptr<Optimizer>>("optimizer"),
          args.take<int64_t>("accumulative_counts", 1),
          args.take_value("clip_grad", Value())) {}

OptimWrapper::~OptimWrapper() = default;

void OptimWrapper::update_params(
    const at::Tensor& loss,
    const StepKwargs& step_kwargs,
    const ZeroKwargs& zero_kwargs) {
  backward(scale_loss(loss));
  if (should_update()) {
    step(step_kwargs);
    zero_grad(zero_kwargs);
  }
}

void OptimWrapper::backward(const at::Tensor& loss, const BackwardKwargs& kw) {
  loss.backward({}, kw.retain_graph, kw.create_graph);
  ++inner_count_;
}

void OptimWrapper::step(const StepKwargs& kwargs) {
  if (has_clip()) {
    clip_grad();
  }
  optimizer_->step(kwargs.closure);
}

void OptimWrapper::zero_grad(const ZeroKwargs& kwargs) {
  optimizer_->zero_grad(kwargs.set_to_none);
}

OptimContext OptimWrapper::optim_context(torch::nn::Module& model) {
  OptimContext context;
  if (!should_sync()) {
    if (auto* ddp = dynamic_cast<SupportsNoSync*>(&model)) {
      context.push(ddp->no_sync());
    }
  }
  return context;
}

void OptimWrapper::clip_grad() {
  std::vector<at::Tensor> params;
  for (const ParamGroup& group : optimizer_->param_groups()) {
    for (const at::Tensor& p : group.params) {
      if (p.requires_grad() && p.grad().defined()) {
        params.push_back(p);
      }
    }
  }
  if (params.empty()) {
    return;
  }
  const Value& kw = clip_kwargs_;
  if (grad_name_ == "grad_value") {
    clip_grad_value_(
        params, to_float(kw["clip_value"], "clip_value"), foreach_of(kw));
    return;
  }
  const at::Tensor norm = clip_grad_norm_(
      params,
      to_float(kw["max_norm"], "max_norm"),
      kw.contains("norm_type") ? to_float(kw["norm_type"], "norm_type") : 2.0,
      kw.get<bool>("error_if_nonfinite", false),
      foreach_of(kw));
  last_grad_norm_ = norm.item<double>();
  if (scalar_callback_) {
    scalar_callback_("train/" + grad_name_, *last_grad_norm_);
  }
}

void OptimWrapper::initialize_count_status(
    torch::nn::Module& model, int64_t init_counts, int64_t max_counts) {
  inner_count_ = init_counts;
  max_counts_ = max_counts;
  if (inner_count_ % accumulative_counts_ != 0) {
    emit_log(
        log_callback_,
        "WARNING",
        "Resumed iteration number is not divisible by `_accumulative_counts` "
        "in `GradientCumulativeOptimizerHook`, which means the gradient of "
        "some iterations is lost and the result may be influenced slightly.");
  }
  if (has_batch_norm(model) && accumulative_counts_ > 1) {
    emit_log(
        log_callback_,
        "WARNING",
        "Gradient accumulative may slightly decrease performance because the "
        "model has BatchNorm layers.");
  }
  remainder_counts_ = max_counts_ % accumulative_counts_;
}

bool OptimWrapper::should_update() const {
  return inner_count_ % accumulative_counts_ == 0 ||
         inner_count_ == max_counts_;
}

bool OptimWrapper::should_sync() const {
  return (inner_count_ + 1) % accumulative_counts_ == 0 ||
         inner_count_ + 1 == max_counts_;
}

at::Tensor OptimWrapper::scale_loss(const at::Tensor& loss) const {
  int64_t factor = accumulative_counts_;
  if (accumulative_counts_ == 1) {
    factor = 1;
  } else if (max_counts_ != -1) {
    factor = inner_count_ < max_counts_ - remainder_counts_
                 ? accumulative_counts_
                 : remainder_counts_;
    MMENGINE_CHECK(
        factor > 0,
        "loss_factor should be larger than zero! This error could happened "
        "when initialize_iter_status called with an error `init_counts` or "
        "`max_counts`");
  }
  // Python divides by an int: true division, same as by a scalar; by 1 it
  // is exact, so the op is skipped.
  return factor == 1 ? loss : loss / factor;
}

std::vector<ParamGroup*> OptimWrapper::param_groups() {
  std::vector<ParamGroup*> groups;
  for (ParamGroup& group : optimizer_->param_groups()) {
    groups.push_back(&group);
  }
  if (base_param_settings_) {
    groups.push_back(&*base_param_settings_);
  }
  return groups;
}

const Value& OptimWrapper::defaults() const {
  return optimizer_->defaults();
}

void OptimWrapper::visit_lr(const LrVisitor& visit) const {
  if (base_param_settings_) {
    visit("base_lr", 0, base_param_settings_->options["lr"]);
  }
  std::size_t index = 0;
  for (const ParamGroup& group : optimizer_->param_groups()) {
    visit("lr", index++, group.options["lr"]);
  }
}

Value OptimWrapper::get_lr() const {
  Value result = Value::dict();
  visit_lr([&](std::string_view name, std::size_t index, const Value& lr) {
    const std::string key(name);
    if (index == 0) {
      result.set(key, Value::list());
    }
    result.find(key)->append(lr);
  });
  return result;
}

Value OptimWrapper::get_momentum() const {
  Value momentum = Value::list();
  for (const ParamGroup& group : optimizer_->param_groups()) {
    if (group.has("momentum")) {
      momentum.append(group.options["momentum"]);
    } else if (group.has("betas")) {
      momentum.append(group.options["betas"][0]);
    } else {
      momentum.append(0);
    }
  }
  return Value::dict({{"momentum", std::move(momentum)}});
}

Tree OptimWrapper::state_dict() const {
  Tree sd = optimizer_->state_dict();
  if (base_param_settings_) {
    Tree base = Tree::dict({{"params", Tree(base_param_settings_->params[0])}});
    for (const auto& [key, value] : base_param_settings_->options.items()) {
      base[key] = Tree(value);
    }
    sd["base_param_settings"] = std::move(base);
  }
  return sd;
}

void OptimWrapper::load_state_dict(const Tree& state_dict) {
  Tree sd = state_dict.clone();
  if (const Tree* base = sd.find("base_param_settings");
      base != nullptr && !base->is_none()) {
    ParamGroup group;
    group.options = Value::dict();
    for (const auto& [key, value] : base->items()) {
      if (key.is_string() && key.str() == "params") {
        group.params = {
            value.is_tensor() ? value.tensor() : at::zeros({1}, at::kFloat)};
      } else {
        group.options[key] = value.to_value();
      }
    }
    base_param_settings_ = std::move(group);
  }
  sd.erase("base_param_settings");
  optimizer_->load_state_dict(sd);
}

std::string optimizer_repr(const Optimizer& optimizer) {
  // torch.optim.Optimizer.__repr__: options sorted by key, str() values.
  std::string out = optimizer.name() + " (";
  size_t index = 0;
  for (const ParamGroup& group : optimizer.param_groups()) {
    out += "\nParameter Group " + std::to_string(index++) + "\n";
    std::vector<std::string> keys;
    for (const auto& [key, value] : group.options.items()) {
      keys.push_back(key.to_string());
    }
    std::sort(keys.begin(), keys.end());
    for (const std::string& key : keys) {
      out += "    " + key + ": " + group.options[key].value().str() + "\n";
    }
  }
  return out + ")";
}

std::string OptimWrapper::repr() const {
  return "Type: " + type_name() +
         "\n_accumulative_counts: " + std::to_string(accumulative_counts_) +
         "\noptimizer: \n" + optimizer_repr(*optimizer_) + "\n";
}

namespace {

bool is_batch_norm(const torch::nn::Module* m) {
  return dynamic_cast<const torch::nn::BatchNorm1dImpl*>(m) != nullptr ||
         dynamic_cast<const torch::nn::BatchNorm2dImpl*>(m) != nullptr ||
         dynamic_cast<const torch::nn::BatchNorm3dImpl*>(m) != nullptr;
}

}  // namespace

bool has_batch_norm(const torch::nn::Module& model) {
  if (is_batch_norm(&model)) {
    return true;
  }
  for (const auto& module : model.modules(/*include_self=*/false)) {
    if (is_batch_norm(module.get())) {
      return true;
    }
  }
  return false;
}

}  // namespace mmengine::optim
