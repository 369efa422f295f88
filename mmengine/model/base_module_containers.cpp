#include "mmengine/model/base_module_containers.h"

#include <mutex>

#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"

namespace mmengine::model {
namespace {

using ModulePtr = std::shared_ptr<torch::nn::Module>;

// Python's index rules: negative counts from the end.
size_t checked_index(int64_t index, size_t size, const char* container) {
  const auto n = static_cast<int64_t>(size);
  const int64_t i = index < 0 ? index + n : index;
  MMENGINE_CHECK_T(
      IndexError,
      i >= 0 && i < n,
      container,
      ": index ",
      index,
      " is out of range (size ",
      n,
      ")");
  return static_cast<size_t>(i);
}

ModulePtr checked_module(ModulePtr module, const char* container) {
  MMENGINE_CHECK_TYPE(
      module != nullptr, container, ": cannot add a null module");
  return module;
}

// Each element of the `modules` list, built by MODELS.
std::vector<ModulePtr> build_list(
    registry::BuildArgs& args, const registry::BuildOptions& base) {
  const config::Value modules =
      args.take_value("modules", config::Value::list());
  MMENGINE_CHECK_TYPE(
      modules.is_list() || modules.is_tuple(),
      args.where(),
      ": modules must be a list of model configs, got ",
      modules.type_name());
  std::vector<ModulePtr> out;
  for (size_t i = 0; i < modules.elements().size(); ++i) {
    registry::BuildOptions options = base;
    options.path = args.where() + ".modules[" + std::to_string(i) + "]";
    out.push_back(build_model_from_cfg(modules.elements()[i], options));
  }
  return out;
}

registry::BuildOptions runtime_of(registry::BuildArgs& args) {
  registry::BuildOptions options;
  options.runtime = args.runtime();
  return options;
}

}  // namespace

Sequential::Sequential(config::Value init_cfg)
    : BaseModule(std::move(init_cfg)) {}

Sequential::Sequential(
    const std::vector<ModulePtr>& modules, config::Value init_cfg)
    : BaseModule(std::move(init_cfg)) {
  for (const auto& module : modules) {
    push_back(module);
  }
}

std::shared_ptr<Sequential> Sequential::from_config(registry::BuildArgs& args) {
  auto modules = build_list(args, runtime_of(args));
  return std::make_shared<Sequential>(
      modules, args.take_value("init_cfg", config::Value()));
}

void Sequential::push_back(ModulePtr module) {
  torch::nn::Module* raw = checked_module(module, "Sequential").get();
  add(std::move(module),
      [raw](const at::Tensor& x) { return forward_tensor(*raw, x); });
}

void Sequential::add(ModulePtr module, Call call) {
  checked_module(module, "Sequential");
  register_module(std::to_string(children_.size()), module);
  children_.push_back(std::move(module));
  calls_.push_back(std::move(call));
}

ModulePtr Sequential::operator[](int64_t index) const {
  return children_[checked_index(index, children_.size(), "Sequential")];
}

at::Tensor Sequential::forward(const at::Tensor& x) {
  at::Tensor out = x;
  for (const auto& call : calls_) {
    out = call(out);
  }
  return out;
}

ModuleList::ModuleList(
    const std::vector<ModulePtr>& modules, config::Value init_cfg)
    : BaseModule(std::move(init_cfg)) {
  extend(modules);
}

std::shared_ptr<ModuleList> ModuleList::from_config(registry::BuildArgs& args) {
  auto modules = build_list(args, runtime_of(args));
  return std::make_shared<ModuleList>(
      modules, args.take_value("init_cfg", config::Value()));
}

void ModuleList::append(ModulePtr module) {
  checked_module(module, "ModuleList");
  register_module(std::to_string(items_.size()), module);
  items_.push_back(std::move(module));
}

void ModuleList::extend(const std::vector<ModulePtr>& modules) {
  for (const auto& module : modules) {
    append(module);
  }
}

ModulePtr ModuleList::operator[](int64_t index) const {
  return items_[checked_index(index, items_.size(), "ModuleList")];
}

ModuleDict::ModuleDict(const std::vector<Item>& modules, config::Value init_cfg)
    : BaseModule(std::move(init_cfg)) {
  update(modules);
}

std::shared_ptr<ModuleDict> ModuleDict::from_config(registry::BuildArgs& args) {
  const config::Value modules =
      args.take_value("modules", config::Value::dict({}));
  MMENGINE_CHECK_TYPE(
      modules.is_dict(),
      args.where(),
      ": modules must be a dict of model configs, got ",
      modules.type_name());
  std::vector<Item> items;
  for (const auto& [key, cfg] : modules.items()) {
    registry::BuildOptions options = runtime_of(args);
    options.path = args.where() + ".modules." + key.to_string();
    items.emplace_back(key.to_string(), build_model_from_cfg(cfg, options));
  }
  return std::make_shared<ModuleDict>(
      items, args.take_value("init_cfg", config::Value()));
}

void ModuleDict::set(const std::string& name, ModulePtr module) {
  checked_module(module, "ModuleDict");
  MMENGINE_CHECK(
      !name.empty() && name.find('.') == std::string::npos,
      "ModuleDict: module name can't contain \".\" or be empty, got \"",
      name,
      "\"");
  for (auto& item : items_) {
    if (item.first == name) {
      replace_module(name, module);
      item.second = std::move(module);
      return;
    }
  }
  register_module(name, module);
  items_.emplace_back(name, std::move(module));
}

void ModuleDict::update(const std::vector<Item>& modules) {
  for (const auto& [name, module] : modules) {
    set(name, module);
  }
}

ModulePtr ModuleDict::operator[](const std::string& name) const {
  for (const auto& item : items_) {
    if (item.first == name) {
      return item.second;
    }
  }
  MMENGINE_CHECK_KEY(false, "ModuleDict: no module named '", name, "'");
  return nullptr;
}

bool ModuleDict::contains(const std::string& name) const {
  for (const auto& item : items_) {
    if (item.first == name) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> ModuleDict::keys() const {
  std::vector<std::string> out;
  for (const auto& item : items_) {
    out.push_back(item.first);
  }
  return out;
}

ModulePtr build_model_from_cfg(
    const config::Value& cfg, const registry::BuildOptions& options) {
  if (!cfg.is_list()) {
    return registry::MODELS.build(cfg, options);
  }
  auto sequential = std::make_shared<Sequential>();
  for (size_t i = 0; i < cfg.elements().size(); ++i) {
    registry::BuildOptions item = options;
    item.path = options.path + "[" + std::to_string(i) + "]";
    sequential->push_back(registry::MODELS.build(cfg.elements()[i], item));
  }
  return sequential;
}

void register_base_module_containers() {
  static std::once_flag once;
  std::call_once(once, [] {
    const char* where = "mmengine/model";
    registry::register_class<Sequential>(
        registry::MODELS, "Sequential", where, "BaseModule + nn.Sequential");
    registry::register_class<ModuleList>(
        registry::MODELS, "ModuleList", where, "BaseModule + nn.ModuleList");
    registry::register_class<ModuleDict>(
        registry::MODELS, "ModuleDict", where, "BaseModule + nn.ModuleDict");
  });
}

}  // namespace mmengine::model
