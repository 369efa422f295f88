// Several validation/test data sets: `val_dataloader` / `test_dataloader`
// as lists, each set's metrics under its own prefix.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "mmengine/config/config.h"
#include "mmengine/dataset/data_loader.h"
#include "mmengine/runner/loops.h"
#include "mmengine/runner/runner.h"
#include "mmengine/utils/error.h"
#include "tests/runner/toy_job.h"
#include "tests/support/temp_dir.h"

namespace mmengine::testing {
namespace {

namespace fs = std::filesystem;
using config::Value;

config::Config toy(const TempDir& tmp, const std::string& experiment) {
  register_toy_job();
  auto cfg = config::Config::fromfile(toy_config("toy_epoch.py"));
  cfg.dict()["work_dir"] = (tmp.path() / experiment).string();
  cfg.dict()["experiment_name"] = experiment;
  return cfg;
}

Value loader(std::int64_t batch_size, const char* prefix = nullptr) {
  Value cfg = Value::dict(
      {{"dataset", Value::dict({{"type", "ToyDataset"}})},
       {"sampler",
        Value::dict({{"type", "DefaultSampler"}, {"shuffle", false}})},
       {"batch_size", batch_size},
       {"num_workers", 0}});
  if (prefix != nullptr) {
    cfg["prefix"] = prefix;
  }
  return cfg;
}

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(MultiEvalTest, EachSetIsLoggedUnderItsPrefix) {
  TempDir tmp;
  auto single_cfg = toy(tmp, "single");
  runner::Runner single(single_cfg);
  const Value expected = single.val();

  auto cfg = toy(tmp, "multi");
  cfg.dict()["val_dataloader"] =
      Value::list({loader(5, "small"), loader(3, "odd")});
  runner::Runner runner(cfg);
  recorded_calls() = nlohmann::json::array();
  const Value metrics = runner.val();
  ASSERT_TRUE(metrics.is_dict()) << metrics.repr();
  EXPECT_EQ(metrics.size(), 2U) << metrics.repr();
  // The same data and model: each set's metric equals the single run's.
  EXPECT_DOUBLE_EQ(
      metrics["small/mse"].as<double>(), expected["mse"].as<double>());
  EXPECT_DOUBLE_EQ(
      metrics["odd/mse"].as<double>(), expected["mse"].as<double>());

  // Batch indices restart for every set; one val epoch around both.
  int before_epoch = 0;
  std::vector<std::int64_t> batch_indices;
  for (const auto& call : recorded_calls()) {
    if (call[0] == "before_val_epoch") {
      ++before_epoch;
    }
    if (call[0] == "before_val_iter") {
      batch_indices.push_back(call[3].get<std::int64_t>());
    }
  }
  EXPECT_EQ(before_epoch, 1);
  const auto& loop = dynamic_cast<runner::ValLoop&>(runner.val_loop());
  ASSERT_EQ(loop.sets().size(), 2U);
  const std::int64_t n1 = loop.sets()[0].dataloader->size();
  const std::int64_t n2 = loop.sets()[1].dataloader->size();
  ASSERT_EQ(static_cast<std::int64_t>(batch_indices.size()), n1 + n2);
  EXPECT_EQ(batch_indices[n1], 0);
  EXPECT_EQ(batch_indices.back(), n2 - 1);

  const std::string log =
      read(fs::path(runner.log_dir()) / (runner.timestamp() + ".log"));
  EXPECT_NE(log.find("small/mse: "), std::string::npos) << log;
  EXPECT_NE(log.find("odd/mse: "), std::string::npos) << log;
  // Iteration lines count the batches of the set being run.
  EXPECT_NE(
      log.find("[" + std::to_string(n2) + "/" + std::to_string(n2) + "]"),
      std::string::npos)
      << log;
}

TEST(MultiEvalTest, DefaultPrefixesAreTheDatasetTypes) {
  TempDir tmp;
  auto cfg = toy(tmp, "default_prefix");
  cfg.dict()["test_dataloader"] = Value::list({loader(5), loader(4)});
  cfg.dict()["test_evaluator"] = Value::list(
      {Value::dict({{"type", "ToyMetric"}}),
       Value::list({Value::dict({{"type", "ToyMetric"}})})});
  runner::Runner runner(cfg);
  const Value metrics = runner.test();
  EXPECT_TRUE(metrics.contains("ToyDataset/mse")) << metrics.repr();
  EXPECT_TRUE(metrics.contains("ToyDataset_1/mse")) << metrics.repr();
}

TEST(MultiEvalTest, TrainingValidatesEverySet) {
  TempDir tmp;
  auto cfg = toy(tmp, "train_multi");
  cfg.dict()["val_dataloader"] = Value::list({loader(5, "a"), loader(2, "b")});
  runner::Runner runner(cfg);
  runner.train();
  const fs::path scalars =
      fs::path(runner.log_dir()) / "vis_data" / "scalars.json";
  const std::string text = read(scalars);
  EXPECT_NE(text.find("\"a/mse\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"b/mse\""), std::string::npos) << text;
}

template <typename E>
std::string error_of(config::Config cfg) {
  try {
    runner::Runner runner(std::move(cfg));
    runner.val();
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return {};
}

TEST(MultiEvalTest, BadListsAreClearErrors) {
  TempDir tmp;
  auto cfg = toy(tmp, "bad");
  cfg.dict()["val_dataloader"] = Value::list({loader(5, "a"), loader(2, "b")});
  cfg.dict()["val_evaluator"] = Value::list(
      {Value::dict({{"type", "ToyMetric"}}),
       Value::dict({{"type", "ToyMetric"}}),
       Value::dict({{"type", "ToyMetric"}})});
  EXPECT_NE(
      error_of<ValueError>(cfg).find(
          "val_evaluator: val_dataloader lists 2 data sets"),
      std::string::npos);

  cfg = toy(tmp, "bad");
  cfg.dict()["val_dataloader"] = Value::list({loader(5, "a"), loader(2, "a")});
  EXPECT_NE(
      error_of<ValueError>(cfg).find("val_dataloader[1].prefix 'a' is already"),
      std::string::npos);

  cfg = toy(tmp, "bad");
  cfg.dict()["val_dataloader"] = Value::list({loader(5, "a"), Value(3)});
  EXPECT_NE(
      error_of<TypeError>(cfg).find(
          "val_dataloader[1] should be a dict, but got int"),
      std::string::npos);

  cfg = toy(tmp, "bad");
  cfg.dict()["val_dataloader"] = Value::list();
  EXPECT_NE(
      error_of<ValueError>(cfg).find("val_dataloader is an empty list"),
      std::string::npos);

  cfg = toy(tmp, "bad");
  Value with_bad_key = loader(2, "b");
  with_bad_key["bogus"] = 1;
  cfg.dict()["val_dataloader"] = Value::list({loader(5, "a"), with_bad_key});
  EXPECT_NE(error_of<Error>(cfg).find("val_dataloader[1]"), std::string::npos);
}

}  // namespace
}  // namespace mmengine::testing
