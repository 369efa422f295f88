#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/model/base_model/data_preprocessor.h"
#include "mmengine/registry/build_args.h"
#include "mmengine/registry/registry.h"
#include "mmengine/structures/tree.h"

namespace mmengine::evaluator {

/// The base of metrics in METRICS: process() keeps per-sample results,
/// compute_metrics() reduces them once the data set is done.
///
///   class MyAcc : public BaseMetric {
///     void process(const model::DataBatch&, const model::DataSamples& out)
///         override { for (...) results().push_back(Tree::dict({...})); }
///     config::Value compute_metrics(const std::vector<Tree>& r) override {
///       return config::Value::dict({{"acc", ...}});
///     }
///   };
///
/// Mirrors `mmengine.evaluator.BaseMetric`: `prefix`, `collect_device`
/// ('cpu' or 'gpu'), `collect_dir`, the empty-results warning, padding
/// dropped with the data set size, metric names prefixed `prefix/name`.
class MMENGINE_API BaseMetric : public registry::Configurable {
 public:
  /// `default_prefix` is the class's own (`Accuracy` uses "accuracy").
  explicit BaseMetric(
      std::string collect_device = "cpu",
      std::string prefix = {},
      std::string collect_dir = {},
      std::string default_prefix = {});
  /// Reads `collect_device`, `prefix`, `collect_dir` from a config.
  BaseMetric(registry::BuildArgs& args, std::string default_prefix);
  ~BaseMetric() override;

  /// Class name for messages ("Accuracy").
  virtual std::string name() const = 0;
  /// Adds the results of one batch to results().
  virtual void process(
      const model::DataBatch& data_batch,
      const model::DataSamples& data_samples) = 0;
  /// Metrics from all results (a dict name -> value).
  virtual config::Value compute_metrics(
      const std::vector<structures::Tree>& results) = 0;

  /// compute_metrics() over the first `size` results (the rest is sampler
  /// padding), names prefixed; results are cleared. Logs MMEngine's warning
  /// when nothing was processed.
  config::Value evaluate(std::int64_t size);

  std::vector<structures::Tree>& results() noexcept {
    return results_;
  }
  const std::string& prefix() const noexcept {
    return prefix_;
  }
  /// The data set's metainfo (classes, ...), set by the evaluator.
  const config::Value& dataset_meta() const noexcept {
    return dataset_meta_;
  }
  void set_dataset_meta(config::Value meta) {
    dataset_meta_ = std::move(meta);
  }

 private:
  std::string collect_device_;
  std::string prefix_;
  std::string collect_dir_;
  config::Value dataset_meta_;
  std::vector<structures::Tree> results_;
};

}  // namespace mmengine::evaluator
