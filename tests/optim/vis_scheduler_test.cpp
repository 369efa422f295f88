// `vis-scheduler`'s preview against the values the real MMEngine Runner
// uses while training a toy model with the same config.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "mmengine/config/config.h"
#include "mmengine/optim/scheduler/schedule_preview.h"
#include "mmengine/utils/error.h"
#include "tests/support/fidelity.h"

namespace mmengine::optim {
namespace {

namespace fs = std::filesystem;

// Epoch-based: warm-up by iteration, cosine converted to iterations,
// auto_scale_lr halving the lr (batch 4 on 1 GPU vs base 8).
const char* const kEpochConfig = R"(
train_dataloader = dict(batch_size=4, dataset=dict(type='Toy'))
train_cfg = dict(by_epoch=True, max_epochs=5)
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=1e-4))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=False, begin=0, end=6),
    dict(type='CosineAnnealingLR', eta_min=1e-4, begin=1, by_epoch=True,
         convert_to_iter_based=True),
]
auto_scale_lr = dict(enable=True, base_batch_size=8)
)";

// Iteration-based: epoch schedulers default to end=1 and never step.
const char* const kIterConfig = R"(
train_dataloader = dict(batch_size=2, dataset=dict(type='Toy'))
train_cfg = dict(type='IterBasedTrainLoop', max_iters=14)
optim_wrapper = dict(optimizer=dict(type='SGD', lr=0.05, momentum=0.9))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, end=4),
    dict(type='MultiStepLR', milestones=[1], by_epoch=True),
    dict(type='PolyLR', eta_min=0.001, by_epoch=False, begin=4),
    dict(type='CosineAnnealingMomentum', T_max=7, eta_min=0.8, by_epoch=False),
]
)";

class VisSchedulerFidelityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mmengine_vis_scheduler_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "epoch_cfg.py") << kEpochConfig;
    std::ofstream(dir_ / "iter_cfg.py") << kIterConfig;
  }
  void TearDown() override {
    fs::remove_all(dir_);
  }
  fs::path dir_;
};

void expect_close(const nlohmann::json& py, const std::vector<double>& ours) {
  ASSERT_EQ(py.size(), ours.size());
  for (std::size_t i = 0; i < ours.size(); ++i) {
    const double expected = py[i].get<double>();
    EXPECT_NEAR(ours[i], expected, 1e-9 * std::abs(expected)) << "iter " << i;
  }
}

TEST_F(VisSchedulerFidelityTest, MatchesRunner) {
  MMENGINE_REQUIRE_REFERENCE();
  const auto epoch_cfg = (dir_ / "epoch_cfg.py").string();
  const auto iter_cfg = (dir_ / "iter_cfg.py").string();
  const auto ref = testing::run_reference(
      "sched_runner_reference.py",
      {(dir_ / "work").string(), epoch_cfg, "10", iter_cfg, "9"},
      {{"PYTHONWARNINGS", "ignore"}});

  SchedulePreviewOptions options;
  options.dataset_size = 10;
  auto cfg = config::Config::fromfile(epoch_cfg);
  auto lr = preview_param_schedule(cfg.dict(), options);
  EXPECT_EQ(lr.epoch_length, 3);
  expect_close(ref[0]["lr"], lr.values);

  options.dataset_size = 9;
  cfg = config::Config::fromfile(iter_cfg);
  lr = preview_param_schedule(cfg.dict(), options);
  EXPECT_FALSE(lr.by_epoch);
  expect_close(ref[1]["lr"], lr.values);
  options.param = "momentum";
  const auto momentum = preview_param_schedule(cfg.dict(), options);
  expect_close(ref[1]["momentum"], momentum.values);
}

TEST(VisSchedulerTest, EpochLengthAndErrors) {
  auto cfg = config::Config::fromstring(kEpochConfig, ".py");
  SchedulePreviewOptions options;
  try {
    preview_param_schedule(cfg.dict(), options);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(
        std::string(e.what()).find("--dataset-size N or --epoch-length N"),
        std::string::npos);
  }
  options.dataset_size = 21;
  options.ngpus = 2;  // 11 samples per rank, batches of 4
  EXPECT_EQ(preview_param_schedule(cfg.dict(), options).epoch_length, 3);
  options.epoch_length = 7;
  const auto p = preview_param_schedule(cfg.dict(), options);
  EXPECT_EQ(p.max_iters, 35);
  EXPECT_EQ(p.values.size(), 35U);
  EXPECT_EQ(p.num_schedulers, 2U);
}

}  // namespace
}  // namespace mmengine::optim
