#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mmengine/optim/optimizer/adam.h"
#include "mmengine/optim/optimizer/builder.h"
#include "mmengine/optim/optimizer/sgd.h"
#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"

namespace mmengine::optim {
namespace {

using config::Value;

std::shared_ptr<Optimizer> build(Value cfg, std::vector<ParamGroup> groups) {
  register_optimizers();
  registry::RuntimeArgs runtime;
  runtime.set("params", std::move(groups));
  registry::BuildOptions options;
  options.runtime = &runtime;
  return registry::OPTIMIZERS.build(cfg, options);
}

std::vector<ParamGroup> one_param() {
  return single_group({torch::ones({3}, torch::requires_grad())});
}

TEST(OptimizerBuildTest, EveryPyTorchNameIsRegistered) {
  register_optimizers();
  for (const char* name :
       {"SGD",
        "Adam",
        "AdamW",
        "RMSprop",
        "Adagrad",
        "Adadelta",
        "Adamax",
        "NAdam",
        "RAdam",
        "LBFGS"}) {
    EXPECT_TRUE(registry::OPTIMIZERS.contains(name)) << name;
    auto opt = build(Value::dict({{"type", name}}), one_param());
    EXPECT_EQ(opt->name(), name);
  }
}

TEST(OptimizerBuildTest, UnknownKeysAreRejected) {
  try {
    build(
        Value::dict({{"type", "Adam"}, {"lr", 0.1}, {"beta", 0.9}}),
        one_param());
    FAIL() << "expected TypeError";
  } catch (const TypeError& e) {
    EXPECT_NE(std::string(e.what()).find("beta"), std::string::npos);
  }
  // AdamW fixes decoupled weight decay; PyTorch's AdamW has no such kwarg.
  EXPECT_THROW(
      build(
          Value::dict({{"type", "AdamW"}, {"decoupled_weight_decay", false}}),
          one_param()),
      TypeError);
}

TEST(OptimizerBuildTest, UnsupportedImplementationsAreRejected) {
  for (const char* flag : {"fused", "capturable", "differentiable"}) {
    try {
      build(Value::dict({{"type", "Adam"}, {flag, true}}), one_param());
      FAIL() << flag;
    } catch (const NotImplementedError& e) {
      EXPECT_NE(
          std::string(e.what()).find(std::string(flag) + "=True"),
          std::string::npos)
          << e.what();
    }
  }
  EXPECT_THROW(
      build(Value::dict({{"type", "SGD"}, {"fused", true}}), one_param()),
      NotImplementedError);
  // foreach and False flags are accepted and kept in the groups.
  auto opt = build(
      Value::dict({{"type", "SGD"}, {"foreach", true}, {"fused", false}}),
      one_param());
  EXPECT_EQ(opt->param_groups()[0].options["foreach"], Value(true));
  EXPECT_EQ(opt->param_groups()[0].options["fused"], Value(false));
}

TEST(OptimizerBuildTest, GroupOptionsOverrideDefaults) {
  auto a = torch::ones({2}, torch::requires_grad());
  auto b = torch::ones({2}, torch::requires_grad());
  std::vector<ParamGroup> groups(2);
  groups[0].params = {a};
  groups[1].params = {b};
  groups[1].options =
      Value::dict({{"lr", 0.5}, {"betas", Value::list({0.5, 0.6})}});
  auto opt = build(Value::dict({{"type", "Adam"}, {"lr", 0.1}}), groups);
  EXPECT_DOUBLE_EQ(opt->param_groups()[0].get("lr"), 0.1);
  EXPECT_DOUBLE_EQ(opt->param_groups()[1].get("lr"), 0.5);
  (a.sum() + b.sum()).backward();
  opt->step();
  // First Adam step moves every coordinate by lr (gradients are constant).
  EXPECT_TRUE(torch::allclose(a, torch::full({2}, 0.9)));
  EXPECT_TRUE(torch::allclose(b, torch::full({2}, 0.5)));
}

TEST(OptimizerBuildTest, SparseGradientsAreRejected) {
  auto p = torch::ones({4}, torch::requires_grad());
  p.mutable_grad() = torch::ones({4}).to_sparse();
  Adam opt(single_group({p}), AdamOptions{});
  EXPECT_THROW(opt.step(), NotImplementedError);
}

TEST(OptimizerBuildTest, ParamsWithoutGradientsKeepNoState) {
  auto a = torch::ones({2}, torch::requires_grad());
  auto b = torch::ones({2}, torch::requires_grad());
  Adam opt(single_group({a, b}), AdamOptions{});
  a.sum().backward();
  opt.step();
  EXPECT_NE(opt.find_state(a), nullptr);
  EXPECT_EQ(opt.find_state(b), nullptr);
  EXPECT_TRUE(torch::equal(b, torch::ones({2})));
}

}  // namespace
}  // namespace mmengine::optim
