#include "mmengine/zoo/mlp.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <string>
#include <vector>

#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"
#include "mmengine/zoo/lenet.h"
#include "mmengine/zoo/models.h"

namespace mmengine::zoo {
namespace {

using config::Value;

template <typename T>
std::shared_ptr<T> build(const Value& cfg) {
  register_zoo_models();
  auto net = std::dynamic_pointer_cast<T>(registry::MODELS.build(cfg));
  EXPECT_NE(net, nullptr);
  return net;
}

std::vector<std::string> param_names(const torch::nn::Module& net) {
  return net.named_parameters().keys();
}

std::string error_of(const Value& cfg) {
  try {
    register_zoo_models();
    registry::MODELS.build(cfg);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(MLPTest, BuildsFromConfigWithSequentialNames) {
  torch::manual_seed(0);
  auto net = build<MLP>(Value::dict(
      {{"type", "MLP"},
       {"in_channels", 12},
       {"hidden_channels", Value::list({8, 6})},
       {"num_classes", 3},
       {"activation", "GELU"}}));
  EXPECT_EQ(
      param_names(*net),
      (std::vector<std::string>{
          "layers.0.weight",
          "layers.0.bias",
          "layers.2.weight",
          "layers.2.bias",
          "layers.4.weight",
          "layers.4.bias"}));
  EXPECT_EQ(
      net->named_parameters()["layers.2.weight"].sizes().vec(),
      (std::vector<int64_t>{6, 8}));
  // N x 3 x 2 x 2 is flattened to N x 12.
  auto y = net->forward(torch::randn({5, 3, 2, 2}));
  EXPECT_EQ(y.sizes().vec(), (std::vector<int64_t>{5, 3}));
  EXPECT_EQ(net->to_config()["activation"].as<std::string>(), "GELU");
}

TEST(MLPTest, NoHiddenLayerIsOneLinear) {
  auto net = build<MLP>(
      Value::dict({{"type", "MLP"}, {"in_channels", 4}, {"num_classes", 2}}));
  EXPECT_EQ(
      param_names(*net),
      (std::vector<std::string>{"layers.0.weight", "layers.0.bias"}));
}

TEST(MLPTest, RejectsBadConfigsAndInputs) {
  EXPECT_NE(
      error_of(Value::dict(
                   {{"type", "MLP"},
                    {"in_channels", 4},
                    {"num_classes", 2},
                    {"hiden_channels", Value::list({3})}}))
          .find("hiden_channels"),
      std::string::npos);
  EXPECT_NE(
      error_of(Value::dict(
                   {{"type", "MLP"},
                    {"in_channels", 4},
                    {"num_classes", 2},
                    {"activation", "Swish"}}))
          .find("unknown activation 'Swish'"),
      std::string::npos);
  EXPECT_NE(
      error_of(Value::dict({{"type", "MLP"}, {"in_channels", 4}}))
          .find("num_classes"),
      std::string::npos);
  auto net = build<MLP>(
      Value::dict({{"type", "MLP"}, {"in_channels", 4}, {"num_classes", 2}}));
  EXPECT_THROW(net->forward(torch::randn({2, 5})), ValueError);
}

TEST(LeNetTest, ShapesAndNamesFor32And28) {
  torch::manual_seed(0);
  auto net32 = build<LeNet>(Value::dict({{"type", "LeNet"}}));
  auto net28 = build<LeNet>(
      Value::dict({{"type", "LeNet"}, {"input_size", 28}, {"num_classes", 4}}));
  const std::vector<std::string> names{
      "conv1.weight",
      "conv1.bias",
      "conv2.weight",
      "conv2.bias",
      "fc1.weight",
      "fc1.bias",
      "fc2.weight",
      "fc2.bias",
      "fc3.weight",
      "fc3.bias"};
  EXPECT_EQ(param_names(*net32), names);
  EXPECT_EQ(
      net32->named_parameters()["fc1.weight"].sizes().vec(),
      (std::vector<int64_t>{120, 400}));
  EXPECT_EQ(
      net32->forward(torch::randn({2, 1, 32, 32})).sizes().vec(),
      (std::vector<int64_t>{2, 10}));
  EXPECT_EQ(
      net28->forward(torch::randn({3, 1, 28, 28})).sizes().vec(),
      (std::vector<int64_t>{3, 4}));
  // LeNet-5 with 10 classes has 61,706 parameters.
  int64_t count = 0;
  for (const auto& p : net32->parameters()) {
    count += p.numel();
  }
  EXPECT_EQ(count, 61706);
}

TEST(LeNetTest, RejectsBadConfigsAndInputs) {
  EXPECT_NE(
      error_of(Value::dict({{"type", "LeNet"}, {"input_size", 64}}))
          .find("input_size must be 32 or 28, got 64"),
      std::string::npos);
  EXPECT_NE(
      error_of(Value::dict({{"type", "LeNet"}, {"depth", 5}})).find("depth"),
      std::string::npos);
  auto net = build<LeNet>(Value::dict({{"type", "LeNet"}, {"in_channels", 3}}));
  EXPECT_EQ(net->to_config()["in_channels"].as<int64_t>(), 3);
  EXPECT_THROW(net->forward(torch::randn({1, 1, 32, 32})), ValueError);
}

}  // namespace
}  // namespace mmengine::zoo
