#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "mmengine/hooks/hook.h"

namespace mmengine::hooks {

/// Saves checkpoints every `interval` epochs/iterations (and the last one),
/// keeps at most `max_keep_ckpts`, writes `<work_dir>/last_checkpoint`, and
/// keeps `best_<key>_<epoch|iter>_N.pth` for `save_best` metrics.
/// Mirrors `mmengine.hooks.CheckpointHook` (priority VERY_LOW) with all its
/// options; differs: local storage only (other backends: ValueError),
/// unknown keys are rejected instead of forwarded to save_checkpoint, and
/// published files are named by the sha256 of our pickled bytes.
class MMENGINE_API CheckpointHook : public HookBase<CheckpointHook> {
 public:
  /// Config keys: interval (-1), by_epoch (True), save_optimizer (True),
  /// save_param_scheduler (True), out_dir (None), max_keep_ckpts (-1),
  /// save_last (True), save_best (None, str or list), rule (None, str or
  /// list), greater_keys, less_keys, file_client_args, filename_tmpl,
  /// backend_args, published_keys, save_begin (0).
  explicit CheckpointHook(registry::BuildArgs& args);
  std::string name() const override {
    return "CheckpointHook";
  }

  void before_train(Runner& runner) override;
  void after_train_epoch(Runner& runner) override;
  void after_val_epoch(Runner& runner, const Metrics& metrics) override;
  void after_train(Runner& runner) override;
  void after_train_iter(
      Runner& runner,
      std::int64_t batch_idx,
      const DataBatch* data_batch,
      const model::LogVars* outputs) override;

  /// The folder checkpoints go to (set in before_train).
  const std::string& out_dir() const noexcept {
    return out_dir_;
  }

 private:
  void init_rule(
      const std::vector<std::optional<std::string>>& rules,
      const std::vector<std::string>& key_indicators);
  void save_checkpoint(Runner& runner);
  void save_checkpoint_with_step(
      Runner& runner, std::int64_t step, const config::Value& meta);
  void save_best_checkpoint(Runner& runner, const Metrics& metrics);
  void publish_model(Runner& runner, const std::string& path) const;
  std::string filename(std::int64_t step) const;
  std::string join(const std::string& name) const;
  void remove_step(std::int64_t step) const;

  std::int64_t interval_;
  bool by_epoch_;
  bool save_optimizer_;
  bool save_param_scheduler_;
  std::string out_dir_;
  bool out_dir_set_ = false;
  std::int64_t max_keep_ckpts_;
  bool save_last_;
  config::Value file_client_args_;
  config::Value backend_args_;
  std::string filename_tmpl_;
  std::vector<std::string> save_best_;
  std::vector<std::optional<std::string>> rules_;
  std::vector<std::string> key_indicators_;
  std::vector<std::string> greater_keys_;
  std::vector<std::string> less_keys_;
  /// key indicator -> "greater" or "less" (MMEngine's is_better_than).
  std::vector<std::pair<std::string, std::string>> is_better_than_;
  /// MMEngine's best_ckpt_path (one key indicator) and
  /// best_ckpt_path_dict (several); "" when none yet.
  std::string best_ckpt_path_;
  std::vector<std::pair<std::string, std::string>> best_ckpt_path_dict_;
  std::optional<std::vector<std::string>> published_keys_;
  std::optional<std::string> last_ckpt_;
  std::int64_t save_begin_;
  std::deque<std::int64_t> keep_ckpt_ids_;
};

}  // namespace mmengine::hooks
