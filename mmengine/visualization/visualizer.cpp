#include "mmengine/visualization/visualizer.h"

#include <filesystem>
#include <iostream>

#include "mmengine/config/config.h"
#include "mmengine/logging/logger.h"
#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"
#include "mmengine/utils/manager.h"
#include "mmengine/visualization/vis_backend.h"

namespace mmengine::visualization {
namespace {

utils::ManagerRegistry& visualizers() {
  static utils::ManagerRegistry registry("Visualizer");
  return registry;
}

}  // namespace

Visualizer::Visualizer(std::string name, Options options)
    : name_(std::move(name)) {
  MMENGINE_CHECK(
      !name_.empty(), "Visualizer: name argument must be an non-empty string.");
  config::Value cfgs = options.vis_backends;
  if (cfgs.is_dict()) {
    cfgs = config::Value::list({cfgs});
  }
  MMENGINE_CHECK_TYPE(
      cfgs.is_none() || cfgs.is_sequence(),
      "vis_backends must be a list of dicts or a list of BaseBackend "
      "instances");
  std::optional<std::string> save_dir;
  if (options.save_dir.has_value()) {
    save_dir = (std::filesystem::path(*options.save_dir) / "vis_data").string();
  }
  const std::size_t n = cfgs.is_none() ? 0 : cfgs.elements().size();
  for (std::size_t i = 0; i < n; ++i) {
    config::Value cfg = cfgs.elements()[i];
    MMENGINE_CHECK_TYPE(
        cfg.is_dict(),
        "vis_backends must be a list of dicts or a list of BaseBackend "
        "instances");
    std::string backend_name;
    if (cfg.contains("name")) {
      const config::Value value = cfg.pop("name");
      backend_name = value.is_none() ? "" : value.as<std::string>();
    }
    if (!cfg.contains("save_dir")) {
      cfg.set(
          "save_dir",
          save_dir.has_value() ? config::Value(*save_dir) : config::Value());
    }
    registry::BuildOptions build;
    build.path = fmt::format("vis_backends[{}]", i);
    add_backend(
        std::move(backend_name), registry::VISBACKENDS.build(cfg, build));
  }
  for (auto& backend : options.backends) {
    add_backend("", std::move(backend));
  }
}

Visualizer::~Visualizer() = default;

void Visualizer::add_backend(
    std::string name, std::shared_ptr<BaseVisBackend> backend) {
  MMENGINE_CHECK(backend != nullptr, "Visualizer: a vis backend is null");
  if (backend->requires_save_dir() && !backend->save_dir().has_value()) {
    std::cerr << "UserWarning: Failed to add " << backend->type_name()
              << ", please provide the `save_dir` argument.\n";
    return;
  }
  if (name.empty()) {
    name = backend->type_name();
  }
  for (const auto& item : backends_) {
    MMENGINE_CHECK(
        item.first != name, "vis_backend name ", name, " already exists");
  }
  backends_.emplace_back(std::move(name), std::move(backend));
}

std::shared_ptr<Visualizer> Visualizer::get_instance(
    const std::string& name, Options options) {
  return visualizers().get<Visualizer>(
      name,
      [&] { return std::make_shared<Visualizer>(name, std::move(options)); },
      true);
}

std::shared_ptr<Visualizer> Visualizer::get_instance(const std::string& name) {
  return visualizers().get<Visualizer>(
      name, [&] { return std::make_shared<Visualizer>(name); });
}

std::shared_ptr<Visualizer> Visualizer::get_current_instance() {
  return std::static_pointer_cast<Visualizer>(visualizers().current_or_throw());
}

bool Visualizer::check_instance_created(const std::string& name) {
  return visualizers().contains(name);
}

std::shared_ptr<Visualizer> Visualizer::from_config(registry::BuildArgs& args) {
  const auto name = args.take<std::string>("name");
  Options options;
  options.vis_backends = args.take_value("vis_backends", config::Value());
  options.save_dir =
      args.take<std::optional<std::string>>("save_dir", std::nullopt);
  args.take_value("fig_save_cfg", config::Value());
  args.take_value("fig_show_cfg", config::Value());
  return get_instance(name, std::move(options));
}

bool Visualizer::is_master() {
  return logging::dist_info().rank == 0;
}

std::shared_ptr<BaseVisBackend> Visualizer::get_backend(
    const std::string& name) const {
  if (!is_master()) {
    return nullptr;
  }
  std::lock_guard lock(mutex_);
  for (const auto& [key, backend] : backends_) {
    if (key == name) {
      return backend;
    }
  }
  return nullptr;
}

std::vector<std::string> Visualizer::backend_names() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> names;
  for (const auto& item : backends_) {
    names.push_back(item.first);
  }
  return names;
}

config::Value Visualizer::dataset_meta() const {
  std::lock_guard lock(mutex_);
  return dataset_meta_;
}

void Visualizer::set_dataset_meta(config::Value meta) {
  if (!is_master()) {
    return;
  }
  std::lock_guard lock(mutex_);
  dataset_meta_ = std::move(meta);
}

void Visualizer::add_config(const config::Config& config) {
  if (!is_master()) {
    return;
  }
  std::lock_guard lock(mutex_);
  for (const auto& item : backends_) {
    item.second->add_config(config);
  }
}

void Visualizer::add_scalar(
    const std::string& name, const config::Value& value, std::int64_t step) {
  if (!is_master()) {
    return;
  }
  std::lock_guard lock(mutex_);
  for (const auto& item : backends_) {
    item.second->add_scalar(name, value, step);
  }
}

void Visualizer::add_scalars(
    const config::Value& scalar_dict,
    std::int64_t step,
    const std::optional<std::string>& file_path) {
  if (!is_master()) {
    return;
  }
  std::lock_guard lock(mutex_);
  for (const auto& item : backends_) {
    item.second->add_scalars(scalar_dict, step, file_path);
  }
}

void Visualizer::close() {
  std::lock_guard lock(mutex_);
  for (const auto& item : backends_) {
    item.second->close();
  }
}

}  // namespace mmengine::visualization
