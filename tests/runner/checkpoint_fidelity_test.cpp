// Checkpoints of the toy job in both engines: CheckpointHook leaves the same
// files, last_checkpoint, log lines and checkpoint layout; each engine
// resumes from the other's checkpoints to the same state.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "mmengine/config/config.h"
#include "mmengine/logging/message_hub.h"
#include "mmengine/optim/optimizer/optim_wrapper.h"
#include "mmengine/optim/scheduler/param_scheduler.h"
#include "mmengine/runner/checkpoint.h"
#include "mmengine/runner/runner.h"
#include "tests/runner/checkpoint_views.h"
#include "tests/runner/toy_job.h"
#include "tests/support/fidelity.h"
#include "tests/support/temp_dir.h"

namespace mmengine::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The CheckpointHook lines of a log, without the date prefix and with the
// work dir replaced by WORK_DIR.
std::vector<std::string> checkpoint_lines(
    const std::vector<std::string>& lines, const std::string& work_dir) {
  static const std::regex prefix(R"(^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d - )");
  static const std::regex wanted(
      R"(Saving checkpoint|best checkpoint|Checkpoints will be saved)");
  std::vector<std::string> out;
  for (const std::string& line : lines) {
    if (!std::regex_search(line, wanted)) {
      continue;
    }
    std::string masked = std::regex_replace(line, prefix, "");
    for (auto pos = masked.find(work_dir); pos != std::string::npos;
         pos = masked.find(work_dir)) {
      masked.replace(pos, work_dir.size(), "WORK_DIR");
    }
    out.push_back(masked);
  }
  return out;
}

void expect_same_checkpointing(const std::string& config_name) {
  TempDir tmp;
  const std::string config = toy_config(config_name);
  const json ours = train_and_describe(config, tmp.path() / "ours");
  const json ref = run_reference(
      "runner_ckpt.py", {"train", config, (tmp.path() / "ref").string()});
  EXPECT_EQ(ours["hooks_info"], ref["hooks_info"]);
  EXPECT_EQ(ours["files"].dump(), ref["files"].dump());
  EXPECT_FALSE(ref["checkpoints"].empty());
  EXPECT_EQ(ours["checkpoints"].dump(1), ref["checkpoints"].dump(1));
  const auto rel = [](const json& run) {
    const std::string last = run["last_checkpoint"];
    return fs::path(last)
        .lexically_relative(run["work_dir"].get<std::string>())
        .string();
  };
  EXPECT_EQ(rel(ours), rel(ref));
  const auto ours_lines = checkpoint_lines(
      ours["log_lines"].get<std::vector<std::string>>(), ours["work_dir"]);
  const auto ref_lines = checkpoint_lines(
      ref["log_lines"].get<std::vector<std::string>>(), ref["work_dir"]);
  EXPECT_FALSE(ref_lines.empty());
  EXPECT_EQ(
      fmt::format("{}", fmt::join(ours_lines, "\n")),
      fmt::format("{}", fmt::join(ref_lines, "\n")));
}

TEST(CheckpointHookFidelityTest, EpochBasedFilesLogsAndLayoutMatch) {
  MMENGINE_REQUIRE_REFERENCE();
  expect_same_checkpointing("toy_ckpt_epoch.py");
}

TEST(CheckpointHookFidelityTest, IterBasedTwoBestKeysMatch) {
  MMENGINE_REQUIRE_REFERENCE();
  expect_same_checkpointing("toy_ckpt_iter.py");
}

// Both engines resume from `checkpoint` and report the same state.
void expect_same_resume(const fs::path& tmp, const std::string& checkpoint) {
  const std::string config = toy_config("toy_ckpt_epoch.py");
  const json ours =
      resume_and_describe(config, tmp / "resume_ours", checkpoint);
  const json ref = run_reference(
      "runner_ckpt.py",
      {"resume", config, (tmp / "resume_ref").string(), checkpoint});
  EXPECT_EQ(ours["epoch"], ref["epoch"]);
  EXPECT_EQ(ours["iter"], ref["iter"]);
  EXPECT_EQ(ours["weights"].dump(), ref["weights"].dump());
  EXPECT_EQ(ours["lr"].dump(), ref["lr"].dump());
  EXPECT_EQ(ours["momentum"].dump(), ref["momentum"].dump());
  EXPECT_EQ(ours["schedulers"].dump(), ref["schedulers"].dump());
  EXPECT_EQ(ours["scalars"].dump(1), ref["scalars"].dump(1));
  EXPECT_EQ(ours["info"].dump(1), ref["info"].dump(1));
}

TEST(RunnerResumeFidelityTest, MMEngineResumesOurCheckpoint) {
  MMENGINE_REQUIRE_REFERENCE();
  TempDir tmp;
  train_and_describe(toy_config("toy_ckpt_epoch.py"), tmp.path() / "ours");
  expect_same_resume(
      tmp.path(), (tmp.path() / "ours" / "epoch_4.pth").string());
}

TEST(RunnerResumeFidelityTest, WeResumeMMEngineCheckpoint) {
  MMENGINE_REQUIRE_REFERENCE();
  TempDir tmp;
  run_reference(
      "runner_ckpt.py",
      {"train",
       toy_config("toy_ckpt_epoch.py"),
       (tmp.path() / "ref").string()});
  expect_same_resume(tmp.path(), (tmp.path() / "ref" / "epoch_4.pth").string());
}

}  // namespace
}  // namespace mmengine::testing
