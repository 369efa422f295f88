#include "mmengine/zoo/single_label.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "mmengine/registry/root.h"
#include "mmengine/runner/register_all_modules.h"
#include "mmengine/utils/error.h"
#include "tests/support/fidelity.h"

namespace mmengine::zoo {
namespace {

using config::Value;
using nlohmann::json;

std::shared_ptr<evaluator::BaseMetric> build(const Value& cfg) {
  runner::register_all_modules();
  return registry::METRICS.build(cfg);
}

model::DataSamples samples(
    const std::vector<at::Tensor>& preds,
    const std::vector<std::int64_t>& labels,
    const char* field = "pred_score") {
  model::DataSamples out;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    auto s = std::make_shared<structures::BaseDataElement>();
    s->set(field, preds[i]);
    s->set("gt_label", torch::tensor({labels[i]}, torch::kLong));
    out.push_back(s);
  }
  return out;
}

Value to_value(const json& j) {
  if (j.is_null()) {
    return Value();
  }
  if (j.is_array()) {
    Value out = Value::list();
    for (const auto& e : j) {
      out.append(to_value(e));
    }
    return out;
  }
  if (j.is_string()) {
    return Value(j.get<std::string>());
  }
  return Value(j.get<double>());
}

void expect_close(const Value& got, const json& want, const std::string& key) {
  if (want.is_array()) {
    ASSERT_TRUE(got.is_list()) << key << ": " << got.repr();
    ASSERT_EQ(got.size(), want.size()) << key;
    for (std::size_t i = 0; i < want.size(); ++i) {
      expect_close(got.elements()[i], want[i], key);
    }
  } else if (want.is_number_integer()) {
    ASSERT_TRUE(got.is_int()) << key << ": " << got.repr();
    EXPECT_EQ(got.as<std::int64_t>(), want.get<std::int64_t>()) << key;
  } else {
    // float32 in the engine (as mmpretrain), float64 in the reference.
    EXPECT_NEAR(got.as<double>(), want.get<double>(), 1e-4) << key;
  }
}

TEST(SingleLabelMetricFidelityTest, MatchesMmpretrainDefinitions) {
  MMENGINE_REQUIRE_REFERENCE();
  const json ref = testing::run_reference("evaluator_single_label.py");
  std::vector<at::Tensor> scores;
  for (const auto& row : ref["scores"]) {
    scores.push_back(torch::tensor(row.get<std::vector<float>>()));
  }
  const auto target = ref["target"].get<std::vector<std::int64_t>>();
  for (const auto& c : ref["cases"]) {
    SCOPED_TRACE(c["cfg"].dump());
    auto metric = build(Value::dict(
        {{"type", "SingleLabelMetric"},
         {"average", to_value(c["cfg"]["average"])},
         {"thrs", to_value(c["cfg"]["thrs"])},
         {"items", to_value(c["cfg"]["items"])}}));
    // Two batches, as a loop feeds them.
    auto all = samples(scores, target);
    metric->process({}, {all.begin(), all.begin() + 20});
    metric->process({}, {all.begin() + 20, all.end()});
    const Value got = metric->evaluate(static_cast<std::int64_t>(all.size()));
    ASSERT_EQ(got.size(), c["expected"].size()) << got.repr();
    std::vector<std::string> order;
    for (const auto& [key, want] : c["expected"].items()) {
      const std::string name = "single-label/" + key;
      ASSERT_TRUE(got.contains(name)) << name << " in " << got.repr();
      expect_close(got[name], want, name);
    }
  }
  // Labels only: num_classes from the config.
  std::vector<at::Tensor> labels;
  for (const auto& l : ref["labels_only"]) {
    labels.push_back(torch::tensor({l.get<std::int64_t>()}));
  }
  auto metric = build(Value::dict(
      {{"type", "SingleLabelMetric"},
       {"num_classes", 5},
       {"items", Value::list({"precision", "recall", "f1-score", "support"})},
       {"prefix", "cls"}}));
  metric->process({}, samples(labels, target, "pred_label"));
  const Value got = metric->evaluate(static_cast<std::int64_t>(labels.size()));
  for (const auto& [key, want] : ref["labels_only_expected"].items()) {
    expect_close(got["cls/" + key], want, key);
  }
}

TEST(SingleLabelMetricTest, DocumentedExample) {
  // mmpretrain's docstring: y_pred [0, 1, 1, 3], y_true [0, 2, 1, 3].
  auto pred = at::one_hot(torch::tensor({0, 1, 1, 3}), 4);
  auto gt = at::one_hot(torch::tensor({0, 2, 1, 3}), 4);
  auto r = precision_recall_f1_support(pred, gt, "macro");
  EXPECT_FLOAT_EQ(r[0].item<float>(), 62.5f);
  EXPECT_FLOAT_EQ(r[1].item<float>(), 75.0f);
  EXPECT_NEAR(r[2].item<float>(), 66.6667f, 1e-4);
  EXPECT_EQ(r[3].item<std::int64_t>(), 4);
  auto per_class = precision_recall_f1_support(pred, gt, std::nullopt);
  EXPECT_TRUE(per_class[3].equal(torch::tensor({1, 1, 1, 1})));
  EXPECT_FLOAT_EQ(per_class[0][1].item<float>(), 50.0f);
}

TEST(SingleLabelMetricTest, RejectsBadOptions) {
  auto error = [](const Value& cfg) -> std::string {
    try {
      build(cfg);
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  };
  auto cfg = [](const char* key, Value v) {
    return Value::dict({{"type", "SingleLabelMetric"}, {key, std::move(v)}});
  };
  EXPECT_NE(
      error(cfg("items", Value::list({"precision", "auc"})))
          .find("The metric auc is not supported by `SingleLabelMetric`"),
      std::string::npos);
  EXPECT_NE(
      error(cfg("average", "weighted")).find("Invalid `average` argument"),
      std::string::npos);
  EXPECT_NE(
      error(cfg("thrs", Value::list({0.5, "x"}))).find(".thrs: expected"),
      std::string::npos);
  EXPECT_NE(
      error(cfg("num_classes", 0)).find(".num_classes: expected a positive"),
      std::string::npos);
  EXPECT_NE(error(cfg("averag", "macro")).find("averag"), std::string::npos);
  // Labels without num_classes; labels out of range.
  auto metric = build(Value::dict({{"type", "SingleLabelMetric"}}));
  EXPECT_THROW(
      metric->process({}, samples({torch::tensor({1})}, {1}, "pred_label")),
      ValueError);
  metric->process({}, samples({torch::tensor({0.2f, 0.8f})}, {2}));
  try {
    metric->evaluate(1);
    ADD_FAILURE();
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("[0, 2), found 2"), std::string::npos)
        << e.what();
  }
}

TEST(AccuracyTest, RejectsBadOptions) {
  auto acc = [](const char* key, Value v) {
    return Value::dict({{"type", "Accuracy"}, {key, std::move(v)}});
  };
  EXPECT_THROW(build(acc("topk", 0)), ValueError);
  EXPECT_THROW(build(acc("topk", Value::tuple({1, "5"}))), ValueError);
  EXPECT_THROW(build(acc("thrs", "high")), ValueError);
  EXPECT_THROW(build(acc("thrs", Value::list())), ValueError);
  auto ok = build(Value::dict(
      {{"type", "Accuracy"},
       {"topk", Value::tuple({1, 2})},
       {"thrs", Value::tuple({Value(), 0.5})}}));
  ok->process(
      {},
      samples(
          {torch::tensor({0.1f, 0.6f, 0.3f}),
           torch::tensor({0.45f, 0.1f, 0.44f})},
          {1, 2}));
  const Value got = ok->evaluate(2);
  EXPECT_DOUBLE_EQ(got["accuracy/top1_no-thr"].as<double>(), 50.0);
  EXPECT_DOUBLE_EQ(got["accuracy/top1_thr-0.50"].as<double>(), 50.0);
  EXPECT_DOUBLE_EQ(got["accuracy/top2_no-thr"].as<double>(), 100.0);
  EXPECT_DOUBLE_EQ(got["accuracy/top2_thr-0.50"].as<double>(), 50.0);
}

}  // namespace
}  // namespace mmengine::zoo
