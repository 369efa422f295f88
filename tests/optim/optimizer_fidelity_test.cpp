// Every optimizer against torch.optim on the fixed problem of
// tests/fidelity/scripts/optim_trajectory.py: 20-step trajectories, state
// dicts and group keys, and continuing from a Python state dict.

#include <gtest/gtest.h>

#include "tests/optim/optimizer_test_util.h"
#include "tests/support/fidelity.h"

namespace mmengine::optim::testing {
namespace {

const json kShapes = json::parse("[[3, 4], [5], [2, 3, 2]]");
constexpr int kSteps = 20;
// We follow PyTorch's multi-tensor path op for op, so results are
// bit-identical to it (and to LBFGS); its single-tensor path (the CPU
// default) rounds differently in places, within 1e-6 relative.
constexpr double kSingleTensorRtol = 1e-6;
constexpr double kSingleTensorAtol = 1e-7;

json with(json kwargs, const char* key, json value) {
  kwargs[key] = std::move(value);
  return kwargs;
}

// Case for `kwargs`; `extra` adds case keys (groups, no_grad, ...).
json make_case(
    const std::string& name,
    const json& kwargs,
    const json& extra = json::object()) {
  json c = {
      {"optimizer", name},
      {"kwargs", kwargs},
      {"shapes", kShapes},
      {"steps", kSteps},
      {"save_at", kSteps / 2}};
  if (kwargs.value("maximize", false)) {
    c["maximize_loss"] = true;
  }
  c.update(extra);
  return c;
}

// Runs every variant with foreach=True and foreach=False in Python, ours
// with the same kwargs, compares trajectories and state dicts, then loads
// Python's mid-run state dict into a fresh optimizer and continues.
void check_optimizer(
    const std::string& name,
    const std::vector<json>& variants,
    bool has_foreach = true) {
  MMENGINE_REQUIRE_REFERENCE();
  json cases = json::array();
  for (const json& v : variants) {
    if (!has_foreach) {
      cases.push_back(v);
      continue;
    }
    for (bool foreach : {true, false}) {
      json c = v;
      c["kwargs"]["foreach"] = foreach;
      cases.push_back(c);
    }
  }
  auto [ours, theirs] = run_both(cases);
  ASSERT_EQ(ours.size(), theirs.size());
  json resumed = json::array();
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const std::string where = name + " " + cases[i]["kwargs"].dump() +
                              (cases[i].contains("groups") ? " groups" : "");
    ASSERT_FALSE(theirs[i].contains("error")) << where << theirs[i].dump();
    ASSERT_FALSE(ours[i].contains("error")) << where << ours[i].dump();
    const bool exact = cases[i]["kwargs"].value("foreach", true);
    const double rtol = exact ? 0 : kSingleTensorRtol;
    const double atol = exact ? 0 : kSingleTensorAtol;
    expect_near(
        ours[i]["traj"], theirs[i]["traj"], rtol, atol, where + " traj");
    expect_near(
        ours[i]["losses"], theirs[i]["losses"], rtol, atol, where + " loss");
    expect_near(
        ours[i]["state_dict"],
        theirs[i]["state_dict"],
        rtol,
        atol,
        where + " state_dict");
    EXPECT_EQ(ours[i]["group_keys"], theirs[i]["group_keys"]) << where;

    json c = cases[i];
    c["load"] = theirs[i]["mid_state"];
    c["load_params"] = theirs[i]["mid_params"];
    const int steps = cases[i]["steps"];
    const int save_at = cases[i]["save_at"];
    c["steps"] = steps - save_at;
    c.erase("save_at");
    json cont = run_case(c);
    ASSERT_FALSE(cont.contains("error")) << where << cont.dump();
    json expected(theirs[i]["traj"].begin() + save_at, theirs[i]["traj"].end());
    expect_near(cont["traj"], expected, rtol, atol, where + " resumed");
  }
}

const json kTwoGroups = {
    {"groups",
     json::parse(
         R"([{"params": [0, 2]}, {"params": [1], "kwargs": {"lr": 0.01}}])")}};
const json kNoGrad = {{"no_grad", {1}}};

TEST(OptimizerFidelityTest, SGD) {
  const json base = {{"lr", 0.05}};
  const json mom = with(base, "momentum", 0.9);
  check_optimizer(
      "SGD",
      {make_case("SGD", base),
       make_case("SGD", mom, kTwoGroups),
       make_case(
           "SGD", with(with(mom, "nesterov", true), "weight_decay", 0.01)),
       make_case(
           "SGD",
           with(
               with(with(mom, "dampening", 0.1), "weight_decay", 0.01),
               "maximize",
               true),
           kNoGrad)});
}

TEST(OptimizerFidelityTest, Adam) {
  const json base = {{"lr", 0.05}};
  const json wd = with(base, "weight_decay", 0.1);
  check_optimizer(
      "Adam",
      {make_case("Adam", base, kTwoGroups),
       make_case("Adam", with(wd, "amsgrad", true)),
       make_case("Adam", with(wd, "maximize", true), kNoGrad),
       make_case("Adam", with(wd, "decoupled_weight_decay", true))});
}

TEST(OptimizerFidelityTest, AdamW) {
  const json base = {{"lr", 0.05}};
  check_optimizer(
      "AdamW",
      {make_case("AdamW", base, kTwoGroups),
       make_case(
           "AdamW", with(with(base, "amsgrad", true), "weight_decay", 0.1)),
       make_case("AdamW", with(base, "maximize", true), kNoGrad)});
}

TEST(OptimizerFidelityTest, RMSprop) {
  const json base = {{"lr", 0.01}};
  check_optimizer(
      "RMSprop",
      {make_case("RMSprop", base, kTwoGroups),
       make_case(
           "RMSprop",
           with(
               with(with(base, "momentum", 0.9), "centered", true),
               "weight_decay",
               0.1)),
       make_case(
           "RMSprop",
           with(with(base, "alpha", 0.9), "maximize", true),
           kNoGrad),
       make_case("RMSprop", with(base, "momentum", 0.5))});
}

TEST(OptimizerFidelityTest, Adagrad) {
  const json base = {{"lr", 0.1}};
  check_optimizer(
      "Adagrad",
      {make_case("Adagrad", base, kTwoGroups),
       make_case(
           "Adagrad",
           with(
               with(with(base, "lr_decay", 0.01), "weight_decay", 0.1),
               "initial_accumulator_value",
               0.1)),
       make_case("Adagrad", with(base, "maximize", true), kNoGrad)});
}

TEST(OptimizerFidelityTest, Adadelta) {
  const json base = {{"lr", 1.0}};
  check_optimizer(
      "Adadelta",
      {make_case("Adadelta", base, kTwoGroups),
       make_case(
           "Adadelta",
           with(
               with(with(base, "rho", 0.8), "weight_decay", 0.1),
               "maximize",
               true),
           kNoGrad)});
}

TEST(OptimizerFidelityTest, Adamax) {
  const json base = {{"lr", 0.05}};
  check_optimizer(
      "Adamax",
      {make_case("Adamax", base, kTwoGroups),
       make_case("Adamax", with(base, "weight_decay", 0.1)),
       make_case(
           "Adamax", with(with(base, "weight_decay", 0.1), "maximize", true)),
       make_case("Adamax", with(base, "maximize", true), kNoGrad)});
}

TEST(OptimizerFidelityTest, NAdam) {
  const json base = {{"lr", 0.05}};
  const json wd = with(base, "weight_decay", 0.1);
  check_optimizer(
      "NAdam",
      {make_case("NAdam", base, kTwoGroups),
       make_case("NAdam", with(wd, "momentum_decay", 0.01)),
       make_case("NAdam", with(wd, "decoupled_weight_decay", true)),
       make_case("NAdam", with(wd, "maximize", true), kNoGrad)});
}

TEST(OptimizerFidelityTest, RAdam) {
  const json base = {{"lr", 0.05}};
  const json wd = with(base, "weight_decay", 0.1);
  check_optimizer(
      "RAdam",
      {make_case("RAdam", base, kTwoGroups),
       make_case("RAdam", wd),
       make_case("RAdam", with(wd, "decoupled_weight_decay", true)),
       make_case("RAdam", with(base, "maximize", true), kNoGrad)});
}

TEST(OptimizerFidelityTest, LBFGS) {
  const json closure = {{"closure", true}, {"steps", 4}, {"save_at", 2}};
  const json wolfe = {{"line_search_fn", "strong_wolfe"}};
  json short_history = {{"lr", 0.5}, {"max_iter", 5}, {"history_size", 3}};
  check_optimizer(
      "LBFGS",
      {make_case("LBFGS", json::object(), closure),
       make_case("LBFGS", wolfe, closure),
       make_case("LBFGS", short_history, closure),
       make_case(
           "LBFGS",
           with(short_history, "line_search_fn", "strong_wolfe"),
           closure)},
      /*has_foreach=*/false);
}

}  // namespace
}  // namespace mmengine::optim::testing

namespace mmengine::optim::testing {
namespace {

// Tensors above the CPU chunk size are updated in flat slices; the result
// must still equal PyTorch's whole-tensor update bit for bit.
TEST(OptimizerFidelityTest, LargeTensorsMatchExactly) {
  MMENGINE_REQUIRE_REFERENCE();
  const json shapes = json::parse("[[300, 250], [7], [66001]]");
  const json kwargs = json::array(
      {{{"optimizer", "SGD"},
        {"kwargs",
         {{"lr", 0.01},
          {"momentum", 0.9},
          {"nesterov", true},
          {"weight_decay", 0.01}}}},
       {{"optimizer", "SGD"}, {"kwargs", {{"lr", 0.01}, {"maximize", true}}}},
       {{"optimizer", "Adam"},
        {"kwargs", {{"lr", 0.01}, {"amsgrad", true}, {"weight_decay", 0.1}}}},
       {{"optimizer", "AdamW"}, {"kwargs", {{"lr", 0.01}, {"maximize", true}}}},
       {{"optimizer", "RMSprop"},
        {"kwargs", {{"lr", 0.01}, {"momentum", 0.9}, {"centered", true}}}},
       {{"optimizer", "Adagrad"}, {"kwargs", {{"lr", 0.1}}}},
       {{"optimizer", "Adadelta"}, {"kwargs", {{"weight_decay", 0.1}}}},
       {{"optimizer", "Adamax"}, {"kwargs", {{"lr", 0.01}}}},
       {{"optimizer", "NAdam"}, {"kwargs", {{"lr", 0.01}}}},
       {{"optimizer", "RAdam"}, {"kwargs", {{"lr", 0.01}}}}});
  json cases = json::array();
  for (json c : kwargs) {
    c["kwargs"]["foreach"] = true;
    c.update({{"shapes", shapes}, {"steps", 4}, {"final_only", true}});
    c["maximize_loss"] = c["kwargs"].value("maximize", false);
    cases.push_back(c);
  }
  auto [ours, theirs] = run_both(cases);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    ASSERT_FALSE(theirs[i].contains("error")) << theirs[i].dump();
    expect_near(ours[i]["traj"], theirs[i]["traj"], 0, 0, cases[i].dump());
  }
}

// Our messages contain PyTorch's ("Invalid learning rate: -1.0").
TEST(OptimizerFidelityTest, BadHyperParametersUsePyTorchWording) {
  MMENGINE_REQUIRE_REFERENCE();
  const std::vector<std::pair<std::string, json>> bad = {
      {"SGD", {{"lr", -1.0}}},
      {"SGD", {{"momentum", -0.5}}},
      {"SGD", {{"nesterov", true}}},
      {"Adam", {{"betas", {1.0, 0.999}}}},
      {"Adam", {{"betas", {0.9, -0.1}}}},
      {"Adam", {{"eps", -1e-8}}},
      {"AdamW", {{"weight_decay", -0.1}}},
      {"RMSprop", {{"alpha", -0.1}}},
      {"RMSprop", {{"momentum", -1}}},
      {"Adagrad", {{"lr_decay", -1.0}}},
      {"Adagrad", {{"initial_accumulator_value", -1.0}}},
      {"Adadelta", {{"rho", 1.5}}},
      {"Adamax", {{"betas", {0.9, 1.0}}}},
      {"NAdam", {{"momentum_decay", -1.0}}},
      {"RAdam", {{"weight_decay", -1e-3}}},
      {"LBFGS", {{"lr", -2.5}}},
  };
  json cases = json::array();
  for (const auto& [name, kwargs] : bad) {
    json c = make_case(name, kwargs);
    c["steps"] = 1;
    cases.push_back(c);
  }
  auto [ours, theirs] = run_both(cases);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    ASSERT_TRUE(theirs[i].contains("error")) << theirs[i].dump();
    EXPECT_EQ(theirs[i]["error"], "ValueError");
    ASSERT_TRUE(ours[i].contains("error")) << cases[i].dump();
    const std::string message = ours[i]["message"];
    const std::string expected = theirs[i]["message"];
    EXPECT_NE(message.find(expected), std::string::npos)
        << "ours: " << message << "\nPyTorch: " << expected;
  }
}

}  // namespace
}  // namespace mmengine::optim::testing
