#include "mmengine/optim/optimizer/optim_wrapper_builder.h"

#include <torch/nn/module.h>

#include <mutex>

#include "mmengine/optim/optimizer/amp_optimizer_wrapper.h"
#include "mmengine/optim/optimizer/default_constructor.h"
#include "mmengine/optim/optimizer/optimizer_wrapper_dict.h"
#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"

namespace mmengine::optim {

using config::Value;

void register_optim_wrappers() {
  static std::once_flag once;
  std::call_once(once, [] {
    const char* where = "mmengine/optim/optimizer";
    registry::register_class<OptimWrapper>(
        registry::OPTIM_WRAPPERS,
        "OptimWrapper",
        where,
        "gradient accumulation and clipping around an optimizer");
    registry::register_class<AmpOptimWrapper>(
        registry::OPTIM_WRAPPERS,
        "AmpOptimWrapper",
        where,
        "OptimWrapper with autocast and a GradScaler");
    registry::register_class<DefaultOptimWrapperConstructor>(
        registry::OPTIM_WRAPPER_CONSTRUCTORS,
        "DefaultOptimWrapperConstructor",
        where,
        "param groups from paramwise_cfg");
  });
}

std::shared_ptr<OptimWrapper> build_optim_wrapper(
    torch::nn::Module& model, const Value& cfg, const LogCallback& log) {
  register_optim_wrappers();
  MMENGINE_CHECK_TYPE(
      cfg.is_dict(),
      "optim_wrapper should be a dict, but got ",
      cfg.type_name());
  Value rest = cfg;
  const Value constructor = rest.contains("constructor")
                                ? rest.pop("constructor")
                                : Value("DefaultOptimWrapperConstructor");
  const Value paramwise =
      rest.contains("paramwise_cfg") ? rest.pop("paramwise_cfg") : Value();
  registry::BuildOptions options;
  options.path = "optim_wrapper.constructor";
  auto built = registry::OPTIM_WRAPPER_CONSTRUCTORS.build(
      Value::dict(
          {{"type", constructor},
           {"optim_wrapper_cfg", rest},
           {"paramwise_cfg", paramwise}}),
      options);
  built->set_log_callback(log);
  return (*built)(model);
}

std::shared_ptr<OptimWrapperDict> build_optim_wrapper_dict(
    torch::nn::Module& model, const Value& cfg, const LogCallback& log) {
  MMENGINE_CHECK_TYPE(
      cfg.is_dict(),
      "optim_wrapper should be a dict of optim_wrapper configs, but got ",
      cfg.type_name());
  OptimWrapperDict::Items wrappers;
  for (const auto& [key, sub_cfg] : cfg.items()) {
    const std::string name = key.to_string();
    std::shared_ptr<torch::nn::Module> child;
    for (const auto& item : model.named_children()) {
      if (item.key() == name) {
        child = item.value();
      }
    }
    MMENGINE_CHECK_KEY(
        child != nullptr,
        "optim_wrapper.",
        name,
        ": the model has no submodule named '",
        name,
        "'");
    wrappers.emplace_back(name, build_optim_wrapper(*child, sub_cfg, log));
  }
  return std::make_shared<OptimWrapperDict>(std::move(wrappers));
}

std::string scale_lr(
    OptimWrapper& wrapper,
    const Value& auto_scale_lr,
    int64_t real_batch_size) {
  if (auto_scale_lr.is_none() || !auto_scale_lr.get<bool>("enable", false)) {
    return {};
  }
  MMENGINE_CHECK_KEY(
      auto_scale_lr.contains("base_batch_size"),
      "Lack of `base_batch_size` in `auto_scale_lr`.");
  const Value base_bs = auto_scale_lr["base_batch_size"];
  const double ratio =
      static_cast<double>(real_batch_size) / base_bs.as<double>();
  std::vector<OptimWrapper*> wrappers;
  if (auto* dict = dynamic_cast<OptimWrapperDict*>(&wrapper)) {
    for (const auto& [name, w] : dict->items()) {
      wrappers.push_back(w.get());
    }
  } else {
    wrappers.push_back(&wrapper);
  }
  for (OptimWrapper* w : wrappers) {
    for (ParamGroup& group : w->optimizer()->param_groups()) {
      group.set("lr", group.get("lr") * ratio);
    }
  }
  return "LR is set based on batch size of " + base_bs.str() +
         " and the current batch size is " + std::to_string(real_batch_size) +
         ". Scaling the original LR by " + config::float_repr(ratio) + ".";
}

}  // namespace mmengine::optim
