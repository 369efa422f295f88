#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/evaluator/metric.h"
#include "mmengine/model/base_model/data_preprocessor.h"
#include "mmengine/registry/registry.h"

namespace mmengine::evaluator {

/// Runs several metrics over the same predictions. Mirrors
/// `mmengine.evaluator.Evaluator`; duplicate metric names are a ValueError
/// with MMEngine's wording.
class MMENGINE_API Evaluator : public registry::Configurable {
 public:
  explicit Evaluator(std::vector<std::shared_ptr<BaseMetric>> metrics);
  /// Config key `metrics`: a dict or a list of dicts built by METRICS.
  explicit Evaluator(registry::BuildArgs& args);

  void process(
      const model::DataBatch& data_batch,
      const model::DataSamples& data_samples);
  /// Every metric's evaluate(size), merged in order.
  config::Value evaluate(std::int64_t size);
  /// Evaluates predictions that are already computed, `chunk_size` at a
  /// time. Mirrors `Evaluator.offline_evaluate`.
  config::Value offline_evaluate(
      const model::DataSamples& data_samples, std::int64_t chunk_size = 1);

  void set_dataset_meta(const config::Value& meta);
  const std::vector<std::shared_ptr<BaseMetric>>& metrics() const noexcept {
    return metrics_;
  }

 private:
  std::vector<std::shared_ptr<BaseMetric>> metrics_;
};

/// An Evaluator from MMEngine's `val_evaluator` forms: a dict with
/// `type` naming an EVALUATOR, a metric dict, or a list of metric dicts.
/// Mirrors `Runner.build_evaluator`.
MMENGINE_API std::shared_ptr<Evaluator> build_evaluator(
    const config::Value& cfg, const std::string& where);

/// Registers Evaluator in EVALUATOR.
MMENGINE_API void register_evaluator_module();

}  // namespace mmengine::evaluator
