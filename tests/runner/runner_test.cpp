// Runner behaviour on the toy job: errors for bad configs, hook ordering,
// work-dir layout, the default job.
#include <gtest/gtest.h>

#include <filesystem>

#include "mmengine/config/config.h"
#include "mmengine/hooks/hook.h"
#include "mmengine/runner/loops.h"
#include "mmengine/runner/register_all_modules.h"
#include "mmengine/runner/runner.h"
#include "mmengine/utils/error.h"
#include "tests/runner/toy_job.h"
#include "tests/support/temp_dir.h"

namespace mmengine::testing {
namespace {

namespace fs = std::filesystem;
using config::Value;

config::Config toy(const TempDir& tmp, const std::string& experiment) {
  register_toy_job();
  auto cfg = config::Config::fromfile(toy_config("toy_epoch.py"));
  cfg.dict()["work_dir"] = (tmp.path() / experiment).string();
  cfg.dict()["experiment_name"] = experiment;
  return cfg;
}

template <typename E>
std::string error_of(config::Config cfg) {
  try {
    runner::Runner runner(std::move(cfg));
    runner.train();
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return {};
}

TEST(RunnerTest, UnknownHookTypeNamesTheEntry) {
  TempDir tmp;
  auto cfg = toy(tmp, "unknown_hook");
  cfg.dict()["custom_hooks"] =
      Value::list({Value::dict({{"type", "RecordHok"}})});
  const std::string msg = error_of<Error>(cfg);
  EXPECT_NE(msg.find("custom_hooks[0]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("RecordHook"), std::string::npos) << msg;  // suggestion
}

TEST(RunnerTest, BadPriorityIsAnError) {
  TempDir tmp;
  auto cfg = toy(tmp, "bad_priority");
  cfg.dict()["custom_hooks"] =
      Value::list({Value::dict({{"type", "RecordHook"}, {"priority", 101}})});
  EXPECT_NE(
      error_of<Error>(cfg).find("priority must be between 0 and 100"),
      std::string::npos);
  cfg.dict()["custom_hooks"] = Value::list(
      {Value::dict({{"type", "RecordHook"}, {"priority", "SOON"}})});
  EXPECT_NE(
      error_of<Error>(cfg).find("unknown priority 'SOON'"), std::string::npos);
}

TEST(RunnerTest, MissingDataloaderForALoop) {
  TempDir tmp;
  auto cfg = toy(tmp, "no_loader");
  cfg.dict().erase("train_dataloader");
  EXPECT_NE(
      error_of<ValueError>(cfg).find(
          "train_dataloader, train_cfg, and optim_wrapper should be either all "
          "None or not None"),
      std::string::npos);
  auto val = toy(tmp, "no_val_evaluator");
  val.dict().erase("val_evaluator");
  EXPECT_NE(
      error_of<ValueError>(val).find(
          "val_dataloader, val_cfg, and val_evaluator"),
      std::string::npos);
}

TEST(RunnerTest, ZeroValIntervalIsAnError) {
  TempDir tmp;
  auto cfg = toy(tmp, "zero_interval");
  cfg.dict()["train_cfg"]["val_interval"] = 0;
  EXPECT_NE(
      error_of<ValueError>(cfg).find(
          "val_interval should be a positive integer"),
      std::string::npos);
}

TEST(RunnerTest, TrainWithoutTrainCfgIsAnError) {
  TempDir tmp;
  auto cfg = toy(tmp, "no_train");
  for (const char* key :
       {"train_dataloader", "train_cfg", "optim_wrapper", "param_scheduler"}) {
    cfg.dict().erase(key);
  }
  EXPECT_NE(
      error_of<ValueError>(cfg).find("`self._train_loop` should not be None"),
      std::string::npos);
}

TEST(RunnerTest, DefaultHooksCanBeRemovedAndPrioritiesOrder) {
  TempDir tmp;
  auto cfg = toy(tmp, "hooks");
  cfg.dict()["default_hooks"]["timer"] = Value();
  cfg.dict()["custom_hooks"] = Value::list(
      {Value::dict({{"type", "RecordHook"}, {"priority", "HIGHEST"}}),
       Value::dict({{"type", "EmptyCacheHook"}, {"priority", 55}})});
  runner::Runner runner(cfg);
  std::vector<std::string> names;
  std::vector<int> priorities;
  for (const auto& hook : runner.hooks()) {
    names.push_back(hook->name());
    priorities.push_back(hook->priority());
  }
  EXPECT_EQ(
      names,
      (std::vector<std::string>{
          "RecordHook",
          "RuntimeInfoHook",
          "DistSamplerSeedHook",
          "EmptyCacheHook",
          "LoggerHook",
          "ParamSchedulerHook"}));
  EXPECT_TRUE(std::is_sorted(priorities.begin(), priorities.end()));
}

TEST(RunnerTest, WorkDirLayout) {
  TempDir tmp;
  auto cfg = toy(tmp, "layout");
  runner::Runner runner(cfg);
  runner.train();
  const fs::path log_dir = runner.log_dir();
  EXPECT_EQ(log_dir.parent_path(), fs::path(runner.work_dir()));
  EXPECT_TRUE(fs::exists(log_dir / (runner.timestamp() + ".log")));
  EXPECT_TRUE(fs::exists(log_dir / "vis_data" / "scalars.json"));
  EXPECT_TRUE(fs::exists(log_dir / "vis_data" / "config.py"));
  EXPECT_TRUE(fs::exists(fs::path(runner.work_dir()) / "toy_epoch.py"));
  EXPECT_EQ(runner.epoch(), 3);
  EXPECT_EQ(runner.iter(), 9);
  EXPECT_EQ(runner.seed(), 42);
  EXPECT_EQ(runner.experiment_name(), "layout_" + runner.timestamp());
}

TEST(RunnerTest, EarlyStoppingStopsTraining) {
  TempDir tmp;
  auto cfg = toy(tmp, "early_stop");
  cfg.dict()["train_cfg"] = Value::dict(
      {{"by_epoch", true}, {"max_epochs", 20}, {"val_interval", 1}});
  cfg.dict()["custom_hooks"] = Value::list({Value::dict(
      {{"type", "EarlyStoppingHook"},
       {"monitor", "mse"},
       {"rule", "less"},
       {"min_delta", 1.0},
       {"patience", 2}})});
  runner::Runner runner(cfg);
  runner.train();
  // Best after epoch 1; epochs 2 and 3 do not improve by 1.0: stop at 3.
  EXPECT_EQ(runner.epoch(), 3);
}

TEST(DigitsSlowTest, DefaultJobReachesItsAccuracy) {
  runner::register_all_modules();
  TempDir tmp;
  auto cfg = config::Config::fromfile(
      std::string(MMENGINE_TEST_SOURCE_DIR) +
      "/configs/digits/lenet_digits.py");
  cfg.dict()["work_dir"] = tmp.path().string();
  runner::Runner runner(cfg);
  runner.train();
  Value metrics = runner.test();
  EXPECT_GE(metrics["accuracy/top1"].as<double>(), 97.0) << metrics.repr();
}

}  // namespace
}  // namespace mmengine::testing
