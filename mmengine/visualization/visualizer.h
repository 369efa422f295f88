#pragma once

/// Visualizer: named global instances that forward the logging API
/// (config, scalars) to their vis backends.
///
///   auto vis = Visualizer::get_instance("exp", {
///       .vis_backends = Value::list({Value::dict({{"type",
///       "LocalVisBackend"}})}), .save_dir = "work_dir/20240101_000000"});
///   vis->add_scalars(tag, /*step=*/10);   // .../vis_data/scalars.json

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/registry/registry.h"

namespace mmengine::config {
class Config;
}  // namespace mmengine::config

namespace mmengine::visualization {

class BaseVisBackend;

/// Mirrors `mmengine.visualization.Visualizer` (a ManagerMixin): backends
/// from dicts (built through VISBACKENDS, `save_dir/vis_data` by default,
/// optional `name`) or instances; the add_* methods run on rank 0 only.
/// Differs in having no drawing API (set_image, draw_*, show).
class MMENGINE_API Visualizer : public registry::Configurable {
 public:
  /// Constructor arguments; the defaults are MMEngine's.
  struct Options {
    /// None, a backend config dict, or a list of them.
    config::Value vis_backends;
    /// Root of the backends' save_dir (`<save_dir>/vis_data`).
    std::optional<std::string> save_dir;
    /// Backend instances added after those of vis_backends (name = class).
    std::vector<std::shared_ptr<BaseVisBackend>> backends;
  };

  /// Builds the backends. RegistryError/TypeError for bad configs;
  /// ValueError "vis_backend name <n> already exists"; a backend needing a
  /// save_dir without one is skipped with a warning, as in MMEngine.
  explicit Visualizer(std::string name = "visualizer", Options options = {});
  ~Visualizer() override;

  /// The instance named `name`, created on first use.
  static std::shared_ptr<Visualizer> get_instance(
      const std::string& name, Options options);
  static std::shared_ptr<Visualizer> get_instance(const std::string& name);
  /// The most recently created instance; Error when none exists.
  static std::shared_ptr<Visualizer> get_current_instance();
  /// True when an instance named `name` exists.
  static bool check_instance_created(const std::string& name);
  /// VISUALIZERS builder: get_instance(name, vis_backends, save_dir);
  /// fig_save_cfg / fig_show_cfg are accepted for drawing and unused.
  static std::shared_ptr<Visualizer> from_config(registry::BuildArgs& args);

  const std::string& instance_name() const noexcept {
    return name_;
  }
  /// The backend named `name`, or nullptr (also on ranks other than 0).
  std::shared_ptr<BaseVisBackend> get_backend(const std::string& name) const;
  /// Backend names in order.
  std::vector<std::string> backend_names() const;

  /// `dataset_meta` (None until set).
  config::Value dataset_meta() const;
  void set_dataset_meta(config::Value meta);

  /// Forwarded to every backend (rank 0 only).
  void add_config(const config::Config& config);
  void add_scalar(
      const std::string& name,
      const config::Value& value,
      std::int64_t step = 0);
  void add_scalars(
      const config::Value& scalar_dict,
      std::int64_t step = 0,
      const std::optional<std::string>& file_path = std::nullopt);
  /// Closes every backend.
  void close();

 private:
  void add_backend(std::string name, std::shared_ptr<BaseVisBackend> backend);
  static bool is_master();

  std::string name_;
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, std::shared_ptr<BaseVisBackend>>>
      backends_;
  config::Value dataset_meta_;
};

}  // namespace mmengine::visualization
