// The toy job run by our Runner and by the real MMEngine Runner: the hook
// calls, the hook table, the train/val/test log lines (timings masked),
// scalars.json and the test metrics must be the same.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "mmengine/config/config.h"
#include "mmengine/runner/runner.h"
#include "tests/runner/toy_job.h"
#include "tests/support/fidelity.h"
#include "tests/support/temp_dir.h"

namespace mmengine::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct JobRun {
  json calls;
  std::string hooks_info;
  std::vector<std::string> log_lines;
  json scalars = json::array();
  json test_metrics;
};

std::vector<std::string> read_lines(const fs::path& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

JobRun run_ours(
    const std::string& config,
    const fs::path& work_dir,
    const std::string& mode) {
  register_toy_job();
  recorded_calls() = json::array();
  auto cfg = config::Config::fromfile(config);
  cfg.dict()["work_dir"] = work_dir.string();
  if (mode != "train") {
    // Two runners of one process in the same second would share the
    // named logger/visualizer instances; Python runs one per process.
    cfg.dict()["experiment_name"] = mode;
  }
  JobRun run;
  {
    auto runner = runner::Runner::from_cfg(cfg);
    run.hooks_info = runner->get_hooks_info();
    if (mode == "train") {
      runner->train();
    } else if (mode == "val") {
      runner->val();
    } else {
      runner->test();
    }
    const fs::path log_dir = runner->log_dir();
    run.log_lines = read_lines(log_dir / (runner->timestamp() + ".log"));
    for (const std::string& line :
         read_lines(log_dir / "vis_data" / "scalars.json")) {
      run.scalars.push_back(json::parse(line));
    }
    const fs::path test_json = log_dir / (runner->timestamp() + ".json");
    if (fs::exists(test_json)) {
      std::ifstream in(test_json);
      run.test_metrics = json::parse(in);
    }
  }
  run.calls = recorded_calls();
  return run;
}

JobRun run_reference_job(
    const std::string& config,
    const fs::path& work_dir,
    const std::string& mode) {
  json ref = run_reference("runner_toy.py", {config, work_dir.string(), mode});
  JobRun run;
  run.calls = ref["calls"];
  run.hooks_info = ref["hooks_info"];
  run.log_lines = ref["log_lines"].get<std::vector<std::string>>();
  run.scalars = ref["scalars"];
  run.test_metrics = ref["test_metrics"];
  return run;
}

// Train/val/test lines with the date and the timing values masked.
std::vector<std::string> loop_lines(const std::vector<std::string>& lines) {
  static const std::regex loop(
      R"((Epoch|Iter)\((train|val|test)\)|Exp name: )");
  static const std::regex prefix(R"(^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d - )");
  static const std::regex timing(
      R"((eta: )\S+|((?:data_)?time: )[0-9.]+|(memory: )\d+)");
  static const std::regex stamp(R"(_\d{8}_\d{6})");
  std::vector<std::string> out;
  for (const std::string& line : lines) {
    if (!std::regex_search(line, loop)) {
      continue;
    }
    std::string masked = std::regex_replace(line, prefix, "");
    masked = std::regex_replace(masked, timing, "$1$2$3#");
    masked = std::regex_replace(masked, stamp, "_TS");
    out.push_back(masked);
  }
  return out;
}

// scalars.json entries with their keys and steps; timing values dropped,
// the others rounded to 4 significant digits.
json scalar_shape(const json& scalars) {
  json out = json::array();
  for (const json& entry : scalars) {
    json e = json::object();
    for (const auto& [k, v] : entry.items()) {
      if (k == "time" || k == "data_time") {
        e[k] = "#";
      } else if (v.is_number_float()) {
        e[k] = fmt::format("{:.4g}", v.get<double>());
      } else {
        e[k] = v;
      }
    }
    out.push_back(e);
  }
  return out;
}

void expect_same(const JobRun& ours, const JobRun& ref) {
  EXPECT_EQ(ours.hooks_info, ref.hooks_info);
  EXPECT_EQ(ours.calls.dump(1), ref.calls.dump(1));
  auto ours_lines = loop_lines(ours.log_lines);
  auto ref_lines = loop_lines(ref.log_lines);
  EXPECT_FALSE(ref_lines.empty());
  EXPECT_EQ(
      fmt::format("{}", fmt::join(ours_lines, "\n")),
      fmt::format("{}", fmt::join(ref_lines, "\n")));
  EXPECT_EQ(
      scalar_shape(ours.scalars).dump(1), scalar_shape(ref.scalars).dump(1));
}

TEST(RunnerFidelityTest, EpochBasedTrainMatchesMMEngine) {
  MMENGINE_REQUIRE_REFERENCE();
  TempDir tmp;
  const std::string config = toy_config("toy_epoch.py");
  JobRun ours = run_ours(config, tmp.path() / "ours", "train");
  JobRun ref = run_reference_job(config, tmp.path() / "ref", "train");
  expect_same(ours, ref);
}

TEST(RunnerFidelityTest, IterBasedTrainMatchesMMEngine) {
  MMENGINE_REQUIRE_REFERENCE();
  TempDir tmp;
  const std::string config = toy_config("toy_iter.py");
  JobRun ours = run_ours(config, tmp.path() / "ours", "train");
  JobRun ref = run_reference_job(config, tmp.path() / "ref", "train");
  expect_same(ours, ref);
}

TEST(RunnerFidelityTest, TestAndValMatchMMEngine) {
  MMENGINE_REQUIRE_REFERENCE();
  TempDir tmp;
  const std::string config = toy_config("toy_epoch.py");
  for (const std::string mode : {"test", "val"}) {
    SCOPED_TRACE(mode);
    JobRun ours = run_ours(config, tmp.path() / ("ours_" + mode), mode);
    JobRun ref = run_reference_job(config, tmp.path() / ("ref_" + mode), mode);
    expect_same(ours, ref);
    if (mode == "test") {
      json a = ours.test_metrics;
      json b = ref.test_metrics;
      for (const char* timing : {"time", "data_time"}) {
        EXPECT_TRUE(a.contains(timing) && b.contains(timing));
        a.erase(timing);
        b.erase(timing);
      }
      EXPECT_EQ(a.dump(), b.dump());
    }
  }
}

}  // namespace
}  // namespace mmengine::testing
