#include "mmengine/zoo/accuracy.h"

#include <ATen/ATen.h>
#include <fmt/format.h>

#include <algorithm>

#include "mmengine/utils/error.h"
#include "mmengine/zoo/single_label.h"
#include "mmengine/zoo/zoo_impl.h"

namespace mmengine::zoo {

using config::Value;
using structures::Tree;

namespace {

std::vector<Value> as_list(const Value& v) {
  if (v.is_sequence()) {
    return v.elements();
  }
  return {v};
}

}  // namespace

Accuracy::Accuracy(registry::BuildArgs& args) : BaseMetric(args, "accuracy") {
  const Value topk = args.take_value("topk", Value::tuple({1}));
  for (const Value& k : as_list(topk)) {
    MMENGINE_CHECK(
        k.is_int() && k.as<int64_t>() >= 1,
        args.where(),
        ".topk: expected a positive int or a sequence of them, got ",
        topk.repr());
    topk_.push_back(k.as<int64_t>());
  }
  MMENGINE_CHECK(
      !topk_.empty(), args.where(), ".topk: expected at least one k");
  thrs_ = parse_thrs(args.take_value("thrs", Value(0.0)), args.where());
}

void Accuracy::process(
    const model::DataBatch&, const model::DataSamples& data_samples) {
  for (const auto& sample : data_samples) {
    Tree result = Tree::dict();
    if (sample->contains("pred_score")) {
      result["pred_score"] =
          Tree(sample->get("pred_score").tensor().detach().cpu());
    } else {
      MMENGINE_CHECK_KEY(
          sample->contains("pred_label"),
          "Accuracy: a prediction has neither pred_score nor pred_label");
      result["pred_label"] = Tree(sample->get("pred_label").tensor().cpu());
    }
    MMENGINE_CHECK_KEY(
        sample->contains("gt_label"), "Accuracy: a prediction has no gt_label");
    result["gt_label"] = Tree(sample->get("gt_label").tensor().cpu());
    results().push_back(std::move(result));
  }
}

Value Accuracy::compute_metrics(const std::vector<Tree>& results) {
  Value metrics = Value::dict();
  if (results.empty()) {
    return metrics;
  }
  at::Tensor target = detail::cat_flat(results, "gt_label").to(at::kLong);
  const double num = static_cast<double>(target.size(0));
  if (!results[0].contains("pred_score")) {
    at::Tensor correct =
        detail::cat_flat(results, "pred_label").to(at::kInt) == target;
    metrics["top1"] =
        correct.sum().to(at::kFloat).mul(100.0 / num).item<double>();
    return metrics;
  }
  std::vector<at::Tensor> scores;
  for (const Tree& r : results) {
    scores.push_back(r["pred_score"].tensor());
  }
  at::Tensor pred = at::stack(scores);
  const int64_t maxk = *std::max_element(topk_.begin(), topk_.end());
  MMENGINE_CHECK(
      maxk <= pred.size(1),
      "Top-",
      maxk,
      " accuracy is unavailable since the number of categories is ",
      pred.size(1),
      ".");
  auto [top_score, top_label] = pred.topk(maxk, 1);
  at::Tensor correct =
      top_label.t().eq(target.view({1, -1}).expand({maxk, -1}));
  const bool multi = thrs_.size() > 1;
  for (int64_t k : topk_) {
    for (const auto& thr : thrs_) {
      at::Tensor c = correct;
      if (thr) {
        c = c & (top_score.t() > *thr);
      }
      const double acc = c.slice(0, 0, k)
                             .reshape({-1})
                             .to(at::kFloat)
                             .sum(0, true)
                             .mul_(100.0 / num)
                             .item<double>();
      std::string name = fmt::format("top{}", k);
      if (multi) {
        name += thr ? fmt::format("_thr-{:.2f}", *thr) : "_no-thr";
      }
      metrics[name] = acc;
    }
  }
  return metrics;
}

}  // namespace mmengine::zoo
