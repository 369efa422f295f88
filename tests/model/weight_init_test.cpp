#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "mmengine/model/weight_init.h"
#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"

namespace mmengine::model {
namespace {

using config::Value;

struct NetImpl : torch::nn::Module {
  NetImpl() {
    conv = register_module("conv", torch::nn::Conv2d(3, 4, 3));
    fc = register_module("fc", torch::nn::Linear(4, 5));
    head = register_module("head", torch::nn::Linear(5, 2));
  }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::Linear fc{nullptr};
  torch::nn::Linear head{nullptr};
};
TORCH_MODULE(Net);

class WeightInitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    torch::manual_seed(0);
  }
};

template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return std::string(e.kind()) + ": " + e.what();
  }
  return "no error";
}

TEST_F(WeightInitTest, ConstantFillsWeightAndBias) {
  torch::nn::Linear fc(3, 4);
  constant_init(*fc, 2, 0.5);
  EXPECT_TRUE(fc->weight.eq(2).all().item<bool>());
  EXPECT_TRUE(fc->bias.eq(0.5).all().item<bool>());
  torch::nn::Linear no_bias(torch::nn::LinearOptions(3, 4).bias(false));
  constant_init(*no_bias, 1);  // no bias: only the weight
  EXPECT_TRUE(no_bias->weight.eq(1).all().item<bool>());
}

TEST_F(WeightInitTest, NormalAndUniformStatistics) {
  torch::nn::Linear fc(500, 200);
  normal_init(*fc, 1, 0.5, 3);
  EXPECT_NEAR(fc->weight.mean().item<double>(), 1, 0.01);
  EXPECT_NEAR(fc->weight.std().item<double>(), 0.5, 0.01);
  EXPECT_TRUE(fc->bias.eq(3).all().item<bool>());
  uniform_init(*fc, -2, 4);
  EXPECT_GE(fc->weight.min().item<double>(), -2);
  EXPECT_LT(fc->weight.max().item<double>(), 4);
  EXPECT_NEAR(fc->weight.mean().item<double>(), 1, 0.02);
}

TEST_F(WeightInitTest, TruncNormalStaysInBounds) {
  torch::nn::Linear fc(500, 200);
  trunc_normal_init(*fc, 0, 1, -2, 2);
  EXPECT_GE(fc->weight.min().item<double>(), -2);
  EXPECT_LE(fc->weight.max().item<double>(), 2);
  // Variance of N(0,1) truncated to [-2, 2].
  EXPECT_NEAR(fc->weight.std().item<double>(), 0.8796, 0.01);
  trunc_normal_init(*fc, 0.5, 0.1, 0.4, 0.45);
  EXPECT_GE(fc->weight.min().item<double>(), 0.4);
  EXPECT_LE(fc->weight.max().item<double>(), 0.45);
}

TEST_F(WeightInitTest, XavierAndKaimingStatistics) {
  torch::nn::Linear fc(300, 500);  // fan_in 300, fan_out 500
  xavier_init(*fc, 2, 0, "normal");
  EXPECT_NEAR(fc->weight.std().item<double>(), 2 * std::sqrt(2.0 / 800), 2e-3);
  xavier_init(*fc, 1, 0, "uniform");
  EXPECT_LE(fc->weight.abs().max().item<double>(), std::sqrt(6.0 / 800));
  kaiming_init(*fc, 0, "fan_out", "relu", 0, "normal");
  EXPECT_NEAR(fc->weight.std().item<double>(), std::sqrt(2.0 / 500), 2e-3);
  kaiming_init(*fc, 0, "fan_in", "relu", 0, "uniform");
  const double bound = std::sqrt(3.0) * std::sqrt(2.0 / 300);
  EXPECT_LE(fc->weight.abs().max().item<double>(), bound);
  EXPECT_GT(fc->weight.abs().max().item<double>(), 0.99 * bound);
  caffe2_xavier_init(*fc);
  EXPECT_LE(fc->weight.abs().max().item<double>(), std::sqrt(3.0 / 300));
}

TEST_F(WeightInitTest, GainsAndBiasProb) {
  EXPECT_DOUBLE_EQ(calculate_gain("relu"), std::sqrt(2.0));
  EXPECT_DOUBLE_EQ(calculate_gain("tanh"), 5.0 / 3);
  EXPECT_DOUBLE_EQ(calculate_gain("conv2d"), 1);
  EXPECT_DOUBLE_EQ(calculate_gain("leaky_relu", 1), 1);
  EXPECT_DOUBLE_EQ(calculate_gain("leaky_relu"), std::sqrt(2 / 1.0001));
  EXPECT_DOUBLE_EQ(bias_init_with_prob(0.01), -std::log(99.0));
  EXPECT_EQ(
      error_of([] { calculate_gain("gelu"); }),
      "ValueError: Unsupported nonlinearity gelu");
}

TEST_F(WeightInitTest, BadModeAndDistribution) {
  torch::nn::Linear fc(2, 2);
  EXPECT_EQ(
      error_of([&] { kaiming_init(*fc, 0, "fan_avg"); }),
      "ValueError: Mode fan_avg not supported, please use one of ['fan_in', "
      "'fan_out']");
  EXPECT_EQ(
      error_of([&] { xavier_init(*fc, 1, 0, "cauchy"); }),
      "ValueError: distribution must be 'uniform' or 'normal', but got "
      "'cauchy'");
}

TEST_F(WeightInitTest, PythonClassNames) {
  EXPECT_EQ(module_class_name(*torch::nn::Conv2d(1, 1, 1)), "Conv2d");
  EXPECT_EQ(module_class_name(*torch::nn::BatchNorm2d(1)), "BatchNorm2d");
  EXPECT_EQ(module_class_name(*Net()), "Net");
  using Names = std::vector<std::string>;
  EXPECT_EQ(module_base_names(*torch::nn::Conv1d(1, 1, 1)), Names{"_ConvNd"});
  EXPECT_EQ(
      module_base_names(*torch::nn::ConvTranspose2d(1, 1, 1)),
      Names{"_ConvTransposeNd"});
  EXPECT_EQ(module_base_names(*torch::nn::BatchNorm1d(1)), Names{"_BatchNorm"});
  EXPECT_EQ(module_base_names(*torch::nn::Linear(1, 1)), Names{"Module"});
}

TEST_F(WeightInitTest, RegistersMMEngineNames) {
  register_weight_initializers();
  for (const char* name :
       {"Constant",
        "Xavier",
        "Normal",
        "TruncNormal",
        "Uniform",
        "Kaiming",
        "Caffe2Xavier",
        "Pretrained"}) {
    EXPECT_TRUE(registry::WEIGHT_INITIALIZERS.contains(name)) << name;
  }
  auto init = registry::WEIGHT_INITIALIZERS.build(
      Value::dict({{"type", "Kaiming"}, {"bias_prob", 0.01}}));
  EXPECT_EQ(
      init->init_info(),
      "KaimingInit: a=0, mode=fan_out, nonlinearity=relu, distribution "
      "=normal, bias=-4.59511985013459");
}

TEST_F(WeightInitTest, ArgumentErrors) {
  Net net;
  auto init = [&](Value cfg) {
    return error_of([&] { initialize(*net, cfg); });
  };
  EXPECT_EQ(
      init(Value::dict({{"type", "Normal"}, {"bias", "x"}})),
      "TypeError: weight initializer.Normal: bias must be a number, but got "
      "a str");
  EXPECT_EQ(
      init(Value::dict({{"type", "Normal"}, {"bias_prob", 1}})),
      "TypeError: weight initializer.Normal: bias_prob type must be float, "
      "but got int");
  EXPECT_EQ(
      init(Value::dict({{"type", "Normal"}, {"layer", 3}})),
      "TypeError: weight initializer.Normal: layer must be a str or a list "
      "of str, but got a int");
  EXPECT_NE(
      init(Value::dict({{"type", "Constant"}})).find("KeyError"),
      std::string::npos);
  EXPECT_NE(
      init(Value::dict({{"type", "Normal"}, {"sdt", 1}})).find("'std'"),
      std::string::npos);
  EXPECT_EQ(
      init(Value(3)),
      "TypeError: init_cfg must be a dict or a list of dict, but got int");
}

TEST_F(WeightInitTest, LayerSelectsByClassAndBaseName) {
  Net net;
  initialize(
      *net,
      Value::dict({{"type", "Constant"}, {"val", 1}, {"layer", "Linear"}}));
  EXPECT_TRUE(net->fc->weight.eq(1).all().item<bool>());
  EXPECT_TRUE(net->head->weight.eq(1).all().item<bool>());
  EXPECT_FALSE(net->conv->weight.eq(1).all().item<bool>());
  initialize(
      *net,
      Value::dict(
          {{"type", "Constant"},
           {"val", 2},
           {"bias", 3},
           {"layer", Value::list({"_ConvNd", "Nothing"})}}));
  EXPECT_TRUE(net->conv->weight.eq(2).all().item<bool>());
  EXPECT_TRUE(net->conv->bias.eq(3).all().item<bool>());
  EXPECT_TRUE(net->fc->weight.eq(1).all().item<bool>());
}

TEST_F(WeightInitTest, OverrideRules) {
  Net net;
  // With its own type: wholemodule, regardless of layer.
  initialize(
      *net,
      Value::dict(
          {{"type", "Constant"},
           {"val", 1},
           {"layer", "Conv2d"},
           {"override",
            Value::dict(
                {{"name", "head"}, {"type", "Constant"}, {"val", 3}})}}));
  EXPECT_TRUE(net->conv->weight.eq(1).all().item<bool>());
  EXPECT_TRUE(net->head->weight.eq(3).all().item<bool>());
  EXPECT_FALSE(net->fc->weight.eq(1).all().item<bool>());
  // Only `name`: inherits the parent cfg without `layer`.
  initialize(
      *net,
      Value::dict(
          {{"type", "Constant"},
           {"val", 5},
           {"layer", "Conv2d"},
           {"override", Value::list({Value::dict({{"name", "fc"}})})}}));
  EXPECT_TRUE(net->fc->weight.eq(5).all().item<bool>());
}

TEST_F(WeightInitTest, OverrideErrors) {
  Net net;
  auto with = [&](Value override) {
    return error_of([&] {
      initialize(
          *net,
          Value::dict(
              {{"type", "Constant"}, {"val", 1}, {"override", override}}));
    });
  };
  EXPECT_EQ(
      with(Value::dict({{"type", "Constant"}, {"val", 2}})),
      "ValueError: `override` must contain the key \"name\",but got {'type': "
      "'Constant', 'val': 2}");
  EXPECT_EQ(
      with(Value::dict({{"name", "head"}, {"val", 2}})),
      "ValueError: `override` need \"type\" key, but got {'val': 2}");
  EXPECT_EQ(
      with(Value::dict({{"name", "neck"}})),
      "ValueError: module did not have attribute neck, but init_cfg is "
      "{'type': 'Constant', 'val': 1}.");
  EXPECT_EQ(
      with(Value("head")),
      "TypeError: override must be a dict or a list of dict, but got str");
}

}  // namespace
}  // namespace mmengine::model
