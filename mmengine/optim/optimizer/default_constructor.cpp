#include "mmengine/optim/optimizer/default_constructor.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/instancenorm.h>
#include <torch/nn/modules/normalization.h>

#include <algorithm>
#include <unordered_set>

#include "mmengine/optim/optimizer/builder.h"
#include "mmengine/optim/optimizer/optim_wrapper_builder.h"
#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"

namespace mmengine::optim {

using config::Value;

namespace {

const char* const kParamwiseKeys[] = {
    "custom_keys",
    "bias_lr_mult",
    "bias_decay_mult",
    "norm_decay_mult",
    "dwconv_decay_mult",
    "flat_decay_mult",
    "dcn_offset_lr_mult",
    "bypass_duplicate"};

// Python's `a * b` on config numbers: int * int stays int.
Value multiply(const Value& a, const Value& b) {
  MMENGINE_CHECK_TYPE(
      a.is_number() && b.is_number(),
      "unsupported operand type(s) for *: '",
      a.type_name(),
      "' and '",
      b.type_name(),
      "'");
  if (a.is_int() && b.is_int()) {
    return Value(a.as<int64_t>() * b.as<int64_t>());
  }
  return Value(a.as<double>() * b.as<double>());
}

bool is_norm(const torch::nn::Module* m) {
  using namespace torch::nn;  // NOLINT(google-build-using-namespace)
  return dynamic_cast<const BatchNorm1dImpl*>(m) != nullptr ||
         dynamic_cast<const BatchNorm2dImpl*>(m) != nullptr ||
         dynamic_cast<const BatchNorm3dImpl*>(m) != nullptr ||
         dynamic_cast<const InstanceNorm1dImpl*>(m) != nullptr ||
         dynamic_cast<const InstanceNorm2dImpl*>(m) != nullptr ||
         dynamic_cast<const InstanceNorm3dImpl*>(m) != nullptr ||
         dynamic_cast<const GroupNormImpl*>(m) != nullptr ||
         dynamic_cast<const LayerNormImpl*>(m) != nullptr;
}

bool is_dwconv(const torch::nn::Module* m) {
  const auto* conv = dynamic_cast<const torch::nn::Conv2dImpl*>(m);
  return conv != nullptr &&
         conv->options.in_channels() == conv->options.groups();
}

bool contains_param(
    const std::vector<ParamGroup>& groups, const at::Tensor& param) {
  for (const ParamGroup& group : groups) {
    for (const at::Tensor& p : group.params) {
      if (p.unsafeGetTensorImpl() == param.unsafeGetTensorImpl()) {
        return true;
      }
    }
  }
  return false;
}

// Python's model.parameters(): every parameter once, in module order.
std::vector<at::Tensor> unique_parameters(const torch::nn::Module& model) {
  std::vector<at::Tensor> params;
  std::unordered_set<const void*> seen;
  for (const at::Tensor& p : model.parameters(/*recurse=*/true)) {
    if (seen.insert(p.unsafeGetTensorImpl()).second) {
      params.push_back(p);
    }
  }
  return params;
}

// MMEngine's custom key order: alphabetical, then longest first (stable).
std::vector<std::string> sorted_custom_keys(const Value& custom_keys) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : custom_keys.items()) {
    keys.push_back(key.to_string());
  }
  std::sort(keys.begin(), keys.end());
  std::stable_sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
    return a.size() > b.size();
  });
  return keys;
}

}  // namespace

DefaultOptimWrapperConstructor::DefaultOptimWrapperConstructor(
    const Value& optim_wrapper_cfg, const Value& paramwise_cfg) {
  MMENGINE_CHECK_TYPE(
      optim_wrapper_cfg.is_dict(),
      "optimizer_cfg should be a dict, but got ",
      optim_wrapper_cfg.type_name());
  MMENGINE_CHECK(
      optim_wrapper_cfg.contains("optimizer"),
      "`optim_wrapper_cfg` must contain \"optimizer\" config");
  optim_wrapper_cfg_ = optim_wrapper_cfg;
  optimizer_cfg_ = optim_wrapper_cfg_.pop("optimizer");
  MMENGINE_CHECK_TYPE(
      optimizer_cfg_.is_dict(),
      "optim_wrapper.optimizer should be a dict, but got ",
      optimizer_cfg_.type_name());
  paramwise_cfg_ = paramwise_cfg.is_none() ? Value::dict() : paramwise_cfg;
  base_lr_ = optimizer_cfg_.get<Value>("lr", Value());
  base_wd_ = optimizer_cfg_.get<Value>("weight_decay", Value());
  validate();
}

DefaultOptimWrapperConstructor::DefaultOptimWrapperConstructor(
    registry::BuildArgs& args)
    : DefaultOptimWrapperConstructor(
          args.take_value("optim_wrapper_cfg"),
          args.take_value("paramwise_cfg", Value())) {}

void DefaultOptimWrapperConstructor::validate() const {
  MMENGINE_CHECK_TYPE(
      paramwise_cfg_.is_dict(),
      "paramwise_cfg should be None or a dict, but got ",
      paramwise_cfg_.type_name());
  for (const auto& [key, value] : paramwise_cfg_.items()) {
    const std::string k = key.to_string();
    MMENGINE_CHECK_KEY(
        std::find(std::begin(kParamwiseKeys), std::end(kParamwiseKeys), k) !=
            std::end(kParamwiseKeys),
        "paramwise_cfg: unknown key '",
        k,
        "'; accepted keys are custom_keys, bias_lr_mult, bias_decay_mult, "
        "norm_decay_mult, dwconv_decay_mult, flat_decay_mult, "
        "dcn_offset_lr_mult, bypass_duplicate");
  }
  if (paramwise_cfg_.contains("custom_keys")) {
    const Value& custom = paramwise_cfg_["custom_keys"];
    MMENGINE_CHECK_TYPE(
        custom.is_dict(),
        "If specified, custom_keys must be a dict, but got ",
        custom.type_name());
    for (const auto& [key, entry] : custom.items()) {
      MMENGINE_CHECK_TYPE(
          entry.is_dict(),
          "paramwise_cfg.custom_keys.",
          key.to_string(),
          " must be a dict, but got ",
          entry.type_name());
      MMENGINE_CHECK(
          !(base_wd_.is_none() && entry.contains("decay_mult")),
          "base_wd should not be None");
    }
  }
  const bool needs_wd = paramwise_cfg_.contains("bias_decay_mult") ||
                        paramwise_cfg_.contains("norm_decay_mult") ||
                        paramwise_cfg_.contains("dwconv_decay_mult");
  MMENGINE_CHECK(
      !(needs_wd && base_wd_.is_none()), "base_wd should not be None");
}

void DefaultOptimWrapperConstructor::add_params(
    std::vector<ParamGroup>& params,
    const torch::nn::Module& module,
    const std::string& prefix) const {
  const Value custom_keys =
      paramwise_cfg_.get<Value>("custom_keys", Value::dict());
  const std::vector<std::string> sorted_keys = sorted_custom_keys(custom_keys);
  const Value bias_lr_mult = paramwise_cfg_.get<Value>("bias_lr_mult", {});
  const Value bias_decay_mult =
      paramwise_cfg_.get<Value>("bias_decay_mult", {});
  const Value norm_decay_mult =
      paramwise_cfg_.get<Value>("norm_decay_mult", {});
  const Value dwconv_decay_mult =
      paramwise_cfg_.get<Value>("dwconv_decay_mult", {});
  const Value flat_decay_mult =
      paramwise_cfg_.get<Value>("flat_decay_mult", {});
  const bool bypass_duplicate =
      paramwise_cfg_.get<bool>("bypass_duplicate", false);
  const bool norm = is_norm(&module);
  const bool dwconv = is_dwconv(&module);

  for (const auto& item : module.named_parameters(/*recurse=*/false)) {
    const std::string& name = item.key();
    const at::Tensor& param = item.value();
    const std::string dotted = prefix + "." + name;
    if (bypass_duplicate && contains_param(params, param)) {
      emit_log(
          log(),
          "WARNING",
          prefix + " is duplicate. It is skipped since bypass_duplicate=True");
      continue;
    }
    if (!param.requires_grad()) {
      emit_log(
          log(),
          "WARNING",
          dotted + " is skipped since its requires_grad=False");
      continue;
    }
    ParamGroup group;
    group.params = {param};
    Value& options = group.options;
    bool is_custom = false;
    for (const std::string& key : sorted_keys) {
      if (dotted.find(key) == std::string::npos) {
        continue;
      }
      is_custom = true;
      const Value& entry = custom_keys[key];
      options["lr"] = multiply(base_lr_, entry.get<Value>("lr_mult", 1.0));
      if (!base_wd_.is_none()) {
        options["weight_decay"] =
            multiply(base_wd_, entry.get<Value>("decay_mult", 1.0));
      }
      for (const auto& [k, v] : entry.items()) {
        options[k] = v;
      }
      break;
    }
    if (!is_custom) {
      if (name == "bias" && !norm && !bias_lr_mult.is_none()) {
        options["lr"] = multiply(base_lr_, bias_lr_mult);
      }
      if (!base_wd_.is_none()) {
        if (norm && !norm_decay_mult.is_none()) {
          options["weight_decay"] = multiply(base_wd_, norm_decay_mult);
        } else if (name == "bias" && !bias_decay_mult.is_none()) {
          options["weight_decay"] = multiply(base_wd_, bias_decay_mult);
        } else if (dwconv && !dwconv_decay_mult.is_none()) {
          options["weight_decay"] = multiply(base_wd_, dwconv_decay_mult);
        } else if (param.dim() == 1 && !flat_decay_mult.is_none()) {
          options["weight_decay"] = multiply(base_wd_, flat_decay_mult);
        }
      }
    }
    const std::string full_name = prefix.empty() ? name : dotted;
    for (const auto& [key, value] : options.items()) {
      emit_log(
          log(),
          "INFO",
          "paramwise_options -- " + full_name + ":" + key.to_string() + "=" +
              value.str());
    }
    params.push_back(std::move(group));
  }

  // named_children() lists a child registered twice once (by identity).
  std::unordered_set<const torch::nn::Module*> seen;
  for (const auto& child : module.named_children()) {
    if (!seen.insert(child.value().get()).second) {
      continue;
    }
    const std::string child_prefix =
        prefix.empty() ? child.key() : prefix + "." + child.key();
    add_params(params, *child.value(), child_prefix);
  }
}

std::shared_ptr<OptimWrapper> DefaultOptimWrapperConstructor::operator()(
    torch::nn::Module& model) {
  register_optimizers();
  register_optim_wrappers();
  const torch::nn::Module* target = &model;
  for (const auto& child : model.named_children()) {
    if (child.key() == "module") {
      target = child.value().get();
    }
  }
  Value wrapper_cfg = optim_wrapper_cfg_;
  if (!wrapper_cfg.contains("type")) {
    wrapper_cfg["type"] = "OptimWrapper";
  }
  std::vector<ParamGroup> params;
  if (paramwise_cfg_.empty()) {
    params = single_group(unique_parameters(*target));
  } else {
    add_params(params, *target);
  }
  registry::RuntimeArgs optimizer_args;
  optimizer_args.set("params", std::move(params));
  registry::BuildOptions optimizer_options;
  optimizer_options.runtime = &optimizer_args;
  optimizer_options.path = "optim_wrapper.optimizer";
  std::shared_ptr<Optimizer> optimizer =
      registry::OPTIMIZERS.build(optimizer_cfg_, optimizer_options);

  registry::RuntimeArgs wrapper_args;
  wrapper_args.set("optimizer", optimizer);
  registry::BuildOptions wrapper_options;
  wrapper_options.runtime = &wrapper_args;
  wrapper_options.path = "optim_wrapper";
  std::shared_ptr<OptimWrapper> wrapper =
      registry::OPTIM_WRAPPERS.build(wrapper_cfg, wrapper_options);
  wrapper->set_log_callback(log());
  return wrapper;
}

}  // namespace mmengine::optim
