#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mmengine/evaluator/metric.h"

namespace mmengine::zoo {

/// Precision, recall, f1-score (percent) and support of single-label
/// classification from `pred_score` (or `pred_label`) and `gt_label`.
/// Names as mmpretrain: `single-label/precision` (average 'macro'),
/// `single-label/precision_micro`, `single-label/precision_classwise` (a
/// list per class, average None); with several thresholds the name gains
/// `_thr-0.50` / `_no-thr` before those suffixes. Mirrors
/// `mmpretrain.evaluation.SingleLabelMetric`; differs in checking its
/// options (and label ranges) when built instead of asserting later.
class MMENGINE_API SingleLabelMetric : public evaluator::BaseMetric {
 public:
  /// Config keys: thrs (0.0; a float, None or a sequence of them), items
  /// (('precision', 'recall', 'f1-score'), also 'support'), average
  /// ('macro', 'micro' or None), num_classes (None), collect_device,
  /// prefix ('single-label').
  explicit SingleLabelMetric(registry::BuildArgs& args);
  std::string name() const override {
    return "SingleLabelMetric";
  }
  void process(
      const model::DataBatch& data_batch,
      const model::DataSamples& data_samples) override;
  config::Value compute_metrics(
      const std::vector<structures::Tree>& results) override;

 private:
  std::vector<std::optional<double>> thrs_;
  std::vector<std::string> items_;
  std::optional<std::string> average_;
  std::optional<std::int64_t> num_classes_;
};

/// Precision, recall, f1-score (float, percent) and support (int64) from
/// one-hot N x C predictions and targets, per class (`average` None) or
/// averaged ('macro', 'micro'). Mirrors mmpretrain's
/// `_precision_recall_f1_support`.
MMENGINE_API std::vector<at::Tensor> precision_recall_f1_support(
    const at::Tensor& pred_positive,
    const at::Tensor& gt_positive,
    const std::optional<std::string>& average);

/// `thrs` of Accuracy / SingleLabelMetric: a number, None or a sequence of
/// them (None: no threshold). ValueError naming `where` otherwise.
MMENGINE_API std::vector<std::optional<double>> parse_thrs(
    const config::Value& thrs, const std::string& where);

}  // namespace mmengine::zoo
