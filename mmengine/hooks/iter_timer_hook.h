#pragma once

#include <chrono>
#include <string>

#include "mmengine/hooks/hook.h"

namespace mmengine::hooks {

/// Records `<mode>/data_time` and `<mode>/time` per iteration and the
/// `eta` (seconds) in the MessageHub. Mirrors `mmengine.hooks.IterTimerHook`
/// (priority NORMAL); uses a monotonic clock.
class MMENGINE_API IterTimerHook : public HookBase<IterTimerHook> {
 public:
  IterTimerHook();
  explicit IterTimerHook(registry::BuildArgs& args);
  std::string name() const override {
    return "IterTimerHook";
  }
  void before_train(Runner& runner) override;

  void before_epoch(Runner& runner, std::string_view mode) override;
  void after_epoch(Runner& runner, std::string_view mode) override;
  void before_iter(
      Runner& runner,
      std::int64_t batch_idx,
      const DataBatch* data_batch,
      std::string_view mode) override;
  void after_iter(
      Runner& runner,
      std::int64_t batch_idx,
      const DataBatch* data_batch,
      std::string_view mode) override;

 private:
  std::chrono::steady_clock::time_point t_;
  double time_sec_tot_ = 0;
  double time_sec_test_val_ = 0;
  std::int64_t start_iter_ = 0;
};

/// Sets the train sampler's epoch before each epoch (so shuffles differ).
/// Mirrors `mmengine.hooks.DistSamplerSeedHook` (priority NORMAL).
class MMENGINE_API DistSamplerSeedHook : public HookBase<DistSamplerSeedHook> {
 public:
  DistSamplerSeedHook() = default;
  explicit DistSamplerSeedHook(registry::BuildArgs&) {}
  std::string name() const override {
    return "DistSamplerSeedHook";
  }
  void before_train_epoch(Runner& runner) override;
};

/// Steps the parameter schedulers: per iteration (by_epoch=False), per
/// epoch, and ReduceOnPlateau ones after validation with the metrics.
/// Mirrors `mmengine.hooks.ParamSchedulerHook` (priority LOW).
class MMENGINE_API ParamSchedulerHook : public HookBase<ParamSchedulerHook> {
 public:
  ParamSchedulerHook();
  explicit ParamSchedulerHook(registry::BuildArgs& args);
  std::string name() const override {
    return "ParamSchedulerHook";
  }
  void after_train_iter(
      Runner& runner,
      std::int64_t batch_idx,
      const DataBatch* data_batch,
      const model::LogVars* outputs) override;
  void after_train_epoch(Runner& runner) override;
  void after_val_epoch(Runner& runner, const Metrics& metrics) override;
};

/// Releases cached CUDA memory before/after epochs or after iterations.
/// Mirrors `mmengine.hooks.EmptyCacheHook` (priority NORMAL); a no-op
/// without CUDA.
class MMENGINE_API EmptyCacheHook : public HookBase<EmptyCacheHook> {
 public:
  EmptyCacheHook(bool before_epoch, bool after_epoch, bool after_iter);
  explicit EmptyCacheHook(registry::BuildArgs& args);
  std::string name() const override {
    return "EmptyCacheHook";
  }

  void before_epoch(Runner& runner, std::string_view mode) override;
  void after_epoch(Runner& runner, std::string_view mode) override;
  void after_iter(
      Runner& runner,
      std::int64_t batch_idx,
      const DataBatch* data_batch,
      std::string_view mode) override;

 private:
  bool before_epoch_;
  bool after_epoch_;
  bool after_iter_;
};

/// Stops training when a validation metric stops improving. Mirrors
/// `mmengine.hooks.EarlyStoppingHook` (priority LOWEST): `monitor`, `rule`
/// (inferred from the name), `min_delta`, `strict`, `check_finite`,
/// `patience`, `stopping_threshold`.
class MMENGINE_API EarlyStoppingHook : public HookBase<EarlyStoppingHook> {
 public:
  explicit EarlyStoppingHook(registry::BuildArgs& args);
  std::string name() const override {
    return "EarlyStoppingHook";
  }
  void after_val_epoch(Runner& runner, const Metrics& metrics) override;

 private:
  std::pair<bool, std::string> check_stop_condition(double score);

  std::string monitor_;
  std::string rule_;
  double min_delta_;
  bool strict_;
  bool check_finite_;
  std::int64_t patience_;
  std::optional<double> stopping_threshold_;
  std::int64_t wait_count_ = 0;
  double best_score_;
};

/// Registers every built-in hook in HOOKS.
MMENGINE_API void register_hooks();

}  // namespace mmengine::hooks
