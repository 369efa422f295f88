// Scheduler behaviour that needs no reference run: construction in code,
// resume through state dicts, registry builds and error messages.

#include <gtest/gtest.h>

#include <string>

#include "mmengine/config/json_io.h"
#include "mmengine/optim/scheduler/builder.h"
#include "mmengine/optim/scheduler/lr_scheduler.h"
#include "mmengine/optim/scheduler/momentum_scheduler.h"
#include "mmengine/optim/scheduler/schedule_simulation.h"
#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"
#include "tests/optim/scheduler_test_util.h"

namespace mmengine::optim {
namespace {

using config::Value;
using nlohmann::json;

std::shared_ptr<Optimizer> sgd(double lr = 1.0, double momentum = 0.9) {
  return testing::make_optimizer(
      {{"type", "SGD"}, {"lr", lr}, {"momentum", momentum}});
}

Value cfg(const char* text) {
  return config::parse_json(text);
}

template <typename Fn>
std::string error_of(Fn&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return std::string(e.kind()) + ": " + e.what();
  }
  return "no error";
}

TEST(SchedulerTest, LinearLRInCode) {
  auto opt = sgd();
  LinearLR warmup(opt, {.start_factor = 0.25}, {.end = 4, .by_epoch = false});
  std::vector<double> lrs;
  for (int i = 0; i < 5; ++i) {
    lrs.push_back(warmup.get_last_value()[0]);
    warmup.step();
  }
  EXPECT_EQ(lrs, (std::vector<double>{0.25, 0.5, 0.75, 1.0, 1.0}));
  EXPECT_FALSE(warmup.by_epoch());
  EXPECT_EQ(opt->param_groups()[0].get("initial_lr"), 1.0);
}

TEST(SchedulerTest, SecondSchedulerKeepsInitialValue) {
  auto opt = sgd();
  LinearLR warmup(opt, {.start_factor = 0.5}, {.end = 3});
  MultiStepLR decay(opt, {.milestones = {4}}, {});
  EXPECT_EQ(decay.base_values(), std::vector<double>{1.0});
  EXPECT_EQ(opt->param_groups()[0].get("lr"), 0.5);
}

TEST(SchedulerTest, StateDictRoundTripContinuesIdentically) {
  const Value schedule = cfg(R"([
    {"type": "LinearLR", "start_factor": 0.1, "end": 3, "by_epoch": false},
    {"type": "CosineRestartLR", "periods": [4, 5], "restart_weights": [1, 0.5],
     "eta_min": 0.01, "begin": 3, "by_epoch": false},
    {"type": "MultiStepMomentum", "milestones": [2, 6], "by_epoch": false},
    {"type": "OneCycleParamScheduler", "param_name": "lr", "eta_max": 0.5,
     "total_steps": 12, "begin": 12, "end": 24, "by_epoch": false}])");
  auto first = sgd();
  auto a = build_param_schedulers(schedule, first, 0);
  for (int i = 0; i < 7; ++i) {
    for (auto& s : a) {
      s->step();
    }
  }
  std::vector<structures::Tree> states;
  for (auto& s : a) {
    states.push_back(s->state_dict());
  }
  // Resume: a fresh optimizer with the saved group options.
  auto second = sgd();
  second->param_groups()[0].options = first->param_groups()[0].options;
  Value resumed = cfg(R"([
    {"type": "LinearLR", "start_factor": 0.1, "end": 3, "by_epoch": false},
    {"type": "CosineRestartLR", "periods": [4, 5], "restart_weights": [1, 0.5],
     "eta_min": 0.01, "begin": 3, "by_epoch": false},
    {"type": "MultiStepMomentum", "milestones": [2, 6], "by_epoch": false},
    {"type": "OneCycleParamScheduler", "param_name": "lr", "eta_max": 0.5,
     "total_steps": 12, "begin": 12, "end": 24, "by_epoch": false}])");
  auto b = build_param_schedulers(resumed, second, 0);
  second->param_groups()[0].options = first->param_groups()[0].options;
  for (std::size_t i = 0; i < b.size(); ++i) {
    b[i]->load_state_dict(states[i]);
  }
  for (int i = 0; i < 12; ++i) {
    for (std::size_t k = 0; k < a.size(); ++k) {
      a[k]->step();
      b[k]->step();
    }
    EXPECT_EQ(
        first->param_groups()[0].get("lr"), second->param_groups()[0].get("lr"))
        << "step " << i;
    EXPECT_EQ(
        first->param_groups()[0].get("momentum"),
        second->param_groups()[0].get("momentum"));
  }
  EXPECT_EQ(
      a[1]->state_dict().to_value().repr(),
      b[1]->state_dict().to_value().repr());
}

TEST(SchedulerTest, StateDictKeysAreMMEngines) {
  auto opt = sgd();
  LinearLR s(opt, {}, {.end = 4});
  std::vector<std::string> keys;
  for (const auto& key : s.state_dict().to_value().keys()) {
    keys.push_back(key.str());
  }
  EXPECT_EQ(
      keys,
      (std::vector<std::string>{
          "start_factor",
          "end_factor",
          "total_iters",
          "param_name",
          "begin",
          "end",
          "by_epoch",
          "base_values",
          "last_step",
          "_global_step",
          "verbose",
          "_last_value"}));
}

TEST(SchedulerTest, BetasFollowMomentum) {
  auto opt = testing::make_optimizer(
      {{"type", "Adam"}, {"lr", 0.1}, {"betas", {0.9, 0.999}}});
  LinearMomentum s(opt, {.start_factor = 0.5}, {.end = 3});
  const Value& betas = *opt->param_groups()[0].options.find("betas");
  EXPECT_TRUE(betas.is_tuple());
  EXPECT_DOUBLE_EQ(betas.elements()[0].as<double>(), 0.45);
  EXPECT_DOUBLE_EQ(betas.elements()[1].as<double>(), 0.999);
  EXPECT_TRUE(s.state_dict()["use_betas"].as<bool>());
}

TEST(SchedulerTest, ReduceOnPlateauNeedsMetrics) {
  register_param_schedulers();
  auto opt = sgd();
  auto s = build_param_schedulers(
      cfg(R"({"type": "ReduceOnPlateauLR", "patience": 0})"), opt, 0);
  ASSERT_TRUE(s[0]->need_val_args());
  s[0]->step();
  s[0]->step({{"loss", 1.0}});
  s[0]->step({{"loss", 2.0}});
  EXPECT_NEAR(opt->param_groups()[0].get("lr"), 0.1, 1e-15);
  auto linear = build_param_schedulers(cfg(R"({"type": "LinearLR"})"), opt, 0);
  EXPECT_FALSE(linear[0]->need_val_args());
  EXPECT_NE(
      error_of([&] {
        linear[0]->step({{"loss", 1.0}});
      }).find("ValueError"),
      std::string::npos);
}

TEST(SchedulerTest, RegistersEveryMMEngineName) {
  register_param_schedulers();
  for (const char* stem :
       {"Step",
        "MultiStep",
        "Constant",
        "Exponential",
        "CosineAnnealing",
        "Linear",
        "Poly",
        "CosineRestart",
        "ReduceOnPlateau"}) {
    for (const char* kind : {"ParamScheduler", "LR", "Momentum"}) {
      EXPECT_TRUE(registry::PARAM_SCHEDULERS.contains(std::string(stem) + kind))
          << stem << kind;
    }
  }
  EXPECT_TRUE(registry::PARAM_SCHEDULERS.contains("OneCycleLR"));
  EXPECT_TRUE(registry::PARAM_SCHEDULERS.contains("OneCycleParamScheduler"));
  EXPECT_FALSE(registry::PARAM_SCHEDULERS.contains("OneCycleMomentum"));
}

TEST(SchedulerTest, Errors) {
  auto opt = sgd();
  auto build = [&](const char* text, std::int64_t epoch_length = 0) {
    return error_of(
        [&] { build_param_schedulers(cfg(text), opt, epoch_length); });
  };
  EXPECT_NE(
      build(R"({"type": "StepLRx", "step_size": 1})")
          .find("StepLRx is not in the"),
      std::string::npos);
  EXPECT_NE(
      build(R"({"type": "LinearLR", "begin": 3, "end": 2})")
          .find("ValueError: end should be larger than begin, but got "
                "begin=3, end=2"),
      std::string::npos);
  EXPECT_NE(
      build(R"({"type": "StepLR"})").find("step_size"), std::string::npos);
  EXPECT_NE(
      build(R"({"type": "StepParamScheduler", "step_size": 1})")
          .find("param_name"),
      std::string::npos);
  EXPECT_NE(
      build(R"({"type": "LinearLR", "stat_factor": 0.5})").find("start_factor"),
      std::string::npos);
  EXPECT_NE(
      build(R"({"type": "LinearLR", "convert_to_iter_based": true})")
          .find("`epoch_length` should be set"),
      std::string::npos);
  EXPECT_NE(
      build(
          R"({"type": "LinearLR", "by_epoch": false,
              "convert_to_iter_based": true})",
          5)
          .find("Only epoch-based parameter scheduler"),
      std::string::npos);
  EXPECT_NE(
      build(R"(3)").find("TypeError: scheduler should be a"),
      std::string::npos);
  auto adagrad = testing::make_optimizer({{"type", "Adagrad"}, {"lr", 0.1}});
  EXPECT_EQ(
      error_of([&] { LinearMomentum(adagrad, {}, {}); }),
      "ValueError: optimizer must support momentum when using momentum "
      "scheduler");
  EXPECT_NE(
      error_of([&] { LinearLR(sgd(), {}, {.last_step = 3}); })
          .find("param 'initial_lr' is not specified in param_groups[0] when "
                "resuming an optimizer"),
      std::string::npos);
}

TEST(SchedulerTest, SimulationOfIterLoopIgnoresEpochSchedulers) {
  auto opt = sgd();
  auto s = build_param_schedulers(
      cfg(R"([{"type": "StepLR", "step_size": 1, "gamma": 0.5}])"), opt, 0);
  ScheduleRun run{.by_epoch = false, .max_iters = 3};
  auto values = simulate_param_schedule(s, *opt, "lr", run);
  ASSERT_EQ(values.size(), 3U);
  EXPECT_EQ(values[2][0], 1.0);
}

}  // namespace
}  // namespace mmengine::optim
