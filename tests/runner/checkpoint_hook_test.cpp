// Runner checkpoints and CheckpointHook on the toy job: resume is exact at
// an epoch boundary, auto-resume without a checkpoint starts fresh, the
// saved layout, and bad options fail with MMEngine's messages.
#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include <filesystem>
#include <fstream>

#include "mmengine/config/config.h"
#include "mmengine/registry/root.h"
#include "mmengine/runner/checkpoint.h"
#include "mmengine/runner/checkpoint/pickle_writer.h"
#include "mmengine/runner/checkpoint/torch_file.h"
#include "mmengine/runner/runner.h"
#include "mmengine/utils/error.h"
#include "tests/runner/toy_job.h"
#include "tests/support/temp_dir.h"

namespace mmengine::testing {
namespace {

namespace fs = std::filesystem;
using config::Value;
using structures::Tree;

// Experiment names unique within the process: the visualizer is a named
// instance, and tests run one after another in one process too.
std::string unique(const std::string& name) {
  static int runs = 0;
  return name + "_" + std::to_string(++runs);
}

config::Config ckpt_toy(const fs::path& work_dir, const std::string& name) {
  register_toy_job();
  auto cfg = config::Config::fromfile(toy_config("toy_ckpt_epoch.py"));
  cfg.dict()["work_dir"] = work_dir.string();
  cfg.dict()["experiment_name"] = unique(name);
  cfg.dict()["custom_hooks"] = Value::list();
  return cfg;
}

std::vector<at::Tensor> train_weights(config::Config cfg) {
  runner::Runner runner(std::move(cfg));
  runner.train();
  std::vector<at::Tensor> out;
  for (const auto& p : runner.model().parameters()) {
    out.push_back(p.detach().clone());
  }
  return out;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The schedule depends on max_epochs (the schedulers' default `end`), so
// the interrupted run is the full run's own epoch_2/epoch_4 checkpoint.
TEST(RunnerResumeTest, ResumeAtEpochBoundaryIsBitIdentical) {
  TempDir tmp;
  auto full_cfg = ckpt_toy(tmp.path() / "full", "full");
  full_cfg.dict()["default_hooks"]["checkpoint"]["max_keep_ckpts"] = -1;
  const auto full = train_weights(full_cfg);
  EXPECT_EQ(
      read_file(tmp.path() / "full" / "last_checkpoint"),
      (tmp.path() / "full" / "epoch_5.pth").string());
  auto explicit_cfg = ckpt_toy(tmp.path() / "from2", "from2");
  explicit_cfg.dict()["resume"] = true;
  explicit_cfg.dict()["load_from"] =
      (tmp.path() / "full" / "epoch_2.pth").string();
  // Auto resume: last_checkpoint names epoch_4 of the full run.
  auto auto_cfg = ckpt_toy(tmp.path() / "from4", "from4");
  auto_cfg.dict()["resume"] = true;
  runner::write_text_atomically(
      (tmp.path() / "from4" / "last_checkpoint").string(),
      (tmp.path() / "full" / "epoch_4.pth").string());
  for (auto* cfg : {&explicit_cfg, &auto_cfg}) {
    const auto resumed = train_weights(*cfg);
    ASSERT_EQ(full.size(), resumed.size());
    for (std::size_t i = 0; i < full.size(); ++i) {
      EXPECT_TRUE(at::equal(full[i], resumed[i])) << i;
    }
  }
}

// Iteration-based: the loop skips the iterations already trained (as
// MMEngine's "Advance dataloader" does), so resuming is exact here too.
TEST(RunnerResumeTest, IterBasedResumeIsBitIdentical) {
  TempDir tmp;
  register_toy_job();
  auto make = [&](const std::string& name) {
    auto cfg = config::Config::fromfile(toy_config("toy_ckpt_iter.py"));
    cfg.dict()["work_dir"] = (tmp.path() / name).string();
    cfg.dict()["experiment_name"] = unique(name);
    cfg.dict()["custom_hooks"] = Value::list();
    cfg.dict()["default_hooks"]["checkpoint"]["max_keep_ckpts"] = -1;
    return cfg;
  };
  const auto full = train_weights(make("full"));
  auto cfg = make("from6");
  cfg.dict()["resume"] = true;
  cfg.dict()["load_from"] = (tmp.path() / "full" / "iter_6.pth").string();
  const auto resumed = train_weights(cfg);
  ASSERT_EQ(full.size(), resumed.size());
  for (std::size_t i = 0; i < full.size(); ++i) {
    EXPECT_TRUE(at::equal(full[i], resumed[i])) << i;
  }
}

TEST(RunnerResumeTest, AutoResumeWithoutCheckpointStartsFresh) {
  TempDir tmp;
  auto cfg = ckpt_toy(tmp.path() / "w", "fresh");
  cfg.dict()["resume"] = true;
  cfg.dict()["train_cfg"]["max_epochs"] = 1;
  runner::Runner runner(std::move(cfg));
  ::testing::internal::CaptureStdout();
  runner.train();
  const std::string out = ::testing::internal::GetCapturedStdout();
  // MMEngine prints this one (print_log without a logger).
  EXPECT_NE(
      out.find("Did not find last_checkpoint to be resumed."),
      std::string::npos);
  const std::string log =
      read_file(fs::path(runner.log_dir()) / (runner.timestamp() + ".log"));
  EXPECT_NE(
      log.find("Auto resumed from the latest checkpoint None."),
      std::string::npos);
  EXPECT_EQ(log.find("resumed epoch"), std::string::npos);
  EXPECT_EQ(runner.epoch(), 1);
}

TEST(RunnerResumeTest, SaveCheckpointLayoutAndMeta) {
  TempDir tmp;
  auto cfg = ckpt_toy(tmp.path() / "w", "layout");
  cfg.dict()["train_cfg"]["max_epochs"] = 1;
  runner::Runner runner(std::move(cfg));
  runner.train();
  runner.save_checkpoint(
      runner.work_dir(), "by_iter.pth", Value(), false, false, Value(), false);
  const Tree ckpt = runner::load_checkpoint_file(
      (fs::path(runner.work_dir()) / "by_iter.pth").string());
  std::vector<std::string> keys;
  for (const auto& [k, v] : ckpt.items()) {
    keys.push_back(k.to_string());
  }
  EXPECT_EQ(
      keys,
      (std::vector<std::string>{
          "meta", "state_dict", "message_hub", "resume_state"}));
  const Tree meta = ckpt["meta"];
  EXPECT_EQ(meta["epoch"].as<std::int64_t>(), 1);  // by_epoch=False
  EXPECT_EQ(meta["iter"].as<std::int64_t>(), 4);   // iter + 1
  EXPECT_EQ(meta["seed"].as<std::int64_t>(), 42);
  EXPECT_EQ(
      meta["experiment_name"].as<std::string>(), runner.experiment_name());
  EXPECT_TRUE(runner.experiment_name().starts_with("layout_"));
  EXPECT_TRUE(runner.experiment_name().ends_with("_" + runner.timestamp()));
  EXPECT_EQ(meta["cfg"].as<std::string>(), runner.cfg().pretty_text());
  const Tree buffer = ckpt["message_hub"]["log_scalars"]["train/loss"];
  EXPECT_EQ(
      buffer["__class__"].as<std::string>(),
      "mmengine.logging.history_buffer.HistoryBuffer");
  EXPECT_TRUE(buffer["_log_history"].is_tensor());
  EXPECT_THROW(
      runner.save_checkpoint(
          runner.work_dir(), "x.pth", Value(), true, true, Value::list()),
      TypeError);
}

TEST(RunnerResumeTest, RecordsRoundTripAsNumpyArrays) {
  Tree record = Tree::dict(
      {{"__class__", Tree("mmengine.logging.history_buffer.HistoryBuffer")},
       {"max_length", Tree(5)},
       {"_log_history", Tree(at::tensor({0.5, 0.25}, at::kDouble))},
       {"_count_history", Tree(at::tensor({1, 2}, at::kLong))}});
  TempDir tmp;
  const std::string path = (tmp.path() / "r.pth").string();
  runner::save_checkpoint(Tree::dict({{"hub", record}}), path);
  const Tree back = runner::load_checkpoint_file(path)["hub"];
  EXPECT_EQ(
      back["__class__"].as<std::string>(),
      record["__class__"].as<std::string>());
  EXPECT_EQ(back["max_length"].as<int>(), 5);
  EXPECT_TRUE(at::equal(
      back["_log_history"].tensor(), record["_log_history"].tensor()));
  EXPECT_TRUE(at::equal(
      back["_count_history"].tensor(), record["_count_history"].tensor()));
}

template <typename E>
std::string build_error(const Value& hook) {
  register_toy_job();
  try {
    registry::HOOKS.build(hook);
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for " << hook.repr();
  return {};
}

Value hook_cfg(std::initializer_list<Value::Item> items) {
  Value cfg = Value::dict(items);
  cfg.set("type", "CheckpointHook");
  return cfg;
}

TEST(CheckpointHookTest, RejectsBadOptions) {
  EXPECT_NE(
      build_error<ValueError>(
          hook_cfg({{"backend_args", Value::dict({{"backend", "petrel"}})}}))
          .find("only local storage is supported"),
      std::string::npos);
  EXPECT_NE(
      build_error<ValueError>(hook_cfg(
                                  {{"backend_args", Value::dict()},
                                   {"file_client_args", Value::dict()}}))
          .find("cannot be set at the same time"),
      std::string::npos);
  EXPECT_NE(
      build_error<KeyError>(
          hook_cfg({{"save_best", "acc"}, {"rule", "bigger"}}))
          .find("rule must be greater, less or None, but got bigger."),
      std::string::npos);
  EXPECT_NE(
      build_error<ValueError>(hook_cfg({{"save_best", "mse"}}))
          .find("Cannot infer the rule for key mse, thus a specific rule "
                "must be specified."),
      std::string::npos);
  EXPECT_NE(
      build_error<ValueError>(
          hook_cfg({{"save_best", Value::list({"auto", "acc"})}}))
          .find("Only support one \"auto\" in \"save_best\" list."),
      std::string::npos);
  EXPECT_NE(
      build_error<ValueError>(hook_cfg({{"save_begin", -1}}))
          .find("save_begin should not be less than 0"),
      std::string::npos);
  EXPECT_NE(
      build_error<ValueError>(
          hook_cfg({{"published_keys", Value::list({"meta", "meta"})}}))
          .find("Find duplicate elements in \"published_keys\"."),
      std::string::npos);
  EXPECT_NE(
      build_error<Error>(hook_cfg({{"intervals", 2}})).find("intervals"),
      std::string::npos);
}

TEST(CheckpointHookTest, SaveBestKeyMissingFromMetricsIsKeyError) {
  TempDir tmp;
  auto cfg = ckpt_toy(tmp.path() / "w", "missing");
  cfg.dict()["default_hooks"]["checkpoint"]["save_best"] = "acc";
  cfg.dict()["default_hooks"]["checkpoint"]["rule"] = Value();
  runner::Runner runner(std::move(cfg));
  try {
    runner.train();
    ADD_FAILURE() << "no error";
  } catch (const KeyError& e) {
    EXPECT_NE(std::string(e.what()).find("'acc'"), std::string::npos);
  }
}

TEST(CheckpointHookTest, PublishedKeysWriteAHashedCopy) {
  TempDir tmp;
  auto cfg = ckpt_toy(tmp.path() / "w", "publish");
  cfg.dict()["train_cfg"]["max_epochs"] = 1;
  cfg.dict()["default_hooks"]["checkpoint"] = Value::dict(
      {{"type", "CheckpointHook"},
       {"interval", 1},
       {"published_keys", Value::list({"meta", "state_dict"})}});
  runner::Runner runner(std::move(cfg));
  runner.train();
  std::vector<std::string> published;
  for (const auto& e : fs::directory_iterator(runner.work_dir())) {
    const std::string name = e.path().filename().string();
    if (name.starts_with("epoch_1-")) {
      published.push_back(e.path().string());
    }
  }
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(
      fs::path(published[0]).filename().string().size(),
      std::string("epoch_1-12345678.pth").size());
  const Tree ckpt = runner::load_checkpoint_file(published[0]);
  EXPECT_EQ(ckpt.size(), 2u);
  EXPECT_TRUE(ckpt.contains("meta") && ckpt.contains("state_dict"));
}

}  // namespace
}  // namespace mmengine::testing
