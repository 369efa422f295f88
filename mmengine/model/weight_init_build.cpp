// initialize() with MMEngine's `override` rules, and the registration of the
// built-in initialisers.
#include <torch/nn/module.h>

#include <mutex>

#include "mmengine/model/weight_init.h"
#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"

namespace mmengine::model {

namespace {

using config::Value;

void build_and_apply(
    torch::nn::Module& module, const Value& cfg, bool wholemodule) {
  std::shared_ptr<BaseInit> init = registry::WEIGHT_INITIALIZERS.build(cfg);
  init->set_wholemodule(wholemodule);
  (*init)(module);
}

std::vector<Value> as_cfg_list(const Value& cfg, const char* what) {
  MMENGINE_CHECK_TYPE(
      cfg.is_dict() || cfg.is_list(),
      what,
      " must be a dict or a list of dict, but got ",
      cfg.type_name());
  std::vector<Value> out =
      cfg.is_dict() ? std::vector<Value>{cfg} : cfg.elements();
  for (const Value& item : out) {
    MMENGINE_CHECK_TYPE(
        item.is_dict(),
        what,
        " must be a dict or a list of dict, but got an element of type ",
        item.type_name());
  }
  return out;
}

// `override` entries apply to the named children with wholemodule=True; an
// entry with only `name` inherits the parent cfg (without `layer`).
void initialize_override(
    torch::nn::Module& module, const Value& override, const Value& cfg) {
  for (Value entry : as_cfg_list(override, "override")) {
    MMENGINE_CHECK(
        entry.contains("name"),
        "`override` must contain the key \"name\",but got ",
        entry.repr());
    const std::string name = entry.pop("name").as<std::string>();
    if (entry.empty()) {
      entry.update(cfg);
    } else {
      MMENGINE_CHECK(
          entry.contains("type"),
          "`override` need \"type\" key, but got ",
          entry.repr());
    }
    const auto children = module.named_children();
    const auto* child = children.find(name);
    MMENGINE_CHECK(
        child != nullptr,
        "module did not have attribute ",
        name,
        ", but init_cfg is ",
        entry.repr(),
        ".");
    build_and_apply(**child, entry, true);
  }
}

template <typename T>
void add(const char* name, const char* doc) {
  registry::register_class<T>(
      registry::WEIGHT_INITIALIZERS, name, "mmengine/model/weight_init", doc);
}

}  // namespace

void initialize(torch::nn::Module& module, const Value& init_cfg) {
  register_weight_initializers();
  for (Value cfg : as_cfg_list(init_cfg, "init_cfg")) {
    // A copy: one init_cfg may be shared by several modules.
    const Value override =
        cfg.contains("override") ? cfg.pop("override") : Value();
    build_and_apply(module, cfg, false);
    if (!override.is_none()) {
      cfg.erase("layer");
      initialize_override(module, override, cfg);
    }
  }
}

void register_weight_initializers() {
  static std::once_flag once;
  std::call_once(once, [] {
    add<ConstantInit>("Constant", "constant weights (val), constant bias");
    add<XavierInit>("Xavier", "Xavier/Glorot weights (gain, distribution)");
    add<NormalInit>("Normal", "normal weights (mean, std)");
    add<TruncNormalInit>("TruncNormal", "truncated normal (mean, std, a, b)");
    add<UniformInit>("Uniform", "uniform weights in [a, b)");
    add<KaimingInit>(
        "Kaiming", "He weights (a, mode, nonlinearity, distribution)");
    add<Caffe2XavierInit>(
        "Caffe2Xavier", "Caffe2 XavierFill (Kaiming uniform)");
    add<PretrainedInit>("Pretrained", "load a checkpoint (checkpoint, prefix)");
  });
}

}  // namespace mmengine::model
