#pragma once
// Private state of the Runner, shared by runner.cpp and runner_build.cpp.

#include <memory>
#include <string>
#include <vector>

#include "mmengine/config/config.h"
#include "mmengine/dataset/data_loader.h"
#include "mmengine/evaluator/evaluator.h"
#include "mmengine/hooks/hook.h"
#include "mmengine/logging/logger.h"
#include "mmengine/logging/message_hub.h"
#include "mmengine/model/base_model/base_model.h"
#include "mmengine/optim/optimizer/optim_wrapper.h"
#include "mmengine/optim/scheduler/param_scheduler.h"
#include "mmengine/runner/log_processor.h"
#include "mmengine/runner/loops.h"
#include "mmengine/runner/runner.h"
#include "mmengine/visualization/visualizer.h"

namespace mmengine::runner {

/// One lazily built part: its config until built, then the object.
template <typename T>
struct Lazy {
  config::Value cfg;
  std::shared_ptr<T> object;
  bool configured() const {
    return object != nullptr || !cfg.is_none();
  }
};

/// A validation/test data set beyond the first, from the list form of
/// `val_dataloader` / `val_evaluator`.
struct EvalSetCfg {
  config::Value dataloader;
  config::Value evaluator;
  std::string prefix;
};

/// The list form of `<mode>_dataloader`: the first set stays in
/// `loader_cfg`/`evaluator_cfg` (its prefix in `first_prefix`), the others
/// go to `extra`. A dict or None `loader_cfg` is left unchanged.
void split_eval_sets(
    config::Value& loader_cfg,
    config::Value& evaluator_cfg,
    std::string& first_prefix,
    std::vector<EvalSetCfg>& extra,
    const std::string& mode);

/// The local time as `%Y%m%d_%H%M%S` (the run's timestamp, the checkpoint
/// meta's `time`).
std::string local_timestamp();

struct Runner::Impl {
  config::Config cfg;
  std::string work_dir;
  std::string timestamp;
  std::string log_dir;
  std::string experiment_name;
  std::string launcher = "none";
  int rank = 0;
  int world_size = 1;
  std::int64_t seed = 0;
  bool deterministic = false;
  config::Value randomness_cfg;
  config::Value env_cfg;

  std::shared_ptr<logging::MMLogger> logger;
  std::shared_ptr<logging::MessageHub> message_hub;
  std::shared_ptr<visualization::Visualizer> visualizer;
  std::shared_ptr<LogProcessor> log_processor;
  std::shared_ptr<model::BaseModel> model;

  Lazy<dataset::DataLoader> train_dataloader;
  Lazy<dataset::DataLoader> val_dataloader;
  Lazy<dataset::DataLoader> test_dataloader;
  Lazy<BaseLoop> train_loop;
  Lazy<BaseLoop> val_loop;
  Lazy<BaseLoop> test_loop;
  config::Value val_evaluator;
  config::Value test_evaluator;
  std::string val_prefix;
  std::string test_prefix;
  std::vector<EvalSetCfg> val_extra_sets;
  std::vector<EvalSetCfg> test_extra_sets;
  Lazy<optim::OptimWrapper> optim_wrapper;
  bool optim_wrappers_ready = false;
  config::Value param_scheduler_cfg;
  bool schedulers_built = false;
  std::vector<std::shared_ptr<optim::ParamScheduler>> param_schedulers;
  config::Value auto_scale_lr;
  config::Value load_from;
  bool resume = false;
  bool save_on_signal = true;
  bool has_loaded = false;

  std::vector<std::shared_ptr<hooks::Hook>> hooks;
};

}  // namespace mmengine::runner
