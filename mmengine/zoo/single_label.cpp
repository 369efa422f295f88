#include "mmengine/zoo/single_label.h"

#include <ATen/ATen.h>
#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "mmengine/utils/error.h"
#include "mmengine/zoo/zoo_impl.h"

namespace mmengine::zoo {

using config::Value;
using structures::Tree;

namespace {

constexpr const char* kItems[] = {"precision", "recall", "f1-score", "support"};

std::string thr_suffix(const std::optional<double>& thr) {
  return thr ? fmt::format("_thr-{:.2f}", *thr) : "_no-thr";
}

// Scalars for 'macro'/'micro', lists for per-class results.
Value to_metric(const at::Tensor& t) {
  if (t.dim() == 0) {
    if (at::isIntegralType(t.scalar_type(), false)) {
      return Value(t.item<std::int64_t>());
    }
    return Value(t.item<double>());
  }
  Value out = Value::list();
  const bool integral = at::isIntegralType(t.scalar_type(), false);
  for (std::int64_t i = 0; i < t.size(0); ++i) {
    out.append(
        integral ? Value(t[i].item<std::int64_t>())
                 : Value(t[i].item<double>()));
  }
  return out;
}

at::Tensor checked_one_hot(const at::Tensor& labels, std::int64_t num_classes) {
  if (labels.numel() > 0) {
    const auto lo = labels.min().item<std::int64_t>();
    const auto hi = labels.max().item<std::int64_t>();
    MMENGINE_CHECK(
        lo >= 0 && hi < num_classes,
        "SingleLabelMetric: labels must lie in [0, ",
        num_classes,
        "), found ",
        lo < 0 ? lo : hi);
  }
  return at::one_hot(labels.to(at::kLong).flatten(), num_classes);
}

}  // namespace

std::vector<std::optional<double>> parse_thrs(
    const Value& thrs, const std::string& where) {
  std::vector<Value> items =
      thrs.is_sequence() ? thrs.elements() : std::vector<Value>{thrs};
  std::vector<std::optional<double>> out;
  for (const Value& t : items) {
    MMENGINE_CHECK(
        t.is_none() || (t.is_number() && !t.is_bool()),
        where,
        ".thrs: expected a float, None or a sequence of them, got ",
        thrs.repr());
    out.push_back(t.is_none() ? std::nullopt : std::optional(t.as<double>()));
  }
  MMENGINE_CHECK(!out.empty(), where, ".thrs: expected at least one value");
  return out;
}

std::vector<at::Tensor> precision_recall_f1_support(
    const at::Tensor& pred_positive,
    const at::Tensor& gt_positive,
    const std::optional<std::string>& average) {
  // Targets of -1 are ignored (mmpretrain keeps this for multi-label).
  const at::Tensor ignored = gt_positive.eq(-1);
  const at::Tensor pred = pred_positive.masked_fill(ignored, 0);
  const at::Tensor gt = gt_positive.masked_fill(ignored, 0);
  const at::Tensor correct = pred.bitwise_and(gt);
  const bool micro = average == "micro";
  const at::Tensor tp_sum = micro ? correct.sum() : correct.sum(0);
  const at::Tensor pred_sum = micro ? pred.sum() : pred.sum(0);
  const at::Tensor gt_sum = micro ? gt.sum() : gt.sum(0);
  at::Tensor precision =
      tp_sum.div(pred_sum.clamp_min(1).to(at::kFloat)).mul(100);
  at::Tensor recall = tp_sum.div(gt_sum.clamp_min(1).to(at::kFloat)).mul(100);
  at::Tensor f1 = precision.mul(2).mul(recall).div(
      precision.add(recall).clamp_min(std::numeric_limits<float>::epsilon()));
  if (!average) {
    return {precision, recall, f1, gt_sum};
  }
  auto mean0 = [](const at::Tensor& t) { return t.dim() == 0 ? t : t.mean(0); };
  auto sum0 = [](const at::Tensor& t) { return t.dim() == 0 ? t : t.sum(0); };
  return {mean0(precision), mean0(recall), mean0(f1), sum0(gt_sum)};
}

SingleLabelMetric::SingleLabelMetric(registry::BuildArgs& args)
    : BaseMetric(args, "single-label") {
  thrs_ = parse_thrs(args.take_value("thrs", Value(0.0)), args.where());
  const Value items = args.take_value(
      "items", Value::tuple({"precision", "recall", "f1-score"}));
  MMENGINE_CHECK(
      items.is_sequence(),
      args.where(),
      ".items: expected a sequence of names, got ",
      items.repr());
  for (const Value& item : items.elements()) {
    const std::string name = item.is_string() ? item.as<std::string>() : "";
    MMENGINE_CHECK(
        std::find(std::begin(kItems), std::end(kItems), name) !=
            std::end(kItems),
        args.where(),
        ": The metric ",
        item.is_string() ? name : item.repr(),
        " is not supported by `SingleLabelMetric`, please specify from "
        "\"precision\", \"recall\", \"f1-score\" and \"support\".");
    items_.push_back(name);
  }
  const Value average = args.take_value("average", Value("macro"));
  MMENGINE_CHECK(
      average.is_none() ||
          (average.is_string() && (average.as<std::string>() == "macro" ||
                                   average.as<std::string>() == "micro")),
      args.where(),
      ": Invalid `average` argument ",
      average.repr(),
      ", please specify from ['micro', 'macro', None].");
  if (!average.is_none()) {
    average_ = average.as<std::string>();
  }
  num_classes_ = args.take<std::optional<std::int64_t>>("num_classes", {});
  MMENGINE_CHECK(
      !num_classes_ || *num_classes_ > 0,
      args.where(),
      ".num_classes: expected a positive number, got ",
      num_classes_.value_or(0));
}

void SingleLabelMetric::process(
    const model::DataBatch&, const model::DataSamples& data_samples) {
  for (const auto& sample : data_samples) {
    Tree result = Tree::dict();
    if (sample->contains("pred_score")) {
      result["pred_score"] =
          Tree(sample->get("pred_score").tensor().detach().cpu());
    } else {
      MMENGINE_CHECK_KEY(
          sample->contains("pred_label"),
          "SingleLabelMetric: a prediction has neither pred_score nor "
          "pred_label");
      std::optional<std::int64_t> num_classes = num_classes_;
      if (!num_classes && sample->contains("num_classes")) {
        num_classes = sample->get("num_classes").value().as<std::int64_t>();
      }
      MMENGINE_CHECK(
          num_classes.has_value(),
          "SingleLabelMetric: The `num_classes` must be specified if "
          "`pred_label` has only `label`.");
      result["pred_label"] = Tree(sample->get("pred_label").tensor().cpu());
      result["num_classes"] = Tree(Value(*num_classes));
    }
    MMENGINE_CHECK_KEY(
        sample->contains("gt_label"),
        "SingleLabelMetric: a prediction has no gt_label");
    result["gt_label"] = Tree(sample->get("gt_label").tensor().cpu());
    results().push_back(std::move(result));
  }
}

Value SingleLabelMetric::compute_metrics(const std::vector<Tree>& results) {
  Value metrics = Value::dict();
  if (results.empty()) {
    return metrics;
  }
  const at::Tensor target = detail::cat_flat(results, "gt_label").to(at::kLong);
  // Each entry: name suffix and the four tensors.
  std::vector<std::pair<std::string, std::vector<at::Tensor>>> parts;
  if (results[0].contains("pred_score")) {
    std::vector<at::Tensor> scores;
    for (const Tree& r : results) {
      scores.push_back(r["pred_score"].tensor());
    }
    const at::Tensor pred = at::stack(scores);
    const std::int64_t num_classes = pred.size(1);
    auto [score, label] = pred.topk(1, 1);
    score = score.flatten();
    const at::Tensor gt_positive = checked_one_hot(target, num_classes);
    for (const auto& thr : thrs_) {
      at::Tensor pred_positive = checked_one_hot(label, num_classes);
      if (thr) {
        pred_positive.masked_fill_(score.le(*thr).unsqueeze(1), 0);
      }
      parts.emplace_back(
          thrs_.size() > 1 ? thr_suffix(thr) : "",
          precision_recall_f1_support(pred_positive, gt_positive, average_));
    }
  } else {
    const at::Tensor labels = detail::cat_flat(results, "pred_label");
    const auto num_classes = results[0]["num_classes"].to_value().as<int64_t>();
    parts.emplace_back(
        "",
        precision_recall_f1_support(
            checked_one_hot(labels, num_classes),
            checked_one_hot(target, num_classes),
            average_));
  }
  const std::string tail =
      !average_ ? "_classwise" : (*average_ == "micro" ? "_micro" : "");
  for (const auto& [suffix, values] : parts) {
    for (std::size_t i = 0; i < 4; ++i) {
      if (std::find(items_.begin(), items_.end(), kItems[i]) != items_.end()) {
        metrics[kItems[i] + suffix + tail] = to_metric(values[i]);
      }
    }
  }
  return metrics;
}

}  // namespace mmengine::zoo
