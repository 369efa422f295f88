#include <filesystem>
#include <iostream>

#include "mmengine/config/config.h"
#include "mmengine/config/dict_action.h"
#include "mmengine/config/json_io.h"
#include "mmengine/logging/logger.h"
#include "mmengine/runner/loops.h"
#include "mmengine/runner/register_all_modules.h"
#include "mmengine/runner/runner.h"
#include "mmengine/utils/error.h"
#include "tools/commands.h"

namespace mmengine::tools {

namespace {

struct RunArgs {
  std::string config;
  std::string work_dir;
  std::string checkpoint;
  std::string resume;
  std::vector<std::string> cfg_options;
  bool amp = false;
  bool auto_scale_lr = false;
  bool test = false;
};

// OpenMMLab's tools/train.py --amp: AmpOptimWrapper with dynamic scaling.
void enable_amp(config::Config& cfg) {
  MMENGINE_CHECK_KEY(
      cfg.contains("optim_wrapper") && cfg["optim_wrapper"].is_dict(),
      "--amp needs an `optim_wrapper` dict in the config");
  config::Value& wrapper = cfg.dict()["optim_wrapper"];
  const std::string type = wrapper.get<std::string>("type", "OptimWrapper");
  if (type == "AmpOptimWrapper") {
    logging::print_log(
        "AMP training is already enabled in your config.",
        "current",
        logging::kWarning);
    return;
  }
  MMENGINE_CHECK(
      type == "OptimWrapper",
      "`--amp` is only supported when the optimizer wrapper type is "
      "`OptimWrapper` but got ",
      type,
      ".");
  wrapper["type"] = "AmpOptimWrapper";
  wrapper["loss_scale"] = "dynamic";
}

// tools/train.py --auto-scale-lr.
void enable_auto_scale_lr(config::Config& cfg) {
  const bool ok = cfg.contains("auto_scale_lr") &&
                  cfg["auto_scale_lr"].is_dict() &&
                  cfg["auto_scale_lr"].contains("enable") &&
                  cfg["auto_scale_lr"].contains("base_batch_size");
  MMENGINE_CHECK(
      ok,
      "Can not find \"auto_scale_lr\" or \"auto_scale_lr.enable\" or "
      "\"auto_scale_lr.base_batch_size\" in your configuration file.");
  cfg.dict()["auto_scale_lr"]["enable"] = true;
}

// OpenMMLab's tools/train.py rules: --cfg-options, then the work dir from
// the CLI, else the config's, else work_dirs/<config name>.
config::Config load_config(const RunArgs& args) {
  runner::register_all_modules();
  auto cfg = config::Config::fromfile(args.config);
  cfg.dict()["launcher"] = "none";
  if (!args.cfg_options.empty()) {
    cfg.merge_from_dict(config::parse_options(args.cfg_options));
  }
  if (!args.work_dir.empty()) {
    cfg.dict()["work_dir"] = args.work_dir;
  } else if (!cfg.contains("work_dir") || cfg["work_dir"].is_none()) {
    cfg.dict()["work_dir"] = (std::filesystem::path("./work_dirs") /
                              std::filesystem::path(args.config).stem())
                                 .string();
  }
  return cfg;
}

void add_common_options(CLI::App* cmd, RunArgs& args) {
  cmd->add_option("config", args.config, "config file (.py/.json/.yaml)")
      ->required();
  cmd->add_option(
      "--work-dir", args.work_dir, "the dir to save logs and models");
  cmd->add_option(
      "--cfg-options",
      args.cfg_options,
      "override settings, KEY=VALUE (MMEngine's DictAction grammar)");
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  auto* cmd = app.add_subcommand("train", "Train a model from a config");
  add_common_options(cmd, *args);
  cmd->add_flag(
      "--amp", args->amp, "enable automatic-mixed-precision training");
  cmd->add_flag(
      "--auto-scale-lr",
      args->auto_scale_lr,
      "scale the learning rate by the batch size (auto_scale_lr)");
  auto* resume = cmd->add_option(
      "--resume",
      args->resume,
      "resume from PATH; without PATH, from <work_dir>/last_checkpoint");
  resume->expected(0, 1);
  cmd->add_flag(
      "--test",
      args->test,
      "then evaluate the trained model on test_dataloader");
  cmd->callback([args, resume] {
    config::Config cfg = load_config(*args);
    // tools/train.py: `--resume` alone is 'auto' (load_from=None).
    if (resume->count() > 0) {
      const bool automatic = args->resume.empty() || args->resume == "auto";
      cfg.dict()["resume"] = true;
      cfg.dict()["load_from"] =
          automatic ? config::Value() : config::Value(args->resume);
    }
    if (args->amp) {
      enable_amp(cfg);
    }
    if (args->auto_scale_lr) {
      enable_auto_scale_lr(cfg);
    }
    auto runner = runner::Runner::from_cfg(cfg);
    runner->train();
    const auto* loop = dynamic_cast<const runner::TrainLoopBase*>(
        runner->train_loop_if_built());
    if (loop != nullptr && loop->preempted()) {
      std::cout << "Training stopped by a signal; the checkpoint is in "
                << runner->work_dir() << " (resume with --resume)\n";
      return;
    }
    if (args->test) {
      config::Value metrics = runner->test();
      std::cout << config::dump_json(metrics) << "\n";
    }
    std::cout << "Logs, scalars.json and the config: " << runner->log_dir()
              << "\nCheckpoints go to the work dir: " << runner->work_dir()
              << "\n";
  });
}

void add_test_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  auto* cmd = app.add_subcommand(
      "test", "Test a model from a config (and a checkpoint)");
  add_common_options(cmd, *args);
  cmd->add_option("--checkpoint", args->checkpoint, "checkpoint file");
  cmd->callback([args] {
    config::Config cfg = load_config(*args);
    if (!args->checkpoint.empty()) {
      cfg.dict()["load_from"] = args->checkpoint;
    }
    auto runner = runner::Runner::from_cfg(cfg);
    config::Value metrics = runner->test();
    std::cout << config::dump_json(metrics) << "\n";
  });
}

}  // namespace mmengine::tools
