// LogProcessor + MessageHub against the real MMEngine: the same updates go
// into both, and the lines and tags must be byte-identical.

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mmengine/config/json_io.h"
#include "mmengine/logging/message_hub.h"
#include "mmengine/runner/log_processor.h"
#include "mmengine/utils/error.h"
#include "tests/support/fidelity.h"
#include "tests/support/temp_dir.h"

namespace mmengine::runner {
namespace {

using nlohmann::json;

config::Value to_value(const json& j) {
  return config::parse_json(j.dump());
}

// A training run: every iteration updates the scalars the runner's hooks
// write, in their order; every `interval` iterations the line is logged.
json train_steps(int iters, int loader_len, int interval, bool with_eta) {
  json steps = json::array();
  for (int it = 0; it < iters; ++it) {
    const double x = it + 1;
    steps.push_back({"runner", "iter", it});
    steps.push_back({"runner", "epoch", it / loader_len});
    steps.push_back({"scalar", "train/lr", 0.01 * (1.0 - it / 100.0), 1});
    steps.push_back(
        {"scalar", "train/data_time", 0.001 * std::fmod(x * 7.3, 3.1), 1});
    steps.push_back({"scalar", "train/grad_norm", 3.0 + std::sin(x), 1});
    steps.push_back({"scalar", "train/loss", 2.0 / x + std::cos(x * 0.7), 1});
    steps.push_back({"scalar", "train/loss_aux", 0.3 * std::sin(x * 1.9), 1});
    steps.push_back({"scalar", "train/acc_like", 0.5, 1});
    steps.push_back({"scalar", "train/count", it * 3, 1});
    steps.push_back(
        {"scalar", "train/time", 0.01 + 0.002 * std::sin(x * 3.1), 1});
    if (with_eta) {
      steps.push_back({"info", "eta", (iters - it) * 37.77 + it * 1000.5});
    }
    if ((it + 1) % interval == 0 || (it + 1) % loader_len == 0) {
      steps.push_back({"iter", it % loader_len, "train"});
    }
  }
  return steps;
}

// Validation after training: per-iteration timing, then metrics.
void add_val(json& steps, const std::string& mode, int len, bool metrics) {
  for (int i = 0; i < len; ++i) {
    steps.push_back({"scalar", mode + "/data_time", 0.0002 * (i + 1), 1});
    steps.push_back({"scalar", mode + "/time", 0.0004 + 0.0001 * i, 1});
    steps.push_back({"iter", i, mode});
  }
  if (metrics) {
    steps.push_back({"scalar", mode + "/toy/acc", 0.75, 1});
    steps.push_back({"scalar", mode + "/toy/loss_m", 0.1, 1});
    steps.push_back({"scalar", mode + "/im/count", 3, 1});
    steps.push_back({"scalar", mode + "/im/big", 12345.678, 1});
    steps.push_back({"scalar", mode + "/im/neg", -0.0001, 1});
    steps.push_back({"info", mode + "/per_class", json::array({0.5, 1, "x"})});
    steps.push_back({"epoch", len, mode, mode == "test"});
  }
}

json base_runner(bool train_loop) {
  return {
      {"iter", 0},
      {"epoch", 0},
      {"max_iters", 1000},
      {"max_epochs", 12},
      {"has_train_loop", train_loop},
      {"dataloader_len", {{"train", 100}, {"val", 12}, {"test", 7}}},
      {"memory", nullptr}};
}

json make_case(json processor, json runner, json steps) {
  return {{"processor", processor}, {"runner", runner}, {"steps", steps}};
}

std::vector<json> cases() {
  std::vector<json> out;
  // train by epoch (padding of [1][ 10/100]), then val and test.
  // A global window over 230 iterations exercises numpy's blocked sum.
  json steps = train_steps(230, 100, 10, true);
  add_val(steps, "val", 12, true);
  add_val(steps, "test", 7, true);
  const json global = json::array(
      {{{"data_src", "loss"},
        {"log_name", "loss_global"},
        {"method_name", "mean"},
        {"window_size", "global"}}});
  out.push_back(make_case({{"custom_cfg", global}}, base_runner(true), steps));
  // train by iteration, memory reported.
  json runner = base_runner(true);
  runner["memory"] = 1234;
  steps = train_steps(40, 100, 5, true);
  add_val(steps, "val", 12, true);
  out.push_back(make_case({{"by_epoch", false}}, runner, steps));
  // no eta: time/data_time stay among the items.
  out.push_back(make_case(
      {{"window_size", 3}}, base_runner(true), train_steps(25, 10, 4, false)));
  // custom_cfg with every window kind and method; num_digits.
  json custom = json::array(
      {{{"data_src", "loss"},
        {"log_name", "loss_global"},
        {"method_name", "mean"},
        {"window_size", "global"}},
       {{"data_src", "loss"}, {"method_name", "max"}, {"window_size", 4}},
       {{"data_src", "grad_norm"},
        {"log_name", "gn_min"},
        {"method_name", "min"}},
       {{"data_src", "loss_aux"},
        {"log_name", "aux_epoch"},
        {"method_name", "mean"},
        {"window_size", "epoch"}},
       {{"data_src", "count"},
        {"log_name", "count_now"},
        {"method_name", "current"}},
       {{"data_src", "time"}, {"method_name", "max"}, {"window_size", 2}}});
  steps = train_steps(30, 8, 3, true);
  add_val(steps, "val", 5, true);
  out.push_back(make_case(
      {{"custom_cfg", custom}, {"num_digits", 2}}, base_runner(true), steps));
  // hierarchy: prefixes kept in tags and epoch lines.
  steps = train_steps(20, 10, 5, true);
  add_val(steps, "val", 4, true);
  add_val(steps, "test", 3, true);
  out.push_back(
      make_case({{"log_with_hierarchy", true}}, base_runner(true), steps));
  // runner.val()/test() without a train loop; base_lr beside lr.
  steps = json::array(
      {{"scalar", "train/base_lr", 0.007, 1},
       {"scalar", "train/lr", 0.007, 1}});
  add_val(steps, "val", 12, true);
  add_val(steps, "test", 12, true);
  steps.push_back({"iter", 2, "train"});
  out.push_back(make_case(json::object(), base_runner(false), steps));
  // eta over a day, val/loss items in hierarchy-free val lines.
  steps = json::array(
      {{"scalar", "val/time", 0.5, 1},
       {"scalar", "val/data_time", 0.25, 1},
       {"scalar", "val/val/loss_x", 1.5, 2},
       {"info", "eta", 200000.9},
       {"iter", 0, "val"},
       {"info", "eta", 86400},
       {"iter", 1, "val"}});
  out.push_back(make_case({{"by_epoch", false}}, base_runner(true), steps));
  return out;
}

struct Replay {
  std::vector<std::string> outputs;
  std::string state;
};

Replay replay(const json& c) {
  LogProcessor::Options options;
  const json& p = c["processor"];
  options.window_size = p.value("window_size", 10);
  options.by_epoch = p.value("by_epoch", true);
  options.num_digits = p.value("num_digits", 4);
  options.log_with_hierarchy = p.value("log_with_hierarchy", false);
  if (p.contains("custom_cfg")) {
    options.custom_cfg = to_value(p["custom_cfg"]);
  }
  LogProcessor processor(options);
  logging::MessageHub hub("replay");
  const json& r = c["runner"];
  LogContext ctx;
  ctx.message_hub = &hub;
  ctx.max_iters = r["max_iters"].get<std::int64_t>();
  ctx.max_epochs = r["max_epochs"].get<std::int64_t>();
  ctx.has_train_loop = r["has_train_loop"].get<bool>();
  if (!r["memory"].is_null()) {
    ctx.max_memory_mb = r["memory"].get<std::int64_t>();
  }
  Replay out;
  for (const json& step : c["steps"]) {
    const std::string kind = step[0].get<std::string>();
    if (kind == "scalar") {
      hub.update_scalar(
          step[1].get<std::string>(),
          to_value(step[2]),
          step[3].get<std::int64_t>());
    } else if (kind == "info") {
      hub.update_info(step[1].get<std::string>(), to_value(step[2]));
    } else if (kind == "runner") {
      (step[1] == "iter" ? ctx.iter : ctx.epoch) = step[2].get<std::int64_t>();
    } else {
      const std::string mode = step[2].get<std::string>();
      ctx.dataloader_len = r["dataloader_len"][mode].get<std::int64_t>();
      const auto [tag, line] = kind == "iter"
                                   ? processor.get_log_after_iter(
                                         ctx, step[1].get<std::int64_t>(), mode)
                                   : processor.get_log_after_epoch(
                                         ctx,
                                         step[1].get<std::int64_t>(),
                                         mode,
                                         step[3].get<bool>());
      out.outputs.push_back(config::dump_json(tag) + "\n" + line);
    }
  }
  out.state = config::dump_json(hub.state_dict());
  return out;
}

json run_cases(const std::vector<json>& all) {
  testing::TempDir dir;
  const auto path = dir.path() / "cases.json";
  std::ofstream(path) << json(all).dump();
  return testing::run_reference("log_processor.py", {path.string()});
}

TEST(LogProcessorFidelityTest, LinesAndTagsMatchMMEngine) {
  MMENGINE_REQUIRE_REFERENCE();
  const std::vector<json> all = cases();
  const json refs = run_cases(all);
  ASSERT_EQ(refs.size(), all.size());
  std::size_t lines = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    SCOPED_TRACE("case " + std::to_string(i));
    const Replay ours = replay(all[i]);
    const json& expected = refs[i]["outputs"];
    ASSERT_EQ(ours.outputs.size(), expected.size());
    for (std::size_t k = 0; k < expected.size(); ++k) {
      ASSERT_FALSE(expected[k].contains("error")) << expected[k].dump();
      EXPECT_EQ(
          ours.outputs[k],
          expected[k]["tag"].get<std::string>() + "\n" +
              expected[k]["line"].get<std::string>())
          << "output " << k;
      ++lines;
    }
    EXPECT_EQ(ours.state, refs[i]["state"].get<std::string>());
  }
  EXPECT_GT(lines, 60U);
}

// Bad custom_cfg entries: MMEngine raises some at construction and some
// when the entry is first used; we raise all at construction, with
// MMEngine's message and the matching error kind.
TEST(LogProcessorFidelityTest, CustomCfgErrorsMatchMMEngine) {
  MMENGINE_REQUIRE_REFERENCE();
  const json bad = json::array(
      {{{{"data_src", "loss"}, {"method_name", "mean"}},
        {{"data_src", "loss"}, {"method_name", "max"}}},
       {{{"data_src", "x"}, {"log_name", "loss"}, {"method_name", "mean"}},
        {{"data_src", "loss"}, {"method_name", "max"}}},
       {{{"data_src", "loss"},
         {"method_name", "mean"},
         {"window_size", "week"}}},
       {{{"data_src", "loss"}, {"method_name", "median"}}},
       {{{"data_src", "loss"}, {"method_name", "current"}, {"window_size", 2}}},
       {{{"data_src", "loss"}, {"method_name", "mean"}, {"windows", 2}}}});
  std::vector<json> all;
  for (const json& custom : bad) {
    all.push_back(make_case(
        {{"custom_cfg", custom}},
        base_runner(true),
        json::array(
            {{"scalar", "train/loss", 1.0, 1},
             {"scalar", "train/x", 1.0, 1},
             {"iter", 0, "train"}})));
  }
  all.push_back(make_case(
      {{"by_epoch", false},
       {"custom_cfg",
        json::array(
            {{{"data_src", "loss"},
              {"method_name", "mean"},
              {"window_size", "epoch"}}})}},
      base_runner(true),
      json::array()));
  const json refs = run_cases(all);
  for (std::size_t i = 0; i < all.size(); ++i) {
    SCOPED_TRACE("case " + std::to_string(i));
    const json& outputs = refs[i]["outputs"];
    ASSERT_EQ(outputs.size(), 1U);
    ASSERT_TRUE(outputs[0].contains("error")) << outputs.dump();
    const std::string kind = outputs[0]["error"][0];
    const std::string message = outputs[0]["error"][1];
    try {
      replay(all[i]);
      ADD_FAILURE() << "no error; MMEngine raised " << kind << ": " << message;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos)
          << e.what() << "\nvs " << message;
      const std::string ours = e.kind();
      EXPECT_EQ(ours, kind == "AssertionError" ? "ValueError" : kind);
    }
  }
}

}  // namespace
}  // namespace mmengine::runner
