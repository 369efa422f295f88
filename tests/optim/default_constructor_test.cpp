#include "mmengine/optim/optimizer/default_constructor.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <map>

#include "mmengine/optim/optimizer/optim_wrapper_builder.h"
#include "mmengine/utils/error.h"
#include "tests/optim/optim_test_util.h"
#include "tests/support/fidelity.h"
#include "tests/support/tagged_json.h"

namespace mmengine::optim {
namespace {

using config::Value;
using test::error_message;
using test::values_match;

struct Tied : torch::nn::Module {
  explicit Tied(const at::Tensor& weight) {
    register_parameter("weight", weight);
  }
};

// The model of wrap_constructor.py: same names, shapes and order.
struct Net : torch::nn::Module {
  explicit Net(bool shared) {
    using namespace torch::nn;  // NOLINT(google-build-using-namespace)
    register_parameter("pos_embed", torch::zeros({1, 4}));
    register_module("conv1", Conv2d(Conv2dOptions(3, 8, 3)));
    register_module("bn1", BatchNorm2d(8));
    register_module("dwconv", Conv2d(Conv2dOptions(8, 8, 3).groups(8)));
    register_module("conv_nb", Conv2d(Conv2dOptions(8, 4, 1).bias(false)));
    register_module("gn", GroupNorm(GroupNormOptions(2, 4)));
    register_module("ln", LayerNorm(LayerNormOptions({4})));
    register_module(
        "inorm", InstanceNorm1d(InstanceNorm1dOptions(4).affine(true)));
    head = register_module("head", Sequential(Linear(4, 4), Linear(4, 2)));
    auto frozen = register_module("frozen", Linear(2, 2));
    frozen->weight.set_requires_grad(false);
    if (shared) {
      register_module(
          "tied", std::make_shared<Tied>(head[0]->as<Linear>()->weight));
    }
  }
  torch::nn::Sequential head{nullptr};
};

std::map<const void*, std::string> param_names(const torch::nn::Module& m) {
  std::map<const void*, std::string> names;
  for (const auto& item : m.named_parameters()) {
    names.emplace(item.value().unsafeGetTensorImpl(), item.key());
  }
  return names;
}

struct Built {
  std::shared_ptr<OptimWrapper> wrapper;
  std::vector<std::pair<std::string, std::string>> log;
};

Built build(torch::nn::Module& model, const Value& cfg) {
  Built out;
  out.wrapper = build_optim_wrapper(
      model, cfg, [&](const std::string& level, const std::string& message) {
        out.log.emplace_back(level, message);
      });
  return out;
}

Value sgd_cfg(const Value& paramwise) {
  Value cfg = Value::dict(
      {{"optimizer",
        Value::dict(
            {{"type", "SGD"},
             {"lr", 0.1},
             {"momentum", 0.9},
             {"weight_decay", 1e-4}})}});
  if (!paramwise.is_none()) {
    cfg["paramwise_cfg"] = paramwise;
  }
  return cfg;
}

TEST(DefaultConstructorTest, NoParamwiseKeepsOneGroupWithFrozen) {
  Net net(false);
  Built b = build(net, sgd_cfg({}));
  ASSERT_EQ(b.wrapper->optimizer()->param_groups().size(), 1U);
  EXPECT_EQ(b.wrapper->optimizer()->param_groups()[0].params.size(), 20U);
  EXPECT_FALSE(b.wrapper->base_param_settings().has_value());
  EXPECT_TRUE(b.log.empty());
}

TEST(DefaultConstructorTest, BiasAndNormRules) {
  torch::nn::Sequential seq(torch::nn::Linear(2, 3), torch::nn::BatchNorm1d(3));
  Built b = build(
      *seq,
      sgd_cfg(Value::dict(
          {{"norm_decay_mult", 0},
           {"bias_lr_mult", 2},
           {"bias_decay_mult", 0.5}})));
  const auto& groups = b.wrapper->optimizer()->param_groups();
  ASSERT_EQ(groups.size(), 4U);
  EXPECT_DOUBLE_EQ(groups[1].get("lr"), 0.2);
  EXPECT_DOUBLE_EQ(groups[1].get("weight_decay"), 5e-5);
  EXPECT_DOUBLE_EQ(groups[2].get("weight_decay"), 0.0);
  EXPECT_DOUBLE_EQ(groups[3].get("lr"), 0.1);
  EXPECT_TRUE(values_match(
      b.wrapper->get_lr(),
      Value::dict(
          {{"base_lr", Value::list({0.1})},
           {"lr", Value::list({0.1, 0.2, 0.1, 0.1})}})));
}

TEST(DefaultConstructorTest, FrozenParamsAreLeftOutWithWarning) {
  Net net(false);
  Built b = build(net, sgd_cfg(Value::dict({{"flat_decay_mult", 0.0}})));
  EXPECT_EQ(b.wrapper->optimizer()->param_groups().size(), 19U);
  bool warned = false;
  for (const auto& [level, message] : b.log) {
    warned |=
        level == "WARNING" &&
        message == "frozen.weight is skipped since its requires_grad=False";
  }
  EXPECT_TRUE(warned);
}

TEST(DefaultConstructorTest, SharedParamNeedsBypassDuplicate) {
  Net net(true);
  EXPECT_THROW(
      build(net, sgd_cfg(Value::dict({{"bias_lr_mult", 2.0}}))), ValueError);
  Built b = build(net, sgd_cfg(Value::dict({{"bypass_duplicate", true}})));
  EXPECT_EQ(b.wrapper->optimizer()->param_groups().size(), 19U);
}

TEST(DefaultConstructorTest, RejectsBadConfigs) {
  Net net(false);
  EXPECT_EQ(
      error_message([&] {
        build(net, sgd_cfg(Value::dict({{"bias_lr_mul", 2.0}})));
      }).rfind("paramwise_cfg: unknown key 'bias_lr_mul'", 0),
      0U);
  EXPECT_THROW(
      build(net, sgd_cfg(Value::dict({{"bias_lr_mul", 2.0}}))), KeyError);
  EXPECT_THROW(
      build(net, sgd_cfg(Value::dict({{"custom_keys", Value::list()}}))),
      TypeError);
  EXPECT_THROW(build(net, Value::dict({{"type", "OptimWrapper"}})), ValueError);
  Value bad_type = sgd_cfg({});
  bad_type["optimizer"]["type"] = "NoSuchOptim";
  EXPECT_THROW(build(net, bad_type), KeyError);
  Value bad_wrapper = sgd_cfg({});
  bad_wrapper["type"] = "NoSuchWrapper";
  EXPECT_THROW(build(net, bad_wrapper), KeyError);
  Value bad_key = sgd_cfg({});
  bad_key["clip_grads"] = Value::dict({{"max_norm", 1}});
  EXPECT_THROW(build(net, bad_key), TypeError);
  Value no_wd = sgd_cfg(Value::dict({{"dwconv_decay_mult", 0.1}}));
  no_wd["optimizer"] =
      Value::dict({{"type", "SGD"}, {"lr", 0.1}, {"momentum", 0.9}});
  EXPECT_EQ(
      error_message([&] { build(net, no_wd); }), "base_wd should not be None");
}

TEST(DefaultConstructorFidelityTest, GroupsMatchMMEngine) {
  MMENGINE_REQUIRE_REFERENCE();
  const auto cases = testing::run_reference("wrap_constructor.py");
  ASSERT_EQ(cases.size(), 12U);
  for (const auto& c : cases) {
    SCOPED_TRACE(c["name"].get<std::string>());
    Net net(c["shared"].get<bool>());
    const Value cfg = testing::from_tagged(c["cfg"]);
    if (c.contains("error")) {
      const std::string message = error_message([&] { build(net, cfg); });
      EXPECT_EQ(message, c["message"].get<std::string>());
      continue;
    }
    Built b = build(net, cfg);
    const auto names = param_names(net);
    const auto& groups = b.wrapper->optimizer()->param_groups();
    ASSERT_EQ(groups.size(), c["groups"].size());
    for (size_t g = 0; g < groups.size(); ++g) {
      const auto& expected = c["groups"][g];
      std::vector<std::string> got;
      for (const at::Tensor& p : groups[g].params) {
        got.push_back(names.at(p.unsafeGetTensorImpl()));
      }
      EXPECT_EQ(got, expected["params"].get<std::vector<std::string>>());
      EXPECT_TRUE(values_match(
          groups[g].options,
          testing::from_tagged(expected["options"]),
          "group" + std::to_string(g)));
    }
    EXPECT_TRUE(
        values_match(b.wrapper->get_lr(), testing::from_tagged(c["lr"])));
    EXPECT_TRUE(values_match(
        b.wrapper->get_momentum(), testing::from_tagged(c["momentum"])));
    EXPECT_EQ(b.wrapper->type_name(), c["type"].get<std::string>());
    EXPECT_EQ(
        b.wrapper->repr().substr(0, c["repr_head"].get<std::string>().size()),
        c["repr_head"].get<std::string>());
    ASSERT_EQ(b.log.size(), c["log"].size());
    for (size_t i = 0; i < b.log.size(); ++i) {
      EXPECT_EQ(b.log[i].first, c["log"][i][0].get<std::string>());
      EXPECT_EQ(b.log[i].second, c["log"][i][1].get<std::string>());
    }
  }
}

}  // namespace
}  // namespace mmengine::optim
