#include <gtest/gtest.h>
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "mmengine/dataset/sampler.h"
#include "mmengine/evaluator/collect_results.h"
#include "mmengine/evaluator/dump_results.h"
#include "mmengine/registry/root.h"
#include "mmengine/runner/register_all_modules.h"
#include "mmengine/utils/error.h"
#include "tests/support/fidelity.h"
#include "tests/support/temp_dir.h"

namespace mmengine::evaluator {
namespace {

using config::Value;
using structures::Tree;

// What each of `world_size` ranks evaluates: the sample index as result.
struct Ranks {
  std::vector<std::vector<Tree>> parts;
  std::vector<std::vector<std::int64_t>> indices;
};

Ranks simulate(std::int64_t n, bool shuffle, bool round_up, int world_size) {
  Ranks out;
  for (int rank = 0; rank < world_size; ++rank) {
    dataset::DefaultSampler s(n, shuffle, 7, round_up, rank, world_size);
    s.set_epoch(1);
    out.indices.push_back(s.epoch_indices());
    std::vector<Tree> part;
    for (auto i : out.indices.back()) {
      part.emplace_back(Value(i));
    }
    out.parts.push_back(std::move(part));
  }
  return out;
}

std::vector<std::int64_t> ints(const std::vector<Tree>& trees) {
  std::vector<std::int64_t> out;
  for (const auto& t : trees) {
    out.push_back(t.to_value().as<std::int64_t>());
  }
  return out;
}

TEST(CollectResultsTest, RanksGatherInDatasetOrderWithoutPadding) {
  for (std::int64_t n : {1, 7, 10, 11}) {
    for (int world : {1, 2, 3, 4}) {
      for (bool round_up : {true, false}) {
        SCOPED_TRACE(
            fmt::format("n={} world={} round_up={}", n, world, round_up));
        std::vector<std::int64_t> order(n);
        for (std::int64_t i = 0; i < n; ++i) {
          order[i] = i;
        }
        // Sequential sampling: interleaving restores the data set order.
        auto seq = simulate(n, false, round_up, world);
        EXPECT_EQ(ints(collect_results(seq.parts, n)), order);
        // Shuffled: the sampler's permutation once, padding dropped; by
        // index: the data set order.
        auto shuf = simulate(n, true, round_up, world);
        dataset::DefaultSampler whole(n, true, 7, false);
        whole.set_epoch(1);
        EXPECT_EQ(ints(collect_results(shuf.parts, n)), whole.epoch_indices());
        EXPECT_EQ(
            ints(collect_results_by_index(shuf.parts, shuf.indices, n)), order);
      }
    }
  }
}

TEST(CollectResultsTest, MirrorsZipLongestAndSlicing) {
  std::vector<std::vector<Tree>> parts = {
      {Tree(Value("foo")), Tree(Value(1)), Tree(Value(2))},
      {Tree(Value(24)), Tree(Value())}};
  // zip_longest: foo, 24, 1, None(skipped), 2.
  auto all = collect_results(parts, 10);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[1].to_value(), Value(24));
  EXPECT_EQ(all[3].to_value(), Value(2));
  EXPECT_EQ(collect_results(parts, 2).size(), 2u);
  EXPECT_THROW(collect_results(parts, -1), ValueError);
  EXPECT_THROW(collect_results_by_index(parts, {{0, 1, 2}}, 3), ValueError);
  EXPECT_THROW(
      collect_results_by_index(parts, {{0, 1, 2}, {3, 0}}, 3), ValueError);
  EXPECT_THROW(
      collect_results_by_index(parts, {{0, 1, 0}, {1, 0}}, 3), ValueError);
}

TEST(BaseMetricTest, EvaluateDropsSamplerPadding) {
  runner::register_all_modules();
  auto metric = registry::METRICS.build(
      Value::dict({{"type", "Accuracy"}, {"prefix", "acc"}}));
  // 3 samples padded to 4: the repeat of sample 0 (a miss) is dropped.
  model::DataSamples samples;
  for (auto [score, label] : std::vector<std::pair<float, std::int64_t>>{
           {0.9f, 0}, {0.9f, 0}, {0.1f, 1}, {0.9f, 1}}) {
    auto s = std::make_shared<structures::BaseDataElement>();
    s->set("pred_score", torch::tensor({score, 1 - score}));
    s->set("gt_label", torch::tensor({label}));
    samples.push_back(s);
  }
  samples[3] = samples[0];
  metric->process({}, samples);
  EXPECT_DOUBLE_EQ(metric->evaluate(3)["acc/top1"].as<double>(), 100.0);
  EXPECT_TRUE(metric->results().empty());
}

TEST(DumpResultsFidelityTest, PickleLoadsInPython) {
  MMENGINE_REQUIRE_REFERENCE();
  testing::TempDir dir;
  const std::string out = (dir.path() / "preds.pkl").string();
  runner::register_all_modules();
  auto metric = registry::METRICS.build(
      Value::dict({{"type", "DumpResults"}, {"out_file_path", out}}));
  // A batch's scores: each sample's row is a view of one storage.
  const auto scores = torch::tensor({0.25f, 0.75f, 0.5f, 0.5f}).view({2, 2});
  model::DataSamples samples;
  for (std::int64_t i = 0; i < 2; ++i) {
    auto s = std::make_shared<structures::BaseDataElement>();
    s->set_metainfo(Value::dict(
        {{"img_path", fmt::format("{}.png", i)},
         {"ori_shape", Value::tuple({8, 8})}}));
    s->set("pred_score", scores[i]);
    s->set("pred_label", torch::tensor({i}, torch::kLong));
    s->set("gt_label", torch::tensor({1}, torch::kLong));
    s->set("flags", torch::tensor({true, false}));
    samples.push_back(s);
  }
  metric->process({}, samples);
  EXPECT_EQ(metric->evaluate(2), Value::dict());
  const auto ref = testing::run_reference("evaluator_load_pickle.py", {out});
  ASSERT_EQ(ref["type"], "list");
  const auto& results = ref["results"];
  ASSERT_EQ(results.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& r = results[i];
    EXPECT_EQ(r["img_path"], fmt::format("{}.png", i));
    EXPECT_EQ(r["ori_shape"], nlohmann::json::parse("[8, 8]"));
    EXPECT_EQ(r["pred_score"]["dtype"], "float32");
    EXPECT_EQ(r["pred_score"]["shape"], nlohmann::json::parse("[2]"));
    EXPECT_EQ(
        r["pred_score"]["values"].get<std::vector<float>>(),
        (std::vector<float>{
            scores[i][0].item<float>(), scores[i][1].item<float>()}));
    EXPECT_EQ(r["pred_label"]["dtype"], "int64");
    EXPECT_EQ(r["pred_label"]["values"][0], i);
    EXPECT_EQ(r["gt_label"]["values"][0], 1);
    EXPECT_EQ(r["flags"]["dtype"], "bool");
    EXPECT_EQ(r["flags"]["values"], nlohmann::json::parse("[true, false]"));
  }
  // A view is pickled alone, not with the storage it looks into.
  const auto base = torch::zeros({4096});
  EXPECT_EQ(
      pickle_results({Tree(base.slice(0, 0, 2))}).size(),
      pickle_results({Tree(torch::zeros({2}))}).size());
}

TEST(DumpResultsTest, RejectsOtherSuffixes) {
  runner::register_all_modules();
  try {
    registry::METRICS.build(
        Value::dict({{"type", "DumpResults"}, {"out_file_path", "x.txt"}}));
    ADD_FAILURE();
  } catch (const ValueError& e) {
    EXPECT_NE(
        std::string(e.what()).find("The output file must be a pkl file."),
        std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace mmengine::evaluator
