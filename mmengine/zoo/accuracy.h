#pragma once

#include <optional>
#include <vector>

#include "mmengine/evaluator/metric.h"

namespace mmengine::zoo {

/// Top-k classification accuracy in percent, from the predictions'
/// `pred_score` (or `pred_label`) and `gt_label`. Names as OpenMMLab's
/// classification metric: `accuracy/top1`, `accuracy/top5`, and with
/// several thresholds `accuracy/top1_thr-0.50`. Config keys: topk (1),
/// thrs (0.0), collect_device, prefix ('accuracy').
class MMENGINE_API Accuracy : public evaluator::BaseMetric {
 public:
  explicit Accuracy(registry::BuildArgs& args);
  std::string name() const override {
    return "Accuracy";
  }
  void process(
      const model::DataBatch& data_batch,
      const model::DataSamples& data_samples) override;
  config::Value compute_metrics(
      const std::vector<structures::Tree>& results) override;

 private:
  std::vector<int64_t> topk_;
  std::vector<std::optional<double>> thrs_;
};

}  // namespace mmengine::zoo
