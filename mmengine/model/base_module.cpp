#include "mmengine/model/base_module.h"

#include <fmt/format.h>

#include <optional>

#include "mmengine/model/init_info_impl.h"
#include "mmengine/model/weight_init.h"
#include "mmengine/utils/error.h"

namespace mmengine::model {

namespace {

// "torch.Size([3, 4])", as Python prints a parameter's shape.
std::string torch_size(const at::Tensor& tensor) {
  return fmt::format("torch.Size([{}])", fmt::join(tensor.sizes(), ", "));
}

std::string make_report(
    const torch::nn::Module& module, const detail::InitSession& session) {
  std::string out = "Name of parameter - Initialization information\n";
  for (const auto& item : module.named_parameters()) {
    auto it = session.params.find(item.value().unsafeGetTensorImpl());
    const std::string info =
        it == session.params.end() ? std::string() : it->second.init_info;
    out += fmt::format(
        "\n{} - {}: \n{} \n", item.key(), torch_size(item.value()), info);
  }
  return out;
}

bool is_pretrained(const config::Value& cfg) {
  MMENGINE_CHECK_TYPE(
      cfg.is_dict(),
      "init_cfg must be a dict or a list of dict, but got an element of type ",
      cfg.type_name());
  return cfg["type"].as<std::string>() == "Pretrained";
}

}  // namespace

BaseModule::BaseModule(config::Value init_cfg)
    : init_cfg_(std::move(init_cfg)) {}

std::string BaseModule::class_name() const {
  return module_class_name(*this);
}

void BaseModule::init_weights() {
  std::optional<detail::InitSessionScope> scope;
  if (detail::current_init_session() == nullptr) {
    scope.emplace(
        *this,
        "The value is the same before and after calling `init_weights` of " +
            class_name() + " ");
  }
  if (!is_init_) {
    apply_init_cfg();
  } else {
    detail::log_init(
        "WARNING",
        "init_weights of " + class_name() + " has been called more than once.");
  }
  if (scope) {
    init_report_ = make_report(*this, scope->session());
    init_log_ = std::move(scope->session().log);
  }
}

void BaseModule::apply_init_cfg() {
  config::Value pretrained = config::Value::list();
  if (init_cfg_.truthy()) {
    detail::log_init(
        "DEBUG",
        "initialize " + class_name() + " with init_cfg " + init_cfg_.repr());
    MMENGINE_CHECK_TYPE(
        init_cfg_.is_dict() || init_cfg_.is_list(),
        "init_cfg must be a dict or a list of dict, but got ",
        init_cfg_.type_name());
    const std::vector<config::Value> cfgs =
        init_cfg_.is_dict() ? std::vector<config::Value>{init_cfg_}
                            : init_cfg_.elements();
    config::Value others = config::Value::list();
    for (const auto& cfg : cfgs) {
      (is_pretrained(cfg) ? pretrained : others).append(cfg);
    }
    initialize(*this, others);
  }
  init_children();
  if (!pretrained.empty()) {
    initialize(*this, pretrained);
  }
  is_init_ = true;
}

void BaseModule::init_children() {
  for (const auto& child : children()) {
    auto module = std::dynamic_pointer_cast<BaseModule>(child);
    if (module == nullptr || module->is_init()) {
      continue;
    }
    module->init_weights();
    // Users may override init_weights: credit what it changed.
    update_init_info(
        *module,
        "Initialized by user-defined `init_weights` in " +
            module->class_name() + " ");
  }
}

}  // namespace mmengine::model
