// Interop with the real torch / MMEngine: their files through our reader,
// our files through torch.load(weights_only=True) and MMEngine.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>
#include <map>

#include "mmengine/runner/checkpoint.h"
#include "mmengine/runner/checkpoint/torch_file.h"
#include "mmengine/utils/error.h"
#include "mmengine/zoo/resnet.h"
#include "tests/support/fidelity.h"
#include "tests/support/temp_dir.h"

namespace mmengine::runner {
namespace {

using structures::Tree;
namespace fs = std::filesystem;

/// Reference files written once per run by ckpt_make.py.
class CheckpointFidelityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!mmengine::testing::has_reference())
      return;
    dir_ = new mmengine::testing::TempDir();
    ref_ = new nlohmann::json(mmengine::testing::run_reference(
        "ckpt_make.py", {dir_->path().string()}));
  }
  static void TearDownTestSuite() {
    delete ref_;
    delete dir_;
    ref_ = nullptr;
    dir_ = nullptr;
  }
  static std::string file(const std::string& name) {
    return (dir_->path() / name).string();
  }
  static inline mmengine::testing::TempDir* dir_ = nullptr;
  static inline nlohmann::json* ref_ = nullptr;
};

at::ScalarType dtype_of(const std::string& name) {
  static const std::map<std::string, at::ScalarType> kMap = {
      {"torch.bfloat16", at::kBFloat16},
      {"torch.float16", at::kHalf},
      {"torch.float64", at::kDouble},
      {"torch.int64", at::kLong},
      {"torch.int32", at::kInt},
      {"torch.int8", at::kChar},
      {"torch.uint8", at::kByte},
      {"torch.bool", at::kBool},
      {"torch.float32", at::kFloat}};
  return kMap.at(name);
}

void expect_tensor(
    const at::Tensor& t, const nlohmann::json& ref, const std::string& name) {
  SCOPED_TRACE(name);
  EXPECT_EQ(t.scalar_type(), dtype_of(ref["dtype"]));
  EXPECT_EQ(t.sizes().vec(), ref["shape"].get<std::vector<int64_t>>());
  if (ref.contains("stride")) {
    EXPECT_EQ(t.strides().vec(), ref["stride"].get<std::vector<int64_t>>());
  }
  auto flat = t.flatten();
  ASSERT_EQ(flat.numel(), static_cast<int64_t>(ref["values"].size()));
  for (int64_t i = 0; i < flat.numel(); ++i) {
    if (t.scalar_type() == at::kBool) {
      EXPECT_EQ(flat[i].item<bool>(), ref["values"][i].get<bool>());
    } else {
      EXPECT_EQ(flat[i].item<double>(), ref["values"][i].get<double>());
    }
  }
}

TEST_F(CheckpointFidelityTest, TorchvisionResNet18LoadsStrictly) {
  MMENGINE_REQUIRE_REFERENCE();
  zoo::ResNet::Options opts;
  opts.depth = 18;
  opts.num_classes = 10;
  auto net = std::make_shared<zoo::ResNet>(opts);
  auto ckpt = load_checkpoint(*net, file("resnet18.pth"), "cpu", true);
  std::vector<std::string> keys;
  for (const auto& [k, v] : ckpt.items())
    keys.push_back(k.str());
  EXPECT_EQ(keys, (*ref_)["resnet18_keys"].get<std::vector<std::string>>());
  net->eval();
  auto io = checkpoint::load_torch_file(file("resnet18_io.pth"));
  torch::NoGradGuard no_grad;
  auto y = net->forward(io["input"].tensor());
  EXPECT_TRUE(torch::allclose(y, io["output"].tensor(), 1e-4, 1e-5))
      << (y - io["output"].tensor()).abs().max().item<float>();
}

TEST_F(CheckpointFidelityTest, RunnerCheckpointReads) {
  MMENGINE_REQUIRE_REFERENCE();
  const auto& r = (*ref_)["runner"];
  auto ckpt = load_checkpoint_file(file("runner.pth"));
  std::vector<std::string> top;
  for (const auto& [k, v] : ckpt.items())
    top.push_back(k.str());
  EXPECT_EQ(
      top,
      (std::vector<std::string>{
          "meta",
          "state_dict",
          "message_hub",
          "optimizer",
          "param_schedulers"}));
  EXPECT_EQ(ckpt["meta"]["seed"].as<int>(), 42);
  EXPECT_EQ(ckpt["meta"]["dataset_meta"]["classes"].repr(), "('a', 'b')");
  auto w = ckpt["state_dict"]["weight"].tensor().flatten();
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(w[i].item<float>(), r["weight"][i].get<float>());
  }
  const auto& opt = ckpt["optimizer"];
  auto m = opt["state"][0]["momentum_buffer"].tensor().flatten();
  EXPECT_EQ(m[0].item<float>(), r["momentum"][0].get<float>());
  EXPECT_EQ(opt["param_groups"][0]["lr"].as<double>(), r["lr"].get<double>());
  EXPECT_EQ(opt["param_groups"][0]["params"].repr(), "[0, 1]");
  const auto sched = ckpt["param_schedulers"][0];
  EXPECT_EQ(sched["last_step"].as<int>(), r["last_step"].get<int>());
  EXPECT_EQ(sched["milestones"][2].as<int>(), r["milestones"]["2"].get<int>());
  EXPECT_EQ(sched["milestones"][4].as<int>(), r["milestones"]["4"].get<int>());
  const auto buf = ckpt["message_hub"]["log_scalars"]["train/loss"];
  EXPECT_EQ(
      buf["__class__"].as<std::string>(),
      "mmengine.logging.history_buffer.HistoryBuffer");
  EXPECT_EQ(buf["max_length"].as<int>(), 1000000);
  auto hist = buf["_log_history"].tensor();
  EXPECT_EQ(hist.scalar_type(), at::kDouble);
  ASSERT_EQ(hist.numel(), 2);
  EXPECT_EQ(hist[1].item<double>(), r["loss_history"][1].get<double>());
  EXPECT_EQ(
      buf["_count_history"].tensor()[1].item<int64_t>(),
      r["count_history"][1].get<int64_t>());
  EXPECT_EQ(
      buf["statistics_methods"]["mean"].as<std::string>(),
      "mmengine.logging.history_buffer.HistoryBuffer.mean");
  EXPECT_EQ(ckpt["message_hub"]["runtime_info"]["iter"].as<int>(), 3);
}

TEST_F(CheckpointFidelityTest, DtypesViewsAndLegacyFormat) {
  MMENGINE_REQUIRE_REFERENCE();
  for (const char* name : {"dtypes.pth", "legacy.pth"}) {
    SCOPED_TRACE(name);
    auto sd = checkpoint::load_torch_file(file(name));
    for (const auto& [k, v] : (*ref_)["dtypes"].items()) {
      expect_tensor(sd[k].tensor(), v, k);
    }
    EXPECT_EQ(
        sd["transposed"].tensor().data_ptr(), sd["base"].tensor().data_ptr());
    sd["base"].tensor().fill_(-1);
    EXPECT_EQ(sd["column"].tensor()[0].item<float>(), -1);
  }
}

TEST_F(CheckpointFidelityTest, MaliciousPicklesAreRefusedWithoutRunning) {
  MMENGINE_REQUIRE_REFERENCE();
  const std::map<std::string, std::string> cases = {
      {"evil_system.pth", "'posix.system'"},
      {"evil_eval.pth", "'builtins.eval'"},
      {"evil_import.pth", "'builtins.__import__'"},
      {"evil_nested.pth", "'posix.system'"}};
  for (const auto& [name, global] : cases) {
    SCOPED_TRACE(name);
    try {
      load_checkpoint_file(file(name));
      ADD_FAILURE() << "not refused";
    } catch (const CheckpointError& e) {
      EXPECT_NE(std::string(e.what()).find(global), std::string::npos)
          << e.what();
    }
  }
  EXPECT_FALSE(fs::exists((*ref_)["marker"].get<std::string>()));
}

TEST_F(CheckpointFidelityTest, TorchAndMMEngineReadOurFiles) {
  MMENGINE_REQUIRE_REFERENCE();
  mmengine::testing::TempDir dir;
  const auto path = (dir.path() / "ours.pth").string();
  auto base = torch::arange(6, torch::kFloat).reshape({2, 3});
  auto sd = Tree::dict();
  sd["weight"] = Tree(base);
  sd["bias"] = Tree(torch::tensor({0.5f, -1.0f}));
  auto extra = Tree::dict();
  extra["t"] = Tree(base.t());
  extra["bf16"] = Tree(torch::tensor({1.5}).to(torch::kBFloat16));
  extra["mask"] = Tree(torch::tensor({true, false}));
  auto ckpt = Tree::dict();
  ckpt["meta"] = Tree(config::Value::dict({{"epoch", 2}, {"name", "x"}}));
  ckpt["state_dict"] = sd;
  ckpt["extra"] = extra;
  save_checkpoint(ckpt, path);
  auto ref = mmengine::testing::run_reference("ckpt_read.py", {path, "linear"});
  const auto& c = ref["ckpt"];
  EXPECT_EQ(c["meta"]["epoch"], 2);
  EXPECT_EQ(c["meta"]["name"], "x");
  EXPECT_EQ(c["state_dict"]["__type__"], "OrderedDict");
  expect_tensor(base.t(), c["extra"]["t"], "t");
  expect_tensor(extra["bf16"].tensor(), c["extra"]["bf16"], "bf16");
  expect_tensor(extra["mask"].tensor(), c["extra"]["mask"], "mask");
  EXPECT_EQ(
      ref["weight"].get<std::vector<double>>(),
      (std::vector<double>{0, 1, 2, 3, 4, 5}));
}

}  // namespace
}  // namespace mmengine::runner
