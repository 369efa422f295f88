// `mmengine vis-scheduler`: the value of lr (or momentum) at every training
// iteration the real Runner would use, like OpenMMLab's vis_scheduler tools.
#include <ATen/ATen.h>

#include <algorithm>
#include <iostream>

#include <fmt/format.h>

#include "mmengine/config/config.h"
#include "mmengine/config/dict_action.h"
#include "mmengine/config/json_io.h"
#include "mmengine/optim/optimizer/builder.h"
#include "mmengine/optim/optimizer/optimizer.h"
#include "mmengine/optim/scheduler/builder.h"
#include "mmengine/optim/scheduler/schedule_simulation.h"
#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"
#include "tools/commands.h"

namespace mmengine::tools {

namespace {

using config::Value;

struct VisSchedulerArgs {
  std::string config;
  std::vector<std::string> cfg_options;
  std::int64_t dataset_size = 0;
  std::int64_t epoch_length = 0;
  std::int64_t ngpus = 1;
  std::string param = "lr";
  std::string out;
};

std::int64_t ceil_div(std::int64_t a, std::int64_t b) {
  return (a + b - 1) / b;
}

// len(train_dataloader) on one of `ngpus` ranks with DefaultSampler.
std::int64_t epoch_length_of(const VisSchedulerArgs& a, const Value& cfg) {
  if (a.epoch_length > 0) {
    return a.epoch_length;
  }
  MMENGINE_CHECK(
      a.dataset_size > 0,
      "vis-scheduler: give --dataset-size N or --epoch-length N");
  const Value* loader = cfg.find("train_dataloader");
  MMENGINE_CHECK_KEY(
      loader != nullptr && loader->is_dict(),
      "vis-scheduler: --dataset-size needs train_dataloader.batch_size");
  const auto batch = (*loader)["batch_size"].as<std::int64_t>();
  const std::int64_t per_rank = ceil_div(a.dataset_size, a.ngpus);
  return loader->get<bool>("drop_last", false) ? per_rank / batch
                                               : ceil_div(per_rank, batch);
}

std::shared_ptr<optim::Optimizer> build_optimizer(const Value& cfg) {
  optim::register_optimizers();
  const Value* wrapper = cfg.find("optim_wrapper");
  MMENGINE_CHECK_KEY(
      wrapper != nullptr && wrapper->contains("optimizer"),
      "vis-scheduler: the config has no optim_wrapper.optimizer");
  std::vector<optim::ParamGroup> groups(1);
  groups[0].params.push_back(at::zeros({1}).requires_grad_(true));
  registry::RuntimeArgs runtime;
  runtime.set("params", groups);
  registry::BuildOptions options;
  options.runtime = &runtime;
  options.path = "optim_wrapper.optimizer";
  return registry::OPTIMIZERS.build((*wrapper)["optimizer"], options);
}

// Runner.scale_lr: lr *= ngpus * batch_size / base_batch_size when enabled.
void scale_lr(const Value& cfg, optim::Optimizer& opt, std::int64_t ngpus) {
  const Value* auto_scale = cfg.find("auto_scale_lr");
  if (auto_scale == nullptr || !auto_scale->is_dict() ||
      !auto_scale->get<bool>("enable", false)) {
    return;
  }
  const auto base = (*auto_scale)["base_batch_size"].as<double>();
  const auto batch = cfg["train_dataloader"]["batch_size"].as<double>();
  for (optim::ParamGroup& group : opt.param_groups()) {
    group.set(
        "lr", group.get("lr") * static_cast<double>(ngpus) * batch / base);
  }
}

void run(const VisSchedulerArgs& a) {
  auto config = config::Config::fromfile(a.config);
  if (!a.cfg_options.empty()) {
    config.merge_from_dict(config::parse_options(a.cfg_options));
  }
  const Value& cfg = config.dict();
  const Value* train_cfg_ptr = cfg.find("train_cfg");
  MMENGINE_CHECK_KEY(
      train_cfg_ptr != nullptr && train_cfg_ptr->is_dict(),
      "vis-scheduler: the config has no train_cfg dict");
  const Value& train_cfg = *train_cfg_ptr;
  const std::string type = train_cfg.get<std::string>("type", "");
  const bool by_epoch = type.empty()
                            ? train_cfg.get<bool>("by_epoch", true)
                            : type.find("IterBased") == std::string::npos;
  optim::ScheduleRun run;
  run.by_epoch = by_epoch;
  run.epoch_length = epoch_length_of(a, cfg);
  MMENGINE_CHECK(run.epoch_length > 0, "vis-scheduler: epoch length is 0");
  if (by_epoch) {
    run.max_epochs = train_cfg["max_epochs"].as<std::int64_t>();
    run.max_iters = run.max_epochs * run.epoch_length;
  } else {
    run.max_iters = train_cfg["max_iters"].as<std::int64_t>();
    run.max_epochs = ceil_div(run.max_iters, run.epoch_length);
  }
  auto optimizer = build_optimizer(cfg);
  scale_lr(cfg, *optimizer, a.ngpus);
  const Value* schedule = cfg.find("param_scheduler");
  auto schedulers = optim::build_param_schedulers(
      schedule == nullptr || schedule->is_none() ? Value::list() : *schedule,
      optimizer,
      run.epoch_length,
      optim::TrainLength{run.max_epochs, run.max_iters});
  auto values =
      optim::simulate_param_schedule(schedulers, *optimizer, a.param, run);

  std::vector<Value> series;
  for (const auto& v : values) {
    series.emplace_back(v.at(0));
  }
  std::cout << fmt::format(
      "{} iterations ({} epochs x {} iterations), {} schedulers; {} per "
      "iteration:\n",
      values.size(),
      run.max_epochs,
      run.epoch_length,
      schedulers.size(),
      a.param);
  std::cout << fmt::format("{:>10} {:>8} {:>14}\n", "iter", "epoch", a.param);
  const std::size_t n = values.size();
  const std::size_t stride = std::max<std::size_t>(1, n / 10);
  for (std::size_t i = 0; i < n; i += stride) {
    std::cout << fmt::format(
        "{:>10} {:>8} {:>14.6e}\n",
        i,
        static_cast<std::int64_t>(i) / run.epoch_length,
        values[i][0]);
  }
  if (n > 0 && (n - 1) % stride != 0) {
    std::cout << fmt::format(
        "{:>10} {:>8} {:>14.6e}\n",
        n - 1,
        static_cast<std::int64_t>(n - 1) / run.epoch_length,
        values[n - 1][0]);
  }
  if (!a.out.empty()) {
    Value doc = Value::dict(
        {{"param", a.param},
         {"by_epoch", by_epoch},
         {"epoch_length", run.epoch_length},
         {"max_epochs", run.max_epochs},
         {"max_iters", run.max_iters},
         {"values", Value::list(std::move(series))}});
    config::dump_json_file(doc, a.out, {.indent = 2});
    std::cout << "saved " << a.out << "\n";
  }
}

}  // namespace

void add_vis_scheduler_command(CLI::App& app) {
  auto args = std::make_shared<VisSchedulerArgs>();
  auto* cmd = app.add_subcommand(
      "vis-scheduler",
      "Print the learning rate (or momentum) of every training iteration as "
      "the Runner's ParamSchedulerHook would set it");
  cmd->add_option("config", args->config, "config file (.py/.json/.yaml)")
      ->required();
  cmd->add_option(
      "--cfg-options", args->cfg_options, "override settings, KEY=VALUE");
  auto* size = cmd->add_option(
      "--dataset-size",
      args->dataset_size,
      "training samples (epoch length = ceil(ceil(N / ngpus) / batch_size))");
  auto* length = cmd->add_option(
      "--epoch-length", args->epoch_length, "iterations per epoch");
  size->excludes(length);
  cmd->add_option("--ngpus", args->ngpus, "number of GPUs (ranks)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--param", args->param, "lr or momentum")
      ->check(CLI::IsMember({"lr", "momentum"}));
  cmd->add_option("--out", args->out, "write {values: [...]} JSON here");
  cmd->callback([args] { run(*args); });
}

}  // namespace mmengine::tools
