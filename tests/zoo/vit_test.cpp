#include "mmengine/zoo/vit.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"
#include "mmengine/zoo/models.h"
#include "tests/support/fidelity.h"
#include "tests/support/temp_dir.h"

namespace mmengine::zoo {
namespace {

using config::Value;
using Shapes = std::vector<std::pair<std::string, std::vector<int64_t>>>;

std::shared_ptr<VisionTransformer> build(const Value& cfg) {
  register_zoo_models();
  auto net =
      std::dynamic_pointer_cast<VisionTransformer>(registry::MODELS.build(cfg));
  EXPECT_NE(net, nullptr);
  return net;
}

// The configs of tests/fidelity/scripts/zoo_vit.py.
Value small_cfg() {
  return Value::dict(
      {{"type", "VisionTransformer"},
       {"image_size", 32},
       {"patch_size", 8},
       {"num_layers", 2},
       {"num_heads", 4},
       {"hidden_dim", 32},
       {"mlp_dim", 64},
       {"num_classes", 10}});
}

Shapes shapes_of(const torch::nn::Module& net) {
  Shapes out;
  for (const auto& item : net.named_parameters()) {
    out.emplace_back(item.key(), item.value().sizes().vec());
  }
  return out;
}

class VisionTransformerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    torch::manual_seed(0);
  }
};

TEST_F(VisionTransformerTest, LogitsAndBackboneFeatures) {
  auto net = build(small_cfg());
  EXPECT_EQ(
      net->forward(torch::randn({2, 3, 32, 32})).sizes().vec(),
      (std::vector<int64_t>{2, 10}));
  EXPECT_EQ(
      net->forward_features(torch::randn({1, 3, 32, 32})).sizes().vec(),
      (std::vector<int64_t>{1, 17, 32}));
  auto cfg = small_cfg();
  cfg["num_classes"] = 0;
  auto backbone = build(cfg);
  EXPECT_EQ(backbone->out_channels(), 32);
  for (const auto& [name, shape] : shapes_of(*backbone)) {
    EXPECT_FALSE(name.starts_with("heads")) << name;
  }
  auto y = backbone->forward(torch::randn({3, 3, 32, 32}));
  EXPECT_EQ(y.sizes().vec(), (std::vector<int64_t>{3, 32}));
}

TEST_F(VisionTransformerTest, TorchvisionInitialisation) {
  auto cfg = small_cfg();
  cfg["hidden_dim"] = 64;
  cfg["mlp_dim"] = 256;
  auto params = build(cfg)->named_parameters();
  EXPECT_EQ(params["heads.head.weight"].abs().sum().item<double>(), 0.0);
  EXPECT_EQ(params["class_token"].abs().sum().item<double>(), 0.0);
  EXPECT_NEAR(params["encoder.pos_embedding"].std().item<double>(), 0.02, 4e-3);
  // trunc_normal_(std=sqrt(1 / fan_in), a=-2, b=2), fan_in = 3 * 8 * 8.
  const auto conv = params["conv_proj.weight"];
  EXPECT_NEAR(conv.std().item<double>(), std::sqrt(1.0 / 192), 3e-3);
  const auto in_proj =
      params["encoder.layers.encoder_layer_0.self_attention.in_proj_weight"];
  // Xavier uniform bound sqrt(6 / (64 + 192)).
  EXPECT_LE(in_proj.abs().max().item<double>(), std::sqrt(6.0 / 256) + 1e-6);
  EXPECT_LT(
      params["encoder.layers.encoder_layer_1.mlp.0.bias"]
          .abs()
          .max()
          .item<double>(),
      1e-4);
}

TEST_F(VisionTransformerTest, ArchPresetAndRoundTrip) {
  register_zoo_models();
  auto cfg = Value::dict(
      {{"type", "VisionTransformer"},
       {"arch", "b_32"},
       {"num_layers", 1},
       {"mlp_dim", 16},
       {"image_size", 64},
       {"num_classes", 3}});
  auto net = build(cfg);
  auto out = net->to_config();
  EXPECT_EQ(out["patch_size"].as<int64_t>(), 32);
  EXPECT_EQ(out["hidden_dim"].as<int64_t>(), 768);
  EXPECT_EQ(out["num_heads"].as<int64_t>(), 12);
  EXPECT_EQ(out["num_layers"].as<int64_t>(), 1);
  EXPECT_EQ(out["mlp_dim"].as<int64_t>(), 16);
  EXPECT_EQ(shapes_of(*build(out)), shapes_of(*net));
}

TEST_F(VisionTransformerTest, DropoutOnlyInTraining) {
  auto cfg = small_cfg();
  cfg["dropout"] = 0.5;
  cfg["attention_dropout"] = 0.5;
  cfg["num_classes"] = 0;
  auto net = build(cfg);
  auto x = torch::randn({2, 3, 32, 32});
  EXPECT_FALSE(torch::equal(net->forward(x), net->forward(x)));
  net->eval();
  EXPECT_TRUE(torch::equal(net->forward(x), net->forward(x)));
}

TEST_F(VisionTransformerTest, RejectsBadConfigs) {
  auto cfg = small_cfg();
  cfg["patch_size"] = 5;
  EXPECT_THROW(build(cfg), ValueError);
  cfg = small_cfg();
  cfg["num_heads"] = 3;
  EXPECT_THROW(build(cfg), ValueError);
  cfg = small_cfg();
  cfg.erase("mlp_dim");
  EXPECT_THROW(build(cfg), KeyError);
  EXPECT_THROW(
      build(Value::dict({{"type", "VisionTransformer"}, {"arch", "x_1"}})),
      KeyError);
  auto net = build(small_cfg());
  try {
    net->forward(torch::randn({1, 3, 24, 24}));
    FAIL() << "a 24x24 input was accepted";
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("[1, 3, 24, 24]"), std::string::npos)
        << e.what();
  }
}

// Names, order and shapes equal torchvision's state_dict.
TEST(VisionTransformerFidelityTest, StateDictMatchesTorchvision) {
  MMENGINE_REQUIRE_REFERENCE();
  auto ref = testing::run_reference("zoo_vit.py", {"names"});
  auto representation = small_cfg();
  representation["representation_size"] = 16;
  representation["num_layers"] = 1;
  auto wide = Value::dict(
      {{"type", "VisionTransformer"},
       {"image_size", 48},
       {"patch_size", 16},
       {"num_layers", 3},
       {"num_heads", 2},
       {"hidden_dim", 24},
       {"mlp_dim", 40},
       {"num_classes", 7}});
  for (const auto& [key, cfg] :
       {std::pair{"small", small_cfg()},
        {"representation", representation},
        {"wide", wide}}) {
    Shapes expected;
    for (const auto& item : ref[key]) {
      expected.emplace_back(
          item[0].get<std::string>(), item[1].get<std::vector<int64_t>>());
    }
    EXPECT_EQ(shapes_of(*build(cfg)), expected) << key;
  }
}

// Same weights, same input: eval-mode logits agree to 1e-5.
TEST(VisionTransformerFidelityTest, OutputMatchesTorchvision) {
  MMENGINE_REQUIRE_REFERENCE();
  testing::TempDir dir;
  auto ref =
      testing::run_reference("zoo_vit.py", {"weights", dir.path().string()});
  auto cfg = small_cfg();
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
  EXPECT_GT(expected.abs().max().item<double>(), 0.1);
  EXPECT_TRUE(torch::allclose(output, expected, /*rtol=*/0, /*atol=*/1e-5))
      << (output - expected).abs().max().item<double>();
}

}  // namespace
}  // namespace mmengine::zoo
