#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mmengine/hooks/hook.h"

namespace mmengine::hooks {

/// Logs train/val/test progress lines through the runner's LogProcessor,
/// writes the scalars to the visualizer (`vis_data/scalars.json`) and the
/// test metrics to `<log_dir>/<timestamp>.json`. Mirrors
/// `mmengine.hooks.LoggerHook` (priority BELOW_NORMAL): `interval`,
/// `ignore_last`, `interval_exp_name`, `log_metric_by_epoch`, `out_dir`
/// (local folder: logs copied there after the run), `out_suffix`,
/// `keep_local`.
class MMENGINE_API LoggerHook : public HookBase<LoggerHook> {
 public:
  explicit LoggerHook(registry::BuildArgs& args);
  std::string name() const override {
    return "LoggerHook";
  }

  void before_run(Runner& runner) override;
  void after_train_iter(
      Runner& runner,
      std::int64_t batch_idx,
      const DataBatch* data_batch,
      const model::LogVars* outputs) override;
  void after_val_iter(
      Runner& runner,
      std::int64_t batch_idx,
      const DataBatch* data_batch,
      const model::DataSamples* outputs) override;
  void after_test_iter(
      Runner& runner,
      std::int64_t batch_idx,
      const DataBatch* data_batch,
      const model::DataSamples* outputs) override;
  void after_val_epoch(Runner& runner, const Metrics& metrics) override;
  void after_test_epoch(Runner& runner, const Metrics& metrics) override;
  void after_run(Runner& runner) override;

 private:
  std::int64_t interval_;
  bool ignore_last_;
  std::int64_t interval_exp_name_;
  std::optional<std::string> out_dir_;
  std::vector<std::string> out_suffix_;
  bool keep_local_;
  bool log_metric_by_epoch_;
  std::string json_log_path_;
};

}  // namespace mmengine::hooks
