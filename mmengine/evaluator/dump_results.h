#pragma once

#include <string>

#include "mmengine/evaluator/metric.h"

namespace mmengine::evaluator {

/// Dumps every prediction (all fields and meta fields of each data sample,
/// CPU tensors) to `out_file_path` and returns no metric. Mirrors
/// `mmengine.evaluator.DumpResults`: `.pkl`/`.pickle` hold a list with a
/// dict per sample (MMEngine pickles the data sample objects); differs in
/// also writing `.json` (tensors as nested lists).
class MMENGINE_API DumpResults : public BaseMetric {
 public:
  /// Config keys: out_file_path (required; .pkl, .pickle or .json),
  /// collect_device, collect_dir. ValueError for another suffix.
  explicit DumpResults(registry::BuildArgs& args);
  std::string name() const override {
    return "DumpResults";
  }
  void process(
      const model::DataBatch& data_batch,
      const model::DataSamples& data_samples) override;
  /// Writes the file (temporary name, renamed) and returns {}.
  config::Value compute_metrics(
      const std::vector<structures::Tree>& results) override;
  const std::string& out_file_path() const noexcept {
    return out_file_path_;
  }

 private:
  std::string out_file_path_;
  bool pickle_ = false;
};

/// The bytes of a `.pkl` dump of `results` (`pickle.load` gives a list of
/// dicts with CPU tensors).
MMENGINE_API std::string pickle_results(
    const std::vector<structures::Tree>& results);

/// A tensor as nested lists of Python numbers (`tensor.tolist()`).
MMENGINE_API config::Value tensor_to_value(const at::Tensor& tensor);

}  // namespace mmengine::evaluator
