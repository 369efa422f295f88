#include <gtest/gtest.h>
#include <torch/csrc/jit/serialization/pickle.h>
#include <torch/torch.h>

#include <fstream>

#include "mmengine/model/base_module.h"
#include "mmengine/model/weight_init.h"
#include "mmengine/utils/error.h"
#include "tests/support/fidelity.h"
#include "tests/support/temp_dir.h"

namespace mmengine::model {
namespace {

using config::Value;

Value cfg(std::initializer_list<Value::Item> items) {
  return Value::dict(items);
}

struct Child : BaseModule {
  explicit Child(Value init_cfg = {}) : BaseModule(std::move(init_cfg)) {
    fc = register_module("fc", torch::nn::Linear(2, 2));
  }
  torch::nn::Linear fc{nullptr};
};

// A child whose own init_weights changes its weights by hand.
struct HandInit : BaseModule {
  HandInit() {
    fc = register_module("fc", torch::nn::Linear(2, 2));
  }
  void init_weights() override {
    BaseModule::init_weights();
    torch::NoGradGuard no_grad;
    fc->weight.fill_(7);
  }
  torch::nn::Linear fc{nullptr};
};

struct Parent : BaseModule {
  explicit Parent(Value init_cfg, Value child_cfg = {})
      : BaseModule(std::move(init_cfg)) {
    child = register_module("child", std::make_shared<Child>(child_cfg));
    head = register_module("head", torch::nn::Linear(2, 1));
  }
  std::shared_ptr<Child> child;
  torch::nn::Linear head{nullptr};
};

std::string write_pickled(
    const std::filesystem::path& path,
    const std::vector<std::pair<std::string, at::Tensor>>& tensors) {
  c10::Dict<std::string, at::Tensor> dict;
  for (const auto& [k, v] : tensors) {
    dict.insert(k, v);
  }
  const std::vector<char> bytes = torch::jit::pickle_save(c10::IValue(dict));
  std::ofstream(path, std::ios::binary).write(bytes.data(), bytes.size());
  return path.string();
}

class BaseModuleInitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    torch::manual_seed(0);
  }
};

TEST_F(BaseModuleInitTest, OwnCfgThenChildrenThenIsInit) {
  auto net = std::make_shared<Parent>(
      cfg({{"type", "Constant"}, {"val", 1}, {"layer", "Linear"}}),
      cfg({{"type", "Constant"}, {"val", 2}, {"layer", "Linear"}}));
  net->init_weights();
  // The child's own init_cfg runs after the parent's and wins.
  EXPECT_TRUE(net->child->fc->weight.eq(2).all().item<bool>());
  EXPECT_TRUE(net->head->weight.eq(1).all().item<bool>());
  EXPECT_TRUE(net->is_init());
  EXPECT_TRUE(net->child->is_init());
  ASSERT_FALSE(net->init_log().empty());
  EXPECT_EQ(net->init_log()[0].level, "DEBUG");
  EXPECT_EQ(
      net->init_log()[0].message,
      "initialize Parent with init_cfg {'type': 'Constant', 'val': 1, "
      "'layer': 'Linear'}");
}

TEST_F(BaseModuleInitTest, ReportNamesEachParameter) {
  auto net = std::make_shared<Parent>(
      cfg({{"type", "Constant"}, {"val", 1}, {"layer", "Linear"}}));
  net->init_weights();
  EXPECT_EQ(
      net->init_report(),
      "Name of parameter - Initialization information\n"
      "\nchild.fc.weight - torch.Size([2, 2]): \nConstantInit: val=1, bias=0 \n"
      "\nchild.fc.bias - torch.Size([2]): \nConstantInit: val=1, bias=0 \n"
      "\nhead.weight - torch.Size([1, 2]): \nConstantInit: val=1, bias=0 \n"
      "\nhead.bias - torch.Size([1]): \nConstantInit: val=1, bias=0 \n");
}

TEST_F(BaseModuleInitTest, UnchangedAndUserDefinedInfo) {
  struct Net : BaseModule {
    Net() {
      hand = register_module("hand", std::make_shared<HandInit>());
      fc = register_module("fc", torch::nn::Linear(2, 2));
    }
    std::shared_ptr<HandInit> hand;
    torch::nn::Linear fc{nullptr};
  };
  auto net = std::make_shared<Net>();
  net->init_weights();
  const std::string& report = net->init_report();
  EXPECT_NE(
      report.find("hand.fc.weight - torch.Size([2, 2]): \nInitialized by "
                  "user-defined `init_weights` in HandInit  \n"),
      std::string::npos)
      << report;
  EXPECT_NE(
      report.find("fc.bias - torch.Size([2]): \nThe value is the same before "
                  "and after calling `init_weights` of Net  \n"),
      std::string::npos)
      << report;
}

TEST_F(BaseModuleInitTest, SecondCallOnlyWarns) {
  auto net = std::make_shared<Parent>(
      cfg({{"type", "Constant"}, {"val", 1}, {"layer", "Linear"}}));
  net->init_weights();
  {
    torch::NoGradGuard g;
    net->head->weight.fill_(9);
  }
  net->init_weights();
  EXPECT_TRUE(net->head->weight.eq(9).all().item<bool>());
  ASSERT_EQ(net->init_log().size(), 1u);
  EXPECT_EQ(net->init_log()[0].level, "WARNING");
  EXPECT_EQ(
      net->init_log()[0].message,
      "init_weights of Parent has been called more than once.");
}

TEST_F(BaseModuleInitTest, PretrainedAppliesAfterChildren) {
  testing::TempDir dir;
  const std::string ckpt = write_pickled(
      dir.path() / "w.pth",
      {{"module.child.fc.weight", torch::full({2, 2}, 5.0)},
       {"module.extra", torch::zeros({1})}});
  auto net = std::make_shared<Parent>(
      Value::list(
          {cfg({{"type", "Pretrained"}, {"checkpoint", ckpt}}),
           cfg({{"type", "Constant"}, {"val", 1}, {"layer", "Linear"}})}),
      cfg({{"type", "Constant"}, {"val", 2}, {"layer", "Linear"}}));
  net->init_weights();
  EXPECT_TRUE(net->child->fc->weight.eq(5).all().item<bool>());
  EXPECT_TRUE(net->child->fc->bias.eq(0).all().item<bool>());
  EXPECT_NE(
      net->init_report().find(
          "child.fc.weight - torch.Size([2, 2]): \n"
          "PretrainedInit: load from " +
          ckpt),
      std::string::npos);
  const auto& log = net->init_log();
  ASSERT_EQ(log.size(), 4u);  // DEBUG for Parent and Child first
  EXPECT_EQ(log[2].message, "load model from: " + ckpt);
  EXPECT_EQ(
      log[3].message,
      "The model and loaded state dict do not match exactly\n\nunexpected key "
      "in source state_dict: extra\n\nmissing keys in source state_dict: "
      "child.fc.bias, head.weight, head.bias\n");
}

TEST_F(BaseModuleInitTest, PretrainedPrefixAndArchiveFormat) {
  testing::TempDir dir;
  auto source = std::make_shared<Child>();
  {
    torch::NoGradGuard g;
    source->fc->weight.fill_(4);
  }
  const std::string archive = (dir.path() / "child.pt").string();
  torch::save(std::static_pointer_cast<torch::nn::Module>(source), archive);
  Child child;
  initialize(
      *child.fc,
      cfg({{"type", "Pretrained"}, {"checkpoint", archive}, {"prefix", "fc"}}));
  EXPECT_TRUE(child.fc->weight.eq(4).all().item<bool>());
  auto error = [&](Value c) {
    try {
      initialize(*child.fc, c);
    } catch (const Error& e) {
      return std::string(e.kind()) + ": " + e.what();
    }
    return std::string("no error");
  };
  EXPECT_EQ(
      error(cfg(
          {{"type", "Pretrained"},
           {"checkpoint", archive},
           {"prefix", "neck."}})),
      "CheckpointError: [Pretrained] neck. is not in the pretrained model " +
          archive);
  EXPECT_EQ(
      error(cfg({{"type", "Pretrained"}, {"checkpoint", "/no/such.pth"}})),
      "FileError: [Pretrained] /no/such.pth can not be found.");
}

struct Neck : BaseModule {
  Neck()
      : BaseModule(Value::list(
            {cfg(
                 {{"type", "Kaiming"},
                  {"layer", "Conv2d"},
                  {"mode", "fan_in"},
                  {"distribution", "uniform"},
                  {"bias", 0.5}}),
             cfg({{"type", "Caffe2Xavier"}, {"layer", "Linear"}}),
             cfg(
                 {{"type", "Uniform"},
                  {"layer", "Conv1d"},
                  {"a", -1},
                  {"b", 1}})})) {
    register_module("conv", torch::nn::Conv2d(4, 4, 1));
    register_module("fc", torch::nn::Linear(4, 4));
    register_module("conv1d", torch::nn::Conv1d(2, 2, 1));
  }
};

// The net of tests/fidelity/scripts/model_init_weights.py.
struct ToyNet : BaseModule {
  explicit ToyNet(const std::string& ckpt)
      : BaseModule(Value::list(
            {cfg({{"type", "Normal"}, {"std", 0.01}, {"layer", "Conv2d"}}),
             cfg(
                 {{"type", "Xavier"},
                  {"layer", "Linear"},
                  {"override",
                   Value::list(
                       {cfg(
                            {{"name", "head"},
                             {"type", "Constant"},
                             {"val", 3}}),
                        cfg(
                            {{"name", "cls"},
                             {"type", "Constant"},
                             {"val", 0.5},
                             {"bias_prob", 0.01}}),
                        cfg({{"name", "fc2"}})})}}),
             cfg(
                 {{"type", "TruncNormal"},
                  {"layer", "_BatchNorm"},
                  {"std", 0.5},
                  {"a", -0.4},
                  {"b", 0.4}}),
             cfg(
                 {{"type", "Pretrained"},
                  {"checkpoint", ckpt},
                  {"prefix", "backbone"}})})) {
    register_module("conv", torch::nn::Conv2d(3, 4, 3));
    register_module("neck", std::make_shared<Neck>());
    register_module("fc", torch::nn::Linear(4, 5));
    register_module("fc2", torch::nn::Linear(5, 5));
    register_module("head", torch::nn::Linear(5, 2));
    register_module("cls", torch::nn::Linear(5, 3));
    register_module("bn", torch::nn::BatchNorm2d(4));
    register_module("bn1", torch::nn::BatchNorm1d(3));
  }
};

void expect_close(const at::Tensor& t, const nlohmann::json& ref) {
  const auto flat = t.detach().flatten().to(at::kDouble);
  ASSERT_EQ(flat.numel(), static_cast<int64_t>(ref.size()));
  for (int64_t i = 0; i < flat.numel(); ++i) {
    EXPECT_NEAR(flat[i].item<double>(), ref[i].get<double>(), 1e-6) << i;
  }
}

// A checkpoint MMEngine's CheckpointHook would write (OrderedDict
// state_dict, HistoryBuffer objects in message_hub) loads through our reader.
TEST(PretrainedFidelityTest, LoadsRunnerCheckpointsWrittenByMMEngine) {
  MMENGINE_REQUIRE_REFERENCE();
  testing::TempDir dir;
  const auto ref =
      testing::run_reference("model_pretrained.py", {dir.path().string()});
  const std::string path = ref["path"].get<std::string>();
  auto expect_values = [&](torch::nn::Module& m, const std::string& prefix) {
    for (const auto& [key, values] : ref["values"].items()) {
      if (!key.starts_with(prefix)) {
        continue;
      }
      const at::Tensor t =
          m.named_parameters()[key.substr(prefix.size())].flatten();
      ASSERT_EQ(t.numel(), static_cast<int64_t>(values.size())) << key;
      for (int64_t i = 0; i < t.numel(); ++i) {
        EXPECT_EQ(t[i].item<float>(), values[i].get<float>()) << key;
      }
    }
  };
  struct Net : BaseModule {
    Net() {
      register_module("backbone", torch::nn::Linear(3, 4));
      register_module("head", torch::nn::Linear(4, 2));
    }
  } net;
  initialize(net, cfg({{"type", "Pretrained"}, {"checkpoint", path}}));
  expect_values(net, "");
  auto backbone = torch::nn::Linear(3, 4);
  initialize(
      *backbone,
      cfg(
          {{"type", "Pretrained"},
           {"checkpoint", path},
           {"prefix", "backbone"}}));
  expect_values(*backbone, "backbone.");
}

TEST(InitWeightsFidelityTest, ToyNetMatchesMMEngine) {
  MMENGINE_REQUIRE_REFERENCE();
  testing::TempDir dir;
  const auto ref =
      testing::run_reference("model_init_weights.py", {dir.path().string()});
  auto net = std::make_shared<ToyNet>((dir.path() / "pretrained.pth").string());
  torch::manual_seed(0);
  net->init_weights();
  EXPECT_EQ(net->init_report(), ref["report"].get<std::string>());
  for (const auto& item : net->named_parameters()) {
    SCOPED_TRACE(item.key());
    expect_close(item.value(), ref["params"][item.key()]);
  }
  for (const auto& item : net->named_buffers()) {
    if (item.key().find("num_batches") == std::string::npos) {
      SCOPED_TRACE(item.key());
      expect_close(item.value(), ref["buffers"][item.key()]);
    }
  }
}

}  // namespace
}  // namespace mmengine::model
