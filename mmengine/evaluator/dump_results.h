#pragma once

#include <string>

#include "mmengine/evaluator/metric.h"

namespace mmengine::evaluator {

/// Dumps every prediction (all fields and meta fields of each data sample,
/// tensors as nested lists) to `out_file_path` and returns no metric.
/// Mirrors `mmengine.evaluator.DumpResults`; differs in writing JSON
/// (`.json`): `.pkl`/`.pickle` are rejected until a pickle writer exists.
class MMENGINE_API DumpResults : public BaseMetric {
 public:
  /// Config keys: out_file_path (required, .json), collect_device,
  /// collect_dir.
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
};

/// A tensor as nested lists of Python numbers (`tensor.tolist()`).
MMENGINE_API config::Value tensor_to_value(const at::Tensor& tensor);

}  // namespace mmengine::evaluator
