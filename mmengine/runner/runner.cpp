#include "mmengine/runner/runner.h"

#include <ATen/Context.h>
#include <ATen/core/grad_mode.h>
#include <torch/utils.h>

#include <chrono>
#include <ctime>
#include <filesystem>

#include "mmengine/device/utils.h"
#include "mmengine/registry/default_scope.h"
#include "mmengine/runner/runner_impl.h"
#include "mmengine/runner/signal_guard.h"
#include "mmengine/utils/error.h"

namespace mmengine::runner {

namespace fs = std::filesystem;
using config::Value;

namespace {

std::string repr_or_object(const Value& cfg, bool has_object) {
  return has_object ? "<object>" : cfg.repr();
}

// MMEngine's all-or-none rule for (dataloader, cfg, evaluator/optimizer).
void check_related(
    const std::vector<std::pair<std::string, bool>>& parts,
    const std::string& what,
    const std::string& details) {
  bool any = false;
  bool all = true;
  for (const auto& part : parts) {
    any = any || part.second;
    all = all && part.second;
  }
  MMENGINE_CHECK(
      !any || all,
      what,
      " should be either all None or not None, but got ",
      details);
}

}  // namespace

std::string local_timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y%m%d_%H%M%S", &tm);
  return buf;
}

std::unique_ptr<Runner> Runner::from_cfg(
    const config::Config& cfg, RunnerComponents components) {
  return std::make_unique<Runner>(cfg, std::move(components));
}

Runner::Runner(config::Config cfg, RunnerComponents components)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.cfg = std::move(cfg);
  const Value& d = m.cfg.dict();
  MMENGINE_CHECK_KEY(
      d.contains("work_dir"),
      "the config has no 'work_dir' (the CLI sets work_dirs/<config name>)");
  m.work_dir = fs::absolute(d["work_dir"].as<std::string>()).lexically_normal();
  fs::create_directories(m.work_dir);

  m.train_dataloader.cfg = d.get<Value>("train_dataloader", Value());
  m.train_dataloader.object = components.train_dataloader;
  m.train_loop.cfg = d.get<Value>("train_cfg", Value());
  m.optim_wrapper.cfg = d.get<Value>("optim_wrapper", Value());
  m.optim_wrapper.object = components.optim_wrapper;
  check_related(
      {{"train_dataloader", m.train_dataloader.configured()},
       {"train_cfg", m.train_loop.configured()},
       {"optim_wrapper", m.optim_wrapper.configured()}},
      "train_dataloader, train_cfg, and optim_wrapper",
      fmt::format(
          "train_dataloader={}, train_cfg={}, optim_wrapper={}.",
          repr_or_object(
              m.train_dataloader.cfg, components.train_dataloader != nullptr),
          m.train_loop.cfg.repr(),
          repr_or_object(
              m.optim_wrapper.cfg, components.optim_wrapper != nullptr)));
  m.auto_scale_lr = d.get<Value>("auto_scale_lr", Value());
  m.param_scheduler_cfg = d.get<Value>("param_scheduler", Value());
  MMENGINE_CHECK(
      m.param_scheduler_cfg.is_none() || m.optim_wrapper.configured(),
      "param_scheduler should be None when optim_wrapper is None, but got ",
      m.param_scheduler_cfg.repr());

  m.val_dataloader.cfg = d.get<Value>("val_dataloader", Value());
  m.val_dataloader.object = components.val_dataloader;
  m.val_loop.cfg = d.get<Value>("val_cfg", Value());
  m.val_evaluator = d.get<Value>("val_evaluator", Value());
  split_eval_sets(
      m.val_dataloader.cfg,
      m.val_evaluator,
      m.val_prefix,
      m.val_extra_sets,
      "val");
  check_related(
      {{"val_dataloader", m.val_dataloader.configured()},
       {"val_cfg", m.val_loop.configured()},
       {"val_evaluator", !m.val_evaluator.is_none()}},
      "val_dataloader, val_cfg, and val_evaluator",
      fmt::format(
          "val_dataloader={}, val_cfg={}, val_evaluator={}",
          repr_or_object(
              m.val_dataloader.cfg, components.val_dataloader != nullptr),
          m.val_loop.cfg.repr(),
          m.val_evaluator.repr()));
  m.test_dataloader.cfg = d.get<Value>("test_dataloader", Value());
  m.test_dataloader.object = components.test_dataloader;
  m.test_loop.cfg = d.get<Value>("test_cfg", Value());
  m.test_evaluator = d.get<Value>("test_evaluator", Value());
  split_eval_sets(
      m.test_dataloader.cfg,
      m.test_evaluator,
      m.test_prefix,
      m.test_extra_sets,
      "test");
  check_related(
      {{"test_dataloader", m.test_dataloader.configured()},
       {"test_cfg", m.test_loop.configured()},
       {"test_evaluator", !m.test_evaluator.is_none()}},
      "test_dataloader, test_cfg, and test_evaluator",
      fmt::format(
          "test_dataloader={}, test_cfg={}, test_evaluator={}",
          repr_or_object(
              m.test_dataloader.cfg, components.test_dataloader != nullptr),
          m.test_loop.cfg.repr(),
          m.test_evaluator.repr()));

  m.launcher = d.get<Value>("launcher", "none").as<std::string>();
  MMENGINE_CHECK(
      m.launcher == "none",
      "launcher='",
      m.launcher,
      "': distributed launchers are not supported yet; use launcher='none'");
  m.env_cfg = d.get<Value>(
      "env_cfg",
      Value::dict({{"dist_cfg", Value::dict({{"backend", "nccl"}})}}));
  setup_env();
  m.randomness_cfg =
      d.get<Value>("randomness", Value::dict({{"seed", Value()}}));
  set_randomness();

  const Value experiment = d.get<Value>("experiment_name", Value());
  if (!experiment.is_none()) {
    m.experiment_name = experiment.as<std::string>() + "_" + m.timestamp;
  } else if (!m.cfg.filename().empty()) {
    m.experiment_name =
        fs::path(m.cfg.filename()).stem().string() + "_" + m.timestamp;
  } else {
    m.experiment_name = m.timestamp;
  }
  m.log_dir = (fs::path(m.work_dir) / m.timestamp).string();
  fs::create_directories(m.log_dir);
  const Value scope = d.get<Value>("default_scope", "mmengine");
  if (!scope.is_none()) {
    registry::DefaultScope::get_instance(
        m.experiment_name, scope.as<std::string>());
  }
  build_logging();
  m.load_from = d.get<Value>("load_from", Value());
  m.resume = d.get<Value>("resume", false).truthy();
  const Value save_on_signal = d.get<Value>("save_on_signal", true);
  MMENGINE_CHECK_TYPE(
      save_on_signal.is_bool(),
      "save_on_signal should be a bool, but got ",
      save_on_signal.repr());
  m.save_on_signal = save_on_signal.as<bool>();
  build_model(components.model);
  register_hooks(
      d.get<Value>("default_hooks", Value()),
      d.get<Value>("custom_hooks", Value()),
      components.custom_hooks);
  m.logger->info(
      "Hooks will be executed in the following order:\n" + get_hooks_info());
  dump_config();
}

Runner::~Runner() = default;

void Runner::setup_env() {
  Impl& m = *impl_;
  if (m.env_cfg.is_dict() && m.env_cfg.get<bool>("cudnn_benchmark", false)) {
    at::globalContext().setBenchmarkCuDNN(true);
  }
  m.rank = 0;
  m.world_size = 1;
  m.timestamp = local_timestamp();
}

void Runner::set_randomness() {
  Impl& m = *impl_;
  const Value& r = m.randomness_cfg;
  MMENGINE_CHECK_TYPE(r.is_dict(), "randomness should be a dict");
  for (const auto& [key, value] : r.items()) {
    const std::string k = key.to_string();
    MMENGINE_CHECK_KEY(
        k == "seed" || k == "diff_rank_seed" || k == "deterministic",
        "randomness.",
        k,
        ": unknown key (expected seed, diff_rank_seed, deterministic)");
  }
  const Value seed = r.get<Value>("seed", Value());
  m.seed =
      seed.is_none() ? dataset::sync_random_seed() : seed.as<std::int64_t>();
  if (r.get<Value>("diff_rank_seed", false).truthy()) {
    m.seed += m.rank;
  }
  m.deterministic = r.get<Value>("deterministic", false).truthy();
  torch::manual_seed(static_cast<std::uint64_t>(m.seed));
  if (m.deterministic) {
    if (at::globalContext().benchmarkCuDNN()) {
      logging::print_log(
          "torch.backends.cudnn.benchmark is going to be set as `False` to "
          "cause cuDNN to deterministically select an algorithm",
          "current",
          logging::kWarning);
    }
    at::globalContext().setDeterministicCuDNN(true);
    at::globalContext().setBenchmarkCuDNN(false);
    at::globalContext().setDeterministicAlgorithms(true, false);
  }
}

model::BaseModel& Runner::train() {
  Impl& m = *impl_;
  MMENGINE_CHECK(
      m.train_loop.configured(),
      "`self._train_loop` should not be None when calling train method. "
      "Please provide `train_dataloader`, `train_cfg`, `optimizer` and "
      "`param_scheduler` arguments when initializing runner.");
  train_loop();
  optim_wrapper();
  param_schedulers();
  if (m.val_loop.configured()) {
    val_loop();
  }
  call_hook(&hooks::Hook::before_run);
  m.model->init_weights();
  load_or_resume();
  auto& loop = train_loop();
  optim_wrapper().initialize_count_status(
      *m.model, loop.iter(), loop.max_iters());
  {
    SignalGuard signals(m.save_on_signal);
    loop.run();
  }
  call_hook(&hooks::Hook::after_run);
  return *m.model;
}

Value Runner::val() {
  Impl& m = *impl_;
  MMENGINE_CHECK(
      m.val_loop.configured(),
      "`self._val_loop` should not be None when calling val method.Please "
      "provide `val_dataloader`, `val_cfg` and `val_evaluator` arguments "
      "when initializing runner.");
  BaseLoop& loop = val_loop();
  call_hook(&hooks::Hook::before_run);
  load_or_resume();
  Value metrics = loop.run();
  call_hook(&hooks::Hook::after_run);
  return metrics;
}

Value Runner::test() {
  Impl& m = *impl_;
  MMENGINE_CHECK(
      m.test_loop.configured(),
      "`self._test_loop` should not be None when calling test method.Please "
      "provide `test_dataloader`, `test_cfg` and `test_evaluator` arguments "
      "when initializing runner.");
  BaseLoop& loop = test_loop();
  call_hook(&hooks::Hook::before_run);
  load_or_resume();
  Value metrics = loop.run();
  call_hook(&hooks::Hook::after_run);
  return metrics;
}

std::int64_t Runner::epoch() const {
  const BaseLoop* loop = train_loop_if_built();
  return loop != nullptr ? loop->epoch() : 0;
}
std::int64_t Runner::iter() const {
  const BaseLoop* loop = train_loop_if_built();
  return loop != nullptr ? loop->iter() : 0;
}
std::int64_t Runner::max_epochs() const {
  const BaseLoop* loop = train_loop_if_built();
  return loop != nullptr ? loop->max_epochs() : 0;
}
std::int64_t Runner::max_iters() const {
  const BaseLoop* loop = train_loop_if_built();
  return loop != nullptr ? loop->max_iters() : 0;
}

model::BaseModel& Runner::model() const {
  return *impl_->model;
}
const config::Config& Runner::cfg() const {
  return impl_->cfg;
}
const std::string& Runner::work_dir() const {
  return impl_->work_dir;
}
const std::string& Runner::log_dir() const {
  return impl_->log_dir;
}
const std::string& Runner::timestamp() const {
  return impl_->timestamp;
}
const std::string& Runner::experiment_name() const {
  return impl_->experiment_name;
}
std::int64_t Runner::seed() const {
  return impl_->seed;
}
bool Runner::deterministic() const {
  return impl_->deterministic;
}
int Runner::rank() const {
  return impl_->rank;
}
int Runner::world_size() const {
  return impl_->world_size;
}
logging::MessageHub& Runner::message_hub() const {
  return *impl_->message_hub;
}
logging::MMLogger& Runner::logger() const {
  return *impl_->logger;
}
visualization::Visualizer& Runner::visualizer() const {
  return *impl_->visualizer;
}
LogProcessor& Runner::log_processor() const {
  return *impl_->log_processor;
}
const std::vector<std::shared_ptr<hooks::Hook>>& Runner::hooks_list() const {
  return impl_->hooks;
}
BaseLoop* Runner::train_loop_if_built() const {
  return impl_->train_loop.object.get();
}
BaseLoop* Runner::val_loop_if_built() const {
  return impl_->val_loop.object.get();
}
bool Runner::has_train_loop() const {
  return impl_->train_loop.configured();
}
bool Runner::has_val_loop() const {
  return impl_->val_loop.configured();
}
bool Runner::has_test_loop() const {
  return impl_->test_loop.configured();
}
bool Runner::has_optim_wrapper() const {
  return impl_->optim_wrapper.configured();
}

}  // namespace mmengine::runner
