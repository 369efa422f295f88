// Per-iteration values, final group options and state dicts of every
// scheduler compared with the real MMEngine 0.10.4 stepping the same
// schedulers on a real torch optimizer the ParamSchedulerHook way.

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "mmengine/config/json_io.h"
#include "mmengine/optim/scheduler/builder.h"
#include "mmengine/optim/scheduler/param_scheduler.h"
#include "mmengine/optim/scheduler/schedule_simulation.h"
#include "mmengine/utils/error.h"
#include "tests/optim/scheduler_test_util.h"
#include "tests/support/fidelity.h"

namespace mmengine::optim {
namespace {

using nlohmann::json;

// name, optimizer, groups, schedulers, param, run, train_length.
const char* const kCases = R"JSON([
 {"name": "StepLR", "optimizer": {"type": "SGD", "lr": 1.0},
  "schedulers": {"type": "StepLR", "step_size": 2, "gamma": 0.5, "by_epoch": false},
  "param": "lr", "run": {"by_epoch": false, "max_iters": 9}},
 {"name": "MultiStepLR", "optimizer": {"type": "SGD", "lr": 1.0},
  "schedulers": {"type": "MultiStepLR", "milestones": [2, 5, 5], "by_epoch": false},
  "param": "lr", "run": {"by_epoch": false, "max_iters": 8}},
 {"name": "ConstantLR", "optimizer": {"type": "SGD", "lr": 0.3},
  "schedulers": {"type": "ConstantLR", "factor": 0.5, "end": 4, "by_epoch": false},
  "param": "lr", "run": {"by_epoch": false, "max_iters": 7}},
 {"name": "ExponentialLR", "optimizer": {"type": "SGD", "lr": 0.1},
  "schedulers": {"type": "ExponentialLR", "gamma": 0.9, "begin": 2, "end": 7, "by_epoch": false},
  "param": "lr", "run": {"by_epoch": false, "max_iters": 10}},
 {"name": "CosineAnnealingLR", "optimizer": {"type": "SGD", "lr": 1.0},
  "schedulers": {"type": "CosineAnnealingLR", "T_max": 5, "eta_min": 0.1, "by_epoch": false},
  "param": "lr", "run": {"by_epoch": false, "max_iters": 23}},
 {"name": "CosineAnnealingLR_ratio_end", "optimizer": {"type": "SGD", "lr": 0.02},
  "groups": [{}, {"lr": 0.5}],
  "schedulers": {"type": "CosineAnnealingLR", "eta_min_ratio": 0.01, "begin": 1, "end": 9, "by_epoch": false},
  "param": "lr", "run": {"by_epoch": false, "max_iters": 12}},
 {"name": "LinearLR", "optimizer": {"type": "SGD", "lr": 1.0},
  "schedulers": {"type": "LinearLR", "start_factor": 0.25, "begin": 2, "end": 6, "by_epoch": false},
  "param": "lr", "run": {"by_epoch": false, "max_iters": 9}},
 {"name": "PolyLR", "optimizer": {"type": "SGD", "lr": 0.01},
  "schedulers": {"type": "PolyLR", "eta_min": 0.0001, "power": 2.0, "end": 8, "by_epoch": false},
  "param": "lr", "run": {"by_epoch": false, "max_iters": 10}},
 {"name": "OneCycleLR", "optimizer": {"type": "SGD", "lr": 1.0, "momentum": 0.9},
  "schedulers": {"type": "OneCycleLR", "eta_max": 1.0, "total_steps": 10, "by_epoch": false},
  "param": "lr", "run": {"by_epoch": false, "max_iters": 10}},
 {"name": "OneCycleLR_linear_three_phase", "optimizer": {"type": "SGD", "lr": 1.0},
  "groups": [{}, {"lr": 0.1}],
  "schedulers": {"type": "OneCycleLR", "eta_max": [0.5, 2.0], "total_steps": 20, "pct_start": 0.25,
                 "anneal_strategy": "linear", "three_phase": true, "div_factor": 10.0,
                 "final_div_factor": 100.0, "by_epoch": false},
  "param": "lr", "run": {"by_epoch": false, "max_iters": 20}},
 {"name": "CosineRestartLR", "optimizer": {"type": "SGD", "lr": 1.0},
  "schedulers": {"type": "CosineRestartLR", "periods": [3, 4], "restart_weights": [1, 0.5],
                 "eta_min": 0.0, "by_epoch": false},
  "param": "lr", "run": {"by_epoch": false, "max_iters": 10}},
 {"name": "CosineRestartLR_ratio", "optimizer": {"type": "SGD", "lr": 0.1},
  "schedulers": {"type": "CosineRestartLR", "periods": [4, 6], "restart_weights": [1, 0.7],
                 "eta_min_ratio": 0.05, "by_epoch": false},
  "param": "lr", "run": {"by_epoch": false, "max_iters": 12}},
 {"name": "ReduceOnPlateauLR", "optimizer": {"type": "SGD", "lr": 1.0},
  "schedulers": {"type": "ReduceOnPlateauLR", "patience": 1, "factor": 0.5, "cooldown": 1,
                 "min_value": 0.1},
  "param": "lr",
  "run": {"max_epochs": 10, "epoch_length": 2, "val_metrics": [
    {"loss": 1}, {"loss": 0.9}, {"loss": 0.95}, {"loss": 0.96}, {"loss": 0.97},
    {"loss": 0.98}, {"loss": 0.99}, {"loss": 1}, {"loss": 1}, {"loss": 1}]}},
 {"name": "ReduceOnPlateauLR_greater_abs", "optimizer": {"type": "SGD", "lr": 0.1},
  "groups": [{}, {"lr": 0.01}],
  "schedulers": {"type": "ReduceOnPlateauLR", "monitor": "acc", "rule": "greater",
                 "threshold_rule": "abs", "threshold": 0.01, "patience": 0,
                 "min_value": [0.02, 0.001], "begin": 1, "end": 8},
  "param": "lr",
  "run": {"max_epochs": 9, "epoch_length": 1, "val_metrics": [
    {"acc": 0.5}, {"acc": 0.6}, {"acc": 0.605}, {"acc": 0.7}, {"acc": 0.7},
    {"acc": 0.69}, {"acc": 0.8}, {"acc": 0.5}, {"acc": 0.4}]}},
 {"name": "StepParamScheduler_weight_decay", "optimizer": {"type": "SGD", "lr": 0.1, "weight_decay": 0.01},
  "schedulers": {"type": "StepParamScheduler", "param_name": "weight_decay", "step_size": 3,
                 "gamma": 0.3, "by_epoch": false},
  "param": "weight_decay", "run": {"by_epoch": false, "max_iters": 10}},
 {"name": "ParamSchedulers_generic_chain", "optimizer": {"type": "SGD", "lr": 0.1},
  "schedulers": [
    {"type": "LinearParamScheduler", "param_name": "lr", "start_factor": 0.1, "end": 3, "by_epoch": false},
    {"type": "CosineAnnealingParamScheduler", "param_name": "lr", "begin": 3, "end": 10, "by_epoch": false},
    {"type": "ExponentialParamScheduler", "param_name": "lr", "gamma": 0.95, "begin": 10, "by_epoch": false}],
  "param": "lr", "run": {"by_epoch": false, "max_iters": 14}},
 {"name": "Momentum_SGD_all", "optimizer": {"type": "SGD", "lr": 0.1, "momentum": 0.9},
  "schedulers": [
    {"type": "LinearMomentum", "start_factor": 0.5, "end": 3, "by_epoch": false},
    {"type": "StepMomentum", "step_size": 4, "gamma": 0.9, "begin": 3, "end": 12, "by_epoch": false},
    {"type": "MultiStepMomentum", "milestones": [1, 3], "gamma": 0.95, "begin": 12, "end": 16, "by_epoch": false},
    {"type": "ConstantMomentum", "factor": 0.8, "begin": 16, "end": 19, "by_epoch": false},
    {"type": "ExponentialMomentum", "gamma": 0.99, "begin": 19, "end": 22, "by_epoch": false},
    {"type": "PolyMomentum", "eta_min": 0.5, "begin": 22, "end": 26, "by_epoch": false},
    {"type": "CosineAnnealingMomentum", "T_max": 3, "eta_min": 0.85, "begin": 26, "end": 30, "by_epoch": false},
    {"type": "CosineRestartMomentum", "periods": [2, 3], "restart_weights": [1, 0.8], "eta_min": 0.8, "begin": 30, "end": 36, "by_epoch": false}],
  "param": "momentum", "run": {"by_epoch": false, "max_iters": 38}},
 {"name": "Momentum_Adam_betas", "optimizer": {"type": "Adam", "lr": 0.001, "betas": [0.9, 0.999]},
  "schedulers": [
    {"type": "LinearMomentum", "start_factor": 0.5, "end": 3, "by_epoch": false},
    {"type": "CosineAnnealingMomentum", "eta_min": 0.85, "begin": 3, "end": 9, "by_epoch": false}],
  "param": "momentum", "run": {"by_epoch": false, "max_iters": 10}},
 {"name": "Momentum_Adam_plateau", "optimizer": {"type": "Adam", "lr": 0.001, "betas": [0.95, 0.99]},
  "schedulers": {"type": "ReduceOnPlateauMomentum", "patience": 0, "factor": 0.9},
  "param": "momentum",
  "run": {"max_epochs": 4, "epoch_length": 1, "val_metrics": [
    {"loss": 1}, {"loss": 2}, {"loss": 3}, {"loss": 0.5}]}},
 {"name": "Warmup_cosine_epoch_converted", "optimizer": {"type": "SGD", "lr": 0.1, "momentum": 0.9},
  "schedulers": [
    {"type": "LinearLR", "start_factor": 0.001, "by_epoch": false, "begin": 0, "end": 5},
    {"type": "CosineAnnealingLR", "T_max": 4, "eta_min": 0.001, "begin": 1, "end": 5,
     "by_epoch": true, "convert_to_iter_based": true}],
  "param": "lr", "epoch_length": 3, "train_length": {"max_epochs": 5, "max_iters": 15},
  "run": {"max_epochs": 5, "epoch_length": 3}},
 {"name": "Warmup_multistep_epoch", "optimizer": {"type": "SGD", "lr": 1.0},
  "schedulers": [
    {"type": "LinearLR", "start_factor": 0.1, "by_epoch": false, "end": 4},
    {"type": "MultiStepLR", "milestones": [2, 3], "gamma": 0.1, "by_epoch": true}],
  "param": "lr", "epoch_length": 3, "train_length": {"max_epochs": 4, "max_iters": 12},
  "run": {"max_epochs": 4, "epoch_length": 3}},
 {"name": "Warmup_poly_iter_loop", "optimizer": {"type": "SGD", "lr": 0.01},
  "schedulers": [
    {"type": "LinearLR", "start_factor": 0.1, "by_epoch": false, "end": 5},
    {"type": "PolyLR", "eta_min": 0.0, "power": 0.9, "begin": 5, "by_epoch": false}],
  "param": "lr", "epoch_length": 4, "train_length": {"max_epochs": 1, "max_iters": 20},
  "run": {"by_epoch": false, "max_iters": 20}},
 {"name": "Converted_all", "optimizer": {"type": "SGD", "lr": 1.0, "momentum": 0.9},
  "groups": [{}, {"lr": 0.5}],
  "schedulers": [
    {"type": "StepLR", "step_size": 1, "gamma": 0.8, "begin": 1, "end": 3, "convert_to_iter_based": true},
    {"type": "MultiStepLR", "milestones": [1, 2], "gamma": 0.9, "begin": 3, "end": 5, "convert_to_iter_based": true},
    {"type": "ConstantLR", "factor": 0.5, "begin": 5, "end": 6, "convert_to_iter_based": true},
    {"type": "ExponentialLR", "gamma": 0.97, "begin": 6, "end": 7, "convert_to_iter_based": true},
    {"type": "PolyLR", "eta_min": 0.01, "begin": 7, "end": 8, "convert_to_iter_based": true},
    {"type": "CosineRestartLR", "periods": [1, 1], "restart_weights": [1, 0.5], "eta_min": 0.0,
     "begin": 8, "end": 10, "convert_to_iter_based": true},
    {"type": "LinearMomentum", "start_factor": 0.5, "begin": 0, "end": 2, "convert_to_iter_based": true}],
  "param": "lr", "epoch_length": 3, "train_length": {"max_epochs": 11, "max_iters": 33},
  "run": {"max_epochs": 11, "epoch_length": 3}},
 {"name": "OneCycle_converted", "optimizer": {"type": "SGD", "lr": 1.0},
  "schedulers": {"type": "OneCycleLR", "eta_max": 0.2, "total_steps": 4, "convert_to_iter_based": true},
  "param": "lr", "epoch_length": 5, "train_length": {"max_epochs": 4, "max_iters": 20},
  "run": {"max_epochs": 4, "epoch_length": 5}},
 {"name": "Default_end_from_train_loop", "optimizer": {"type": "SGD", "lr": 0.1},
  "schedulers": [{"type": "LinearLR", "start_factor": 0.2}, {"type": "PolyLR", "by_epoch": false, "begin": 2}],
  "param": "lr", "epoch_length": 2, "train_length": {"max_epochs": 6, "max_iters": 12},
  "run": {"max_epochs": 6, "epoch_length": 2}},
 {"name": "Error_begin_end", "optimizer": {"type": "SGD", "lr": 0.1},
  "schedulers": {"type": "LinearLR", "begin": 5, "end": 5},
  "param": "lr", "run": {"max_epochs": 1, "epoch_length": 1}},
 {"name": "Error_no_momentum", "optimizer": {"type": "Adagrad", "lr": 0.1},
  "schedulers": {"type": "CosineAnnealingMomentum", "T_max": 3},
  "param": "lr", "run": {"max_epochs": 1, "epoch_length": 1}},
 {"name": "Error_onecycle_overrun", "optimizer": {"type": "SGD", "lr": 0.1},
  "schedulers": {"type": "OneCycleLR", "eta_max": 0.2, "total_steps": 3, "by_epoch": false},
  "param": "lr", "run": {"by_epoch": false, "max_iters": 6}},
 {"name": "Error_constant_factor", "optimizer": {"type": "SGD", "lr": 0.1},
  "schedulers": {"type": "ConstantLR", "factor": 1.5},
  "param": "lr", "run": {"max_epochs": 1, "epoch_length": 1}},
 {"name": "Error_plateau_monitor", "optimizer": {"type": "SGD", "lr": 0.1},
  "schedulers": {"type": "ReduceOnPlateauLR", "monitor": "acc"},
  "param": "lr", "run": {"max_epochs": 1, "epoch_length": 1, "val_metrics": [{"loss": 1.0}]}}
])JSON";

const json& cases() {
  static const json parsed = json::parse(kCases);
  return parsed;
}

const json& reference() {
  static const json ref = testing::run_reference(
      "sched_reference.py", {cases().dump()}, {{"PYTHONWARNINGS", "ignore"}});
  return ref;
}

bool close(double a, double b) {
  return std::abs(a - b) <= 1e-9 * std::max(std::abs(a), std::abs(b)) + 1e-15;
}

// Python values (json) against ours (json of our Value): numbers within
// 1e-9, the rest equal; dict keys of Python must exist in ours.
void expect_same(const json& py, const json& ours, const std::string& where) {
  if (py.is_number() && ours.is_number()) {
    EXPECT_TRUE(close(py.get<double>(), ours.get<double>()))
        << where << ": " << py << " vs " << ours;
  } else if (py.is_object() && ours.is_object()) {
    for (const auto& [key, value] : py.items()) {
      ASSERT_TRUE(ours.contains(key)) << where << ": missing " << key;
      expect_same(value, ours[key], where + "." + key);
    }
  } else if (py.is_array() && ours.is_array()) {
    ASSERT_EQ(py.size(), ours.size()) << where;
    for (std::size_t i = 0; i < py.size(); ++i) {
      expect_same(py[i], ours[i], where + "[" + std::to_string(i) + "]");
    }
  } else {
    EXPECT_EQ(py, ours) << where;
  }
}

json to_json(const config::Value& v) {
  return json::parse(config::dump_json(v));
}

// Runs case `c` here; fills values, groups and states like the script.
json run_case(const json& c) {
  auto optimizer = testing::make_optimizer(
      c["optimizer"], c.contains("groups") ? c["groups"] : json());
  const json& run_spec = c["run"];
  ScheduleRun run;
  run.by_epoch = run_spec.value("by_epoch", true);
  run.max_epochs = run_spec.value("max_epochs", 0);
  run.max_iters = run_spec.value("max_iters", 0);
  run.epoch_length = run_spec.value("epoch_length", 1);
  for (const auto& m : run_spec.value("val_metrics", json::array())) {
    run.val_metrics.push_back(m.get<std::map<std::string, double>>());
  }
  std::optional<TrainLength> train_length;
  if (c.contains("train_length")) {
    train_length = TrainLength{
        c["train_length"]["max_epochs"], c["train_length"]["max_iters"]};
  }
  const std::int64_t epoch_length =
      c.value("epoch_length", run_spec.value("epoch_length", 0));
  json out;
  try {
    auto schedulers = build_param_schedulers(
        testing::to_value(c["schedulers"]),
        optimizer,
        epoch_length,
        train_length);
    out["values"] =
        simulate_param_schedule(schedulers, *optimizer, c["param"], run);
    out["groups"] = json::array();
    for (const ParamGroup& group : optimizer->param_groups()) {
      out["groups"].push_back(to_json(group.options));
    }
    out["states"] = json::array();
    for (const auto& s : schedulers) {
      out["states"].push_back(to_json(s->state_dict().to_value()));
    }
  } catch (const Error& e) {
    out = {{"error", e.kind()}, {"message", e.what()}};
  }
  return out;
}

void check_case(const std::string& name) {
  for (std::size_t i = 0; i < cases().size(); ++i) {
    if (cases()[i]["name"] != name) {
      continue;
    }
    const json& py = reference().at(i);
    const json ours = run_case(cases()[i]);
    SCOPED_TRACE(name);
    // Cases named Error_* are the ones MMEngine rejects.
    ASSERT_EQ(name.rfind("Error_", 0) == 0, py.contains("error")) << py;
    if (py.contains("error")) {
      ASSERT_TRUE(ours.contains("error")) << "expected " << py;
      const std::string message = py["message"];
      EXPECT_NE(
          ours["message"].get<std::string>().find(message.substr(
              message.front() == '\'' || message.front() == '"' ? 1 : 0, 30)),
          std::string::npos)
          << ours["message"] << " vs " << py["message"];
      return;
    }
    ASSERT_FALSE(ours.contains("error")) << ours;
    ASSERT_FALSE(py["values"].empty());
    expect_same(py["values"], ours["values"], "values");
    expect_same(py["groups"], ours["groups"], "groups");
    expect_same(py["states"], ours["states"], "states");
    return;
  }
  FAIL() << "no case " << name;
}

// One reference run for all cases (each ctest process runs it once).
TEST(SchedulerFidelityTest, EveryCaseMatchesMMEngine) {
  MMENGINE_REQUIRE_REFERENCE();
  ASSERT_EQ(reference().size(), cases().size());
  for (const auto& c : cases()) {
    check_case(c["name"]);
  }
}

}  // namespace
}  // namespace mmengine::optim
