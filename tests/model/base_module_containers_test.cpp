#include "mmengine/model/base_module_containers.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <string>
#include <vector>

#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"
#include "mmengine/zoo/models.h"
#include "tests/support/fidelity.h"
#include "tests/support/temp_dir.h"

namespace mmengine::model {
namespace {

using config::Value;
using ModulePtr = std::shared_ptr<torch::nn::Module>;

Value constant(Value val, Value bias, Value layer) {
  return Value::dict(
      {{"type", "Constant"}, {"val", val}, {"bias", bias}, {"layer", layer}});
}

// A BaseModule with its own init_cfg (as the Python script's `Sub`).
struct Sub : BaseModule {
  Sub()
      : BaseModule(Value::dict(
            {{"type", "Constant"}, {"val", 2}, {"layer", "Linear"}})) {
    fc = register_module("fc", torch::nn::Linear(2, 2));
  }
  torch::nn::Linear fc{nullptr};
};

// The nesting of tests/fidelity/scripts/zoo_containers.py.
std::shared_ptr<Sequential> build_nested() {
  auto list = std::make_shared<ModuleList>(
      std::vector<ModulePtr>{
          torch::nn::Linear(2, 2).ptr(), std::make_shared<Sub>()},
      constant(3, 0.25, "Linear"));
  auto dict = std::make_shared<ModuleDict>(std::vector<ModuleDict::Item>{
      {"a", torch::nn::Linear(2, 2).ptr()},
      {"b", std::make_shared<Sub>()},
      {"c", torch::nn::Conv2d(1, 1, 1).ptr()}});
  return std::make_shared<Sequential>(
      std::vector<ModulePtr>{torch::nn::Linear(2, 2).ptr(), list, dict},
      constant(1, 0.5, Value::list({"Linear", "Sequential"})));
}

double value_of(const torch::nn::Module& m, const std::string& name) {
  return m.named_parameters()[name].mean().item<double>();
}

TEST(SequentialTest, RunsChildrenInOrder) {
  Sequential seq;
  seq.push_back(torch::nn::Linear(3, 4));
  seq.push_back(ModulePtr(torch::nn::ReLU().ptr()));
  seq.push_back(std::make_shared<Sequential>());  // empty: identity
  ASSERT_EQ(seq.size(), 3u);
  auto linear = std::dynamic_pointer_cast<torch::nn::LinearImpl>(seq[0]);
  ASSERT_NE(linear, nullptr);
  auto x = torch::randn({2, 3});
  EXPECT_TRUE(torch::equal(seq.forward(x), torch::relu(linear->forward(x))));
  EXPECT_EQ(seq[-1], seq[2]);
  EXPECT_THROW(seq[3], IndexError);
  EXPECT_THROW(seq[-4], IndexError);
  std::vector<std::string> names;
  for (const auto& item : seq.named_children()) {
    names.push_back(item.key());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"0", "1", "2"}));
}

TEST(SequentialTest, RejectsUncallableChildren) {
  Sequential seq;
  seq.push_back(ModulePtr(torch::nn::LSTM(2, 2).ptr()));
  try {
    seq.forward(torch::randn({1, 2}));
    FAIL() << "an LSTM child was called";
  } catch (const TypeError& e) {
    EXPECT_NE(
        std::string(e.what()).find("LSTM cannot be called"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(seq.push_back(ModulePtr()), TypeError);
}

TEST(ContainersTest, ChildInitCfgWinsOverParent) {
  auto net = build_nested();
  net->init_weights();
  EXPECT_EQ(value_of(*net, "0.weight"), 1.0);
  EXPECT_EQ(value_of(*net, "0.bias"), 0.5);
  EXPECT_EQ(value_of(*net, "1.0.weight"), 3.0);     // ModuleList's own cfg
  EXPECT_EQ(value_of(*net, "1.1.fc.weight"), 2.0);  // Sub's own cfg
  EXPECT_EQ(value_of(*net, "1.1.fc.bias"), 0.0);
  EXPECT_EQ(value_of(*net, "2.a.weight"), 1.0);  // ModuleDict has none
  EXPECT_EQ(value_of(*net, "2.b.fc.weight"), 2.0);
  EXPECT_TRUE(net->is_init());
  EXPECT_TRUE(std::dynamic_pointer_cast<ModuleList>((*net)[1])->is_init());
}

TEST(ModuleListTest, AppendExtendIndex) {
  ModuleList list;
  list.append(torch::nn::Linear(1, 1));
  list.extend({torch::nn::ReLU().ptr(), torch::nn::Tanh().ptr()});
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[-1], list[2]);
  EXPECT_THROW(list[5], IndexError);
  EXPECT_EQ(list.named_parameters().size(), 2u);
  EXPECT_EQ(list.base_class_names()[1], "ModuleList");
}

TEST(ModuleDictTest, SetReplacesInPlace) {
  ModuleDict dict;
  dict.set("x", torch::nn::Linear(1, 2));
  dict.set("y", torch::nn::Linear(2, 3));
  dict.set("x", torch::nn::Linear(1, 4));
  EXPECT_EQ(dict.keys(), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(dict.named_parameters()["x.weight"].size(0), 4);
  EXPECT_TRUE(dict.contains("y"));
  EXPECT_FALSE(dict.contains("z"));
  EXPECT_THROW(dict["z"], KeyError);
  EXPECT_THROW(dict.set("a.b", torch::nn::Linear(1, 1)), ValueError);
}

TEST(ContainersTest, BuildFromConfigs) {
  zoo::register_zoo_models();
  auto mlp =
      Value::dict({{"type", "MLP"}, {"in_channels", 4}, {"num_classes", 3}});
  auto seq =
      std::dynamic_pointer_cast<Sequential>(registry::MODELS.build(Value::dict(
          {{"type", "Sequential"},
           {"modules",
            Value::list(
                {mlp, Value::dict({{"type", "GlobalAveragePooling"}})})},
           {"init_cfg", constant(0, 0, "Linear")}})));
  ASSERT_NE(seq, nullptr);
  seq->init_weights();
  auto y = seq->forward(torch::randn({2, 4}));
  EXPECT_EQ(y.sizes().vec(), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(y.abs().sum().item<double>(), 0.0);
  // A list builds a Sequential, as build_model_from_cfg.
  auto built = build_model_from_cfg(Value::list({mlp, mlp}));
  EXPECT_EQ(std::dynamic_pointer_cast<Sequential>(built)->size(), 2u);
  auto dict =
      std::dynamic_pointer_cast<ModuleDict>(registry::MODELS.build(Value::dict(
          {{"type", "ModuleDict"}, {"modules", Value::dict({{"m", mlp}})}})));
  EXPECT_EQ(dict->keys(), (std::vector<std::string>{"m"}));
  try {
    registry::MODELS.build(Value::dict(
        {{"type", "ModuleList"},
         {"modules", Value::list({Value::dict({{"type", "MLPP"}})})}}));
    FAIL() << "unknown type accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("modules[0]"), std::string::npos)
        << e.what();
  }
}

// Same nesting and init_cfgs as MMEngine: equal values and init report.
TEST(ContainersFidelityTest, InitWeightsMatchesMMEngine) {
  MMENGINE_REQUIRE_REFERENCE();
  testing::TempDir dir;
  const auto ref =
      testing::run_reference("zoo_containers.py", {dir.path().string()});
  auto net = build_nested();
  net->init_weights();
  EXPECT_EQ(net->init_report(), ref["report"].get<std::string>());
  std::vector<std::string> names;
  for (const auto& item : net->named_parameters()) {
    names.push_back(item.key());
    if (item.key().starts_with("2.c.")) {
      continue;  // default (random) init
    }
    const auto expected = ref["params"][item.key()].get<std::vector<double>>();
    const auto flat = item.value().detach().flatten().to(torch::kDouble);
    EXPECT_EQ(
        std::vector<double>(
            flat.data_ptr<double>(), flat.data_ptr<double>() + flat.numel()),
        expected)
        << item.key();
  }
  EXPECT_EQ(names, ref["names"].get<std::vector<std::string>>());
}

}  // namespace
}  // namespace mmengine::model
