#pragma once

/// Visualization backends: where Visualizer's add_* calls end up.
///
///   LocalVisBackend local("work_dir/20240101_000000/vis_data");
///   local.add_scalars(Value::dict({{"loss", 0.5}}), /*step=*/10);
///   // vis_data/scalars.json gains {"loss": 0.5, "step": 10}

#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/registry/registry.h"

namespace mmengine::config {
class Config;
}  // namespace mmengine::config

namespace mmengine::visualization {

/// Base of all backends; every add_* is a no-op. Mirrors
/// `mmengine.visualization.BaseVisBackend` (lazy `_init_env`); differs in
/// having no add_graph/add_image (no tensors or images in the core).
class MMENGINE_API BaseVisBackend : public registry::Configurable {
 public:
  /// `save_dir` may be nullopt; see requires_save_dir().
  explicit BaseVisBackend(std::optional<std::string> save_dir);
  ~BaseVisBackend() override;

  /// The class name, the backend's default name in a Visualizer.
  virtual std::string type_name() const = 0;
  /// True when the constructor needs a save_dir (MMEngine: `save_dir` has
  /// no default); Visualizer skips such a backend without one.
  virtual bool requires_save_dir() const {
    return false;
  }
  /// Records the config.
  virtual void add_config(const config::Config& config);
  /// Records one scalar at `step`.
  virtual void add_scalar(
      const std::string& name, const config::Value& value, std::int64_t step);
  /// Records a dict of scalars at `step`; `file_path` names an extra JSON
  /// file (relative to save_dir) that receives the same record.
  virtual void add_scalars(
      const config::Value& scalar_dict,
      std::int64_t step,
      const std::optional<std::string>& file_path);
  /// Flushes and releases resources.
  virtual void close();

  const std::optional<std::string>& save_dir() const noexcept {
    return save_dir_;
  }

 protected:
  std::optional<std::string> save_dir_;
};

/// Writes `<save_dir>/scalars.json` (one `json.dumps` object per line,
/// appended and flushed) and `<save_dir>/config.py` (Config::dump, atomic).
/// Mirrors `mmengine.visualization.LocalVisBackend`; differs in having no
/// add_image (images need the engine).
class MMENGINE_API LocalVisBackend : public BaseVisBackend {
 public:
  /// ValueError when the file names do not end in .py / .json.
  explicit LocalVisBackend(
      std::optional<std::string> save_dir,
      std::string img_save_dir = "vis_image",
      std::string config_save_file = "config.py",
      std::string scalar_save_file = "scalars.json");
  ~LocalVisBackend() override;
  /// VISBACKENDS builder: save_dir, img_save_dir, config_save_file,
  /// scalar_save_file.
  static std::shared_ptr<LocalVisBackend> from_config(
      registry::BuildArgs& args);

  std::string type_name() const override {
    return "LocalVisBackend";
  }
  bool requires_save_dir() const override {
    return true;
  }
  void add_config(const config::Config& config) override;
  void add_scalar(
      const std::string& name,
      const config::Value& value,
      std::int64_t step) override;
  void add_scalars(
      const config::Value& scalar_dict,
      std::int64_t step,
      const std::optional<std::string>& file_path) override;
  void close() override;

  /// Paths after the lazy init (joined with save_dir).
  std::string scalar_save_file();
  std::string config_save_file();

 private:
  void init_env();
  void append_line(const std::string& path, const std::string& line);

  std::mutex mutex_;
  bool initialized_ = false;
  std::string img_save_dir_;
  std::string config_save_file_;
  std::string scalar_save_file_;
  std::map<std::string, std::unique_ptr<std::ofstream>> streams_;
};

}  // namespace mmengine::visualization
