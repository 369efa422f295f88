#pragma once

/// The Runner: builds every component from a config and drives the
/// training, validation and test loops, calling hooks at each point.
///
///   auto cfg = config::Config::fromfile("configs/digits/mlp_digits.py");
///   auto runner = runner::Runner::from_cfg(cfg);
///   runner->train();            // builds loops, optimizer, schedulers lazily
///   config::Value m = runner->test();
///
/// Mirrors `mmengine.runner.Runner`: the same config keys, build order and
/// laziness, work_dir layout (`<work_dir>/<timestamp>/<timestamp>.log`,
/// `vis_data/`), hook order and log lines. Differs: components given as
/// objects go through RunnerComponents; `val_dataloader`/`val_evaluator`
/// may be lists (several validation sets, each logged under its prefix).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/config.h"
#include "mmengine/config/value.h"
#include "mmengine/hooks/hook.h"
#include "mmengine/runner/checkpoint.h"

namespace mmengine {
namespace model {
class BaseModel;
}  // namespace model
namespace dataset {
class DataLoader;
}  // namespace dataset
namespace evaluator {
class Evaluator;
}  // namespace evaluator
namespace optim {
class OptimWrapper;
class ParamScheduler;
}  // namespace optim
namespace logging {
class MessageHub;
class MMLogger;
}  // namespace logging
namespace visualization {
class Visualizer;
}  // namespace visualization
}  // namespace mmengine

namespace mmengine::runner {

class BaseLoop;
class LogProcessor;
struct LogContext;

/// Objects that replace config entries of the same name (MMEngine accepts
/// either a built object or a dict for each argument).
struct RunnerComponents {
  std::shared_ptr<model::BaseModel> model;
  std::shared_ptr<dataset::DataLoader> train_dataloader;
  std::shared_ptr<dataset::DataLoader> val_dataloader;
  std::shared_ptr<dataset::DataLoader> test_dataloader;
  std::shared_ptr<optim::OptimWrapper> optim_wrapper;
  std::vector<std::shared_ptr<hooks::Hook>> custom_hooks;
};

class MMENGINE_API Runner {
 public:
  /// From a whole config (MMEngine's `Runner.from_cfg`): every top-level
  /// key of the constructor is read from it; `work_dir` is required.
  static std::unique_ptr<Runner> from_cfg(
      const config::Config& cfg, RunnerComponents components = {});
  /// Same; `cfg` is the config dict (no file name: experiment name is the
  /// timestamp).
  explicit Runner(config::Config cfg, RunnerComponents components = {});
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  /// Trains with the train loop (validating as configured); returns the
  /// model. RuntimeError-like ValueError when no train loop is configured.
  model::BaseModel& train();
  /// Runs the validation loop once; returns its metrics.
  config::Value val();
  /// Runs the test loop once; returns its metrics (also written to
  /// `<log_dir>/<timestamp>.json` by the logger hook).
  config::Value test();

  /// Writes `<out_dir>/<filename>` (atomically) with `meta`, `state_dict`,
  /// `message_hub`, `optimizer` and `param_schedulers`, after calling the
  /// hooks' before_save_checkpoint. `meta` (a dict or None) gets epoch/iter
  /// unless set (by_epoch: epoch + 1, iter; else epoch, iter + 1), then cfg,
  /// seed, experiment_name, time, mmengine_version, dataset_meta.
  /// Mirrors `Runner.save_checkpoint`; differs in local storage only
  /// (other backends: ValueError) and a list of schedulers only.
  void save_checkpoint(
      const std::string& out_dir,
      const std::string& filename,
      const config::Value& file_client_args = {},
      bool save_optimizer = true,
      bool save_param_scheduler = true,
      const config::Value& meta = {},
      bool by_epoch = true,
      const config::Value& backend_args = {});
  /// Called by the train loops between iterations. When SIGTERM or SIGINT
  /// arrived during train() (config `save_on_signal`, default True), saves
  /// `<work_dir>/iter_<N>.pth`, points `last_checkpoint` at it and returns
  /// true: the loop then stops and train() returns. Beyond MMEngine.
  bool checkpoint_if_signalled();
  /// Restores weights, epoch/iter, seed, message hub, optimizer and
  /// schedulers from `filename`; logs `resumed epoch: N, iter: M`.
  /// map_location "default" is the current device. Mirrors `Runner.resume`.
  void resume(
      const std::string& filename,
      bool resume_optimizer = true,
      bool resume_param_scheduler = true,
      const std::string& map_location = "default");
  /// Loads the weights of `filename` into the model (after calling the
  /// hooks' after_load_checkpoint) and returns the checkpoint. Mirrors
  /// `Runner.load_checkpoint`.
  structures::Tree load_checkpoint(
      const std::string& filename,
      const std::string& map_location = "cpu",
      bool strict = false,
      const ReviseKeys& revise_keys = default_revise_keys());

  /// Calls `fn` of every hook in priority order with `args`.
  template <typename... Params, typename... Args>
  void call_hook(void (hooks::Hook::*fn)(Runner&, Params...), Args&&... args) {
    for (const auto& hook : hooks_list()) {
      ((*hook).*fn)(*this, args...);
    }
  }
  /// Adds a hook (a config dict with `type` and optional `priority`, or an
  /// object), keeping the list sorted with MMEngine's insertion rule.
  void register_hook(const config::Value& cfg);
  void register_hook(
      std::shared_ptr<hooks::Hook> hook,
      std::optional<config::Value> priority = std::nullopt);
  const std::vector<std::shared_ptr<hooks::Hook>>& hooks() const {
    return hooks_list();
  }
  /// The "Hooks will be executed in the following order" table.
  std::string get_hooks_info() const;

  /// Counters of the train loop (0 when there is none).
  std::int64_t epoch() const;
  std::int64_t iter() const;
  std::int64_t max_epochs() const;
  std::int64_t max_iters() const;

  model::BaseModel& model() const;
  const config::Config& cfg() const;
  const std::string& work_dir() const;
  const std::string& log_dir() const;
  const std::string& timestamp() const;
  const std::string& experiment_name() const;
  /// The seed in use (set or drawn), and `deterministic`.
  std::int64_t seed() const;
  bool deterministic() const;
  int rank() const;
  int world_size() const;

  logging::MessageHub& message_hub() const;
  logging::MMLogger& logger() const;
  visualization::Visualizer& visualizer() const;
  LogProcessor& log_processor() const;
  /// What LogProcessor reads from the runner for `mode`.
  LogContext log_context(const std::string& mode) const;

  /// Built on first use.
  optim::OptimWrapper& optim_wrapper();
  bool has_optim_wrapper() const;
  std::vector<std::shared_ptr<optim::ParamScheduler>>& param_schedulers();
  BaseLoop& train_loop();
  BaseLoop& val_loop();
  BaseLoop& test_loop();
  /// True when configured (built or not).
  bool has_train_loop() const;
  bool has_val_loop() const;
  bool has_test_loop() const;
  /// Already-built loops only (nullptr otherwise): hooks use these.
  BaseLoop* train_loop_if_built() const;
  BaseLoop* val_loop_if_built() const;
  dataset::DataLoader& train_dataloader();
  dataset::DataLoader& val_dataloader();
  dataset::DataLoader& test_dataloader();

  /// Builds a data loader config the way the runner does (seeded).
  std::shared_ptr<dataset::DataLoader> build_dataloader(
      const config::Value& cfg, const std::string& where) const;

 private:
  struct Impl;
  const std::vector<std::shared_ptr<hooks::Hook>>& hooks_list() const;
  void setup_env();
  void set_randomness();
  void build_logging();
  void build_model(std::shared_ptr<model::BaseModel> model);
  void register_hooks(
      const config::Value& default_hooks,
      const config::Value& custom_hooks,
      const std::vector<std::shared_ptr<hooks::Hook>>& hook_objects);
  void dump_config() const;
  void load_or_resume();
  /// Everything a checkpoint holds (meta completed, state_dict, message
  /// hub, optimizer, schedulers); the one place that collects it.
  structures::Tree checkpoint_content(
      config::Value meta, bool save_optimizer, bool save_param_scheduler);
  /// Applies a loaded checkpoint's training state (all but the weights).
  void restore_checkpoint(
      const structures::Tree& checkpoint,
      bool resume_optimizer,
      bool resume_param_scheduler);
  std::unique_ptr<Impl> impl_;
};

}  // namespace mmengine::runner
