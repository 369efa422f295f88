// Every config under configs/ parses, and a Runner built from it (without
// touching the data) builds its model, optimizer wrapper and schedulers.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "mmengine/config/config.h"
#include "mmengine/optim/optimizer/optim_wrapper.h"
#include "mmengine/optim/optimizer/optim_wrapper_builder.h"
#include "mmengine/optim/scheduler/builder.h"
#include "mmengine/runner/register_all_modules.h"
#include "mmengine/runner/runner.h"
#include "tests/support/temp_dir.h"

namespace mmengine::testing {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> config_files() {
  std::vector<std::string> out;
  const fs::path root = fs::path(MMENGINE_TEST_SOURCE_DIR) / "configs";
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".py") {
      out.push_back(entry.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ConfigsTest, EveryConfigBuildsItsModelAndOptimizer) {
  runner::register_all_modules();
  const auto files = config_files();
  ASSERT_GE(files.size(), 5u);
  for (const auto& file : files) {
    SCOPED_TRACE(file);
    TempDir tmp;
    auto cfg = config::Config::fromfile(file);
    cfg.dict()["work_dir"] = tmp.path().string();
    cfg.dict()["log_level"] = "WARNING";
    // Pretrained weights are not part of the repository.
    if (cfg["model"].contains("backbone") &&
        cfg["model"]["backbone"].contains("init_cfg")) {
      cfg.dict()["model"]["backbone"]["init_cfg"] = config::Value();
    }
    runner::Runner runner(cfg);
    torch::NoGradGuard no_grad;
    const auto params = runner.model().parameters();
    EXPECT_FALSE(params.empty());
    // Not runner.optim_wrapper(): it reads the train batch size for
    // auto_scale_lr, which builds the train data loader.
    auto wrapper = optim::build_optim_wrapper(
        runner.model(), cfg["optim_wrapper"].value());
    ASSERT_NE(wrapper->optimizer(), nullptr);
    EXPECT_FALSE(wrapper->optimizer()->param_groups().empty());
    auto schedulers = optim::build_param_schedulers(
        cfg["param_scheduler"].value(), wrapper->optimizer(), -1);
    EXPECT_FALSE(schedulers.empty());
    for (const char* key : {"train_dataloader", "val_evaluator", "train_cfg"}) {
      EXPECT_TRUE(cfg.contains(key)) << key;
    }
  }
}

TEST(ConfigsTest, DataRootsFollowOpenMMLab) {
  const fs::path root = fs::path(MMENGINE_TEST_SOURCE_DIR) / "configs";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"mnist/lenet_mnist.py", "data/mnist"},
      {"cifar10/resnet18_cifar10.py", "data/cifar10"},
      {"imagenet/resnet50_imagenet.py", "data/imagenet"}};
  for (const auto& [file, data_root] : cases) {
    auto cfg = config::Config::fromfile((root / file).string());
    EXPECT_EQ(
        cfg["train_dataloader"]["dataset"]["data_root"].as<std::string>(),
        data_root)
        << file;
  }
}

}  // namespace
}  // namespace mmengine::testing
