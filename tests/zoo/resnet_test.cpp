#include "mmengine/zoo/resnet.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"
#include "mmengine/zoo/models.h"
#include "tests/support/fidelity.h"
#include "tests/support/temp_dir.h"

namespace mmengine::zoo {
namespace {

using config::Value;
using Shapes = std::map<std::string, std::vector<int64_t>>;

std::shared_ptr<ResNet> build(Value cfg) {
  register_zoo_models();
  auto module = registry::MODELS.build(cfg);
  auto net = std::dynamic_pointer_cast<ResNet>(module);
  EXPECT_NE(net, nullptr);
  return net;
}

Value resnet_cfg(int64_t depth, int64_t num_classes) {
  return Value::dict(
      {{"type", "ResNet"}, {"depth", depth}, {"num_classes", num_classes}});
}

Shapes shapes_of(const torch::nn::Module& net) {
  Shapes out;
  for (const auto& item : net.named_parameters()) {
    out[item.key()] = item.value().sizes().vec();
  }
  for (const auto& item : net.named_buffers()) {
    out[item.key()] = item.value().sizes().vec();
  }
  return out;
}

class ResNetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    torch::manual_seed(0);
  }
};

TEST_F(ResNetTest, ResNet18Shapes) {
  auto net = build(resnet_cfg(18, 7));
  EXPECT_EQ(net->out_channels(), 512);
  auto y = net->forward(torch::randn({2, 3, 32, 32}));
  EXPECT_EQ(y.sizes().vec(), (std::vector<int64_t>{2, 7}));
  EXPECT_EQ(
      net->forward_features(torch::randn({1, 3, 64, 64})).sizes().vec(),
      (std::vector<int64_t>{1, 512, 2, 2}));
}

TEST_F(ResNetTest, BackboneModeHasNoFc) {
  auto net = build(resnet_cfg(50, 0));
  EXPECT_EQ(net->out_channels(), 2048);
  auto shapes = shapes_of(*net);
  EXPECT_EQ(shapes.count("fc.weight"), 0u);
  EXPECT_EQ(
      shapes.at("layer4.2.conv3.weight"),
      (std::vector<int64_t>{2048, 512, 1, 1}));
  auto y = net->forward(torch::randn({2, 3, 64, 64}));
  EXPECT_EQ(y.sizes().vec(), (std::vector<int64_t>{2, 2048}));
}

TEST_F(ResNetTest, TorchvisionNamesAndInit) {
  auto net = build(resnet_cfg(18, 1000));
  auto shapes = shapes_of(*net);
  for (const char* name :
       {"conv1.weight",
        "bn1.running_mean",
        "bn1.num_batches_tracked",
        "layer1.0.conv1.weight",
        "layer2.0.downsample.0.weight",
        "layer2.0.downsample.1.running_var",
        "fc.bias"}) {
    EXPECT_EQ(shapes.count(name), 1u) << name;
  }
  EXPECT_EQ(shapes.count("layer1.0.downsample.0.weight"), 0u);
  // Kaiming normal, fan_out, ReLU gain: std = sqrt(2 / (64 * 7 * 7)).
  auto w = net->named_parameters()["conv1.weight"];
  EXPECT_NEAR(w.std().item<double>(), std::sqrt(2.0 / (64 * 49)), 2e-3);
}

TEST_F(ResNetTest, ZeroInitResidual) {
  auto cfg = resnet_cfg(34, 10);
  cfg["zero_init_residual"] = true;
  auto net = build(cfg);
  auto params = net->named_parameters();
  EXPECT_EQ(params["layer3.5.bn2.weight"].abs().sum().item<double>(), 0.0);
  EXPECT_EQ(params["layer3.5.bn1.weight"].min().item<double>(), 1.0);
  EXPECT_TRUE(net->to_config()["zero_init_residual"].as<bool>());
}

TEST_F(ResNetTest, ToConfigRoundTrips) {
  auto net = build(resnet_cfg(18, 5));
  auto again = build(net->to_config());
  EXPECT_EQ(again->to_config(), net->to_config());
  EXPECT_EQ(shapes_of(*again), shapes_of(*net));
}

TEST_F(ResNetTest, RejectsBadConfigs) {
  try {
    build(resnet_cfg(20, 10));
    FAIL() << "depth 20 accepted";
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("invalid depth 20"), std::string::npos)
        << e.what();
  }
  auto cfg = resnet_cfg(18, 10);
  cfg["num_class"] = 3;
  try {
    build(cfg);
    FAIL() << "unknown key accepted";
  } catch (const TypeError& e) {
    EXPECT_NE(std::string(e.what()).find("num_class"), std::string::npos)
        << e.what();
  }
  auto net = build(resnet_cfg(18, 10));
  EXPECT_THROW(net->forward(torch::randn({1, 1, 32, 32})), ValueError);
}

// Names and shapes equal torchvision's state_dict for every depth.
TEST(ResNetFidelityTest, StateDictKeysMatchTorchvision) {
  MMENGINE_REQUIRE_REFERENCE();
  auto ref = testing::run_reference("zoo_resnet.py", {"names"});
  for (int64_t depth : {18, 34, 50, 101}) {
    Shapes expected;
    for (const auto& item : ref["resnet" + std::to_string(depth)]) {
      expected[item[0].get<std::string>()] =
          item[1].get<std::vector<int64_t>>();
    }
    EXPECT_EQ(shapes_of(*build(resnet_cfg(depth, 1000))), expected) << depth;
  }
}

// Same weights, same input: the eval-mode outputs agree to 1e-5.
TEST(ResNetFidelityTest, ResNet18OutputMatchesTorchvision) {
  MMENGINE_REQUIRE_REFERENCE();
  testing::TempDir dir;
  auto ref =
      testing::run_reference("zoo_resnet.py", {"weights", dir.path().string()});
  auto cfg = resnet_cfg(18, 10);
  cfg["init_cfg"] = Value::dict(
      {{"type", "Pretrained"},
       {"checkpoint", ref["weights"].get<std::string>()}});
  auto net = build(cfg);
  net->init_weights();
  for (const auto& record : net->init_log()) {
    EXPECT_NE(record.level, "WARNING") << record.message;
  }
  net->eval();

  std::ifstream file(ref["io"].get<std::string>(), std::ios::binary);
  std::vector<char> bytes(
      (std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  auto io = torch::pickle_load(bytes).toGenericDict();
  auto input = io.at("input").toTensor();
  auto expected = io.at("output").toTensor();
  torch::NoGradGuard no_grad;
  auto output = net->forward(input);
  ASSERT_EQ(output.sizes(), expected.sizes());
  EXPECT_TRUE(torch::allclose(output, expected, /*rtol=*/0, /*atol=*/1e-5))
      << (output - expected).abs().max().item<double>();
}

}  // namespace
}  // namespace mmengine::zoo
