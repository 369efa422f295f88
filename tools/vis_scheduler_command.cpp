// `mmengine vis-scheduler`: the value of lr (or momentum) at every training
// iteration the real Runner would use, like OpenMMLab's vis_scheduler tools.
#include <algorithm>
#include <iostream>

#include <fmt/format.h>

#include "mmengine/config/config.h"
#include "mmengine/config/dict_action.h"
#include "mmengine/config/json_io.h"
#include "mmengine/optim/scheduler/schedule_preview.h"
#include "tools/commands.h"

namespace mmengine::tools {

namespace {

using config::Value;

struct VisSchedulerArgs {
  std::string config;
  std::vector<std::string> cfg_options;
  optim::SchedulePreviewOptions preview;
  std::string out;
};

void print_row(std::size_t iter, std::int64_t epoch_length, double value) {
  std::cout << fmt::format(
      "{:>10} {:>8} {:>14.6e}\n",
      iter,
      static_cast<std::int64_t>(iter) / epoch_length,
      value);
}

void run(const VisSchedulerArgs& a) {
  auto config = config::Config::fromfile(a.config);
  if (!a.cfg_options.empty()) {
    config.merge_from_dict(config::parse_options(a.cfg_options));
  }
  const auto p = optim::preview_param_schedule(config.dict(), a.preview);
  const std::string& param = a.preview.param;
  std::cout << fmt::format(
      "{} iterations ({} epochs x {} iterations), {} schedulers; {} used by "
      "each iteration:\n",
      p.values.size(),
      p.max_epochs,
      p.epoch_length,
      p.num_schedulers,
      param);
  std::cout << fmt::format("{:>10} {:>8} {:>14}\n", "iter", "epoch", param);
  const std::size_t n = p.values.size();
  const std::size_t stride = std::max<std::size_t>(1, n / 10);
  for (std::size_t i = 0; i < n; i += stride) {
    print_row(i, p.epoch_length, p.values[i]);
  }
  if (n > 0 && (n - 1) % stride != 0) {
    print_row(n - 1, p.epoch_length, p.values[n - 1]);
  }
  if (a.out.empty()) {
    return;
  }
  std::vector<Value> series(p.values.begin(), p.values.end());
  Value doc = Value::dict(
      {{"param", param},
       {"by_epoch", p.by_epoch},
       {"epoch_length", p.epoch_length},
       {"max_epochs", p.max_epochs},
       {"max_iters", p.max_iters},
       {"values", Value::list(std::move(series))}});
  config::dump_json_file(doc, a.out, {.indent = 2});
  std::cout << "saved " << a.out << "\n";
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
      args->preview.dataset_size,
      "training samples (epoch length = ceil(ceil(N / ngpus) / batch_size))");
  auto* length = cmd->add_option(
      "--epoch-length", args->preview.epoch_length, "iterations per epoch");
  size->excludes(length);
  cmd->add_option("--ngpus", args->preview.ngpus, "number of GPUs (ranks)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--param", args->preview.param, "lr or momentum")
      ->check(CLI::IsMember({"lr", "momentum"}));
  cmd->add_option("--out", args->out, "write {values: [...]} JSON here");
  cmd->callback([args] { run(*args); });
}

}  // namespace mmengine::tools
