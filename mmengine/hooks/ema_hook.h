#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "mmengine/config/value.h"
#include "mmengine/hooks/hook.h"

namespace torch::nn {
class Module;
}  // namespace torch::nn

namespace mmengine::model {
class BaseAveragedModel;
}  // namespace mmengine::model

namespace mmengine::hooks {

/// Keeps an averaged copy of the model during training, evaluates with it
/// and saves it in checkpoints (`state_dict` holds the averaged weights,
/// `ema_state_dict` the raw ones).
///
///   custom_hooks = [dict(type='EMAHook', momentum=0.001, begin_iter=100)]
///
/// Mirrors `mmengine.hooks.EMAHook` (priority NORMAL): keys `ema_type`
/// (a MODELS name, default 'ExponentialMovingAverage'), `strict_load`,
/// `begin_iter`, `begin_epoch`; every other key goes to the averaged
/// model's builder. Differs: AssertionErrors are ValueErrors.
class MMENGINE_API EMAHook : public HookBase<EMAHook> {
 public:
  explicit EMAHook(registry::BuildArgs& args);
  ~EMAHook() override;
  std::string name() const override {
    return "EMAHook";
  }

  /// Builds the averaged model from the runner's model.
  void before_run(Runner& runner) override;
  /// begin_epoch <= max_epochs / begin_iter <= max_iters (ValueError).
  void before_train(Runner& runner) override;
  /// update_parameters() once started, else copies the model's state.
  void after_train_iter(
      Runner& runner,
      std::int64_t batch_idx,
      const DataBatch* data_batch,
      const model::LogVars* outputs) override;
  /// Swap the averaged and the model's weights around evaluation.
  void before_val_epoch(Runner& runner) override;
  void after_val_epoch(Runner& runner, const Metrics& metrics) override;
  void before_test_epoch(Runner& runner) override;
  void after_test_epoch(Runner& runner, const Metrics& metrics) override;
  /// Adds `ema_state_dict` and swaps its `module.*` entries with
  /// `state_dict`'s.
  void before_save_checkpoint(
      Runner& runner, structures::Tree& checkpoint) override;
  /// Restores the averaged model from `ema_state_dict` when resuming,
  /// else from a copy of `state_dict`.
  void after_load_checkpoint(
      Runner& runner, structures::Tree& checkpoint) override;

  /// The averaged model (null before before_run()).
  model::BaseAveragedModel* ema_model() const noexcept {
    return ema_model_.get();
  }

 private:
  void swap_ema_parameters();
  bool ema_started(const Runner& runner) const;

  bool strict_load_;
  std::int64_t begin_iter_;
  std::int64_t begin_epoch_;
  bool enabled_by_epoch_;
  config::Value ema_cfg_;
  std::shared_ptr<torch::nn::Module> src_model_;
  std::shared_ptr<model::BaseAveragedModel> ema_model_;
};

}  // namespace mmengine::hooks
