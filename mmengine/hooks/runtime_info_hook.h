#pragma once

#include <optional>
#include <string>

#include "mmengine/hooks/hook.h"

namespace mmengine::hooks {

/// Publishes runtime information (config, seed, loop stage, epoch, iter,
/// learning rates, losses, metrics) to the runner's MessageHub. Mirrors
/// `mmengine.hooks.RuntimeInfoHook` (priority VERY_HIGH).
class MMENGINE_API RuntimeInfoHook : public HookBase<RuntimeInfoHook> {
 public:
  RuntimeInfoHook();
  explicit RuntimeInfoHook(registry::BuildArgs& args);
  std::string name() const override {
    return "RuntimeInfoHook";
  }

  void before_run(Runner& runner) override;
  void before_train(Runner& runner) override;
  void after_train(Runner& runner) override;
  void before_train_epoch(Runner& runner) override;
  void before_train_iter(
      Runner& runner,
      std::int64_t batch_idx,
      const DataBatch* data_batch) override;
  void after_train_iter(
      Runner& runner,
      std::int64_t batch_idx,
      const DataBatch* data_batch,
      const model::LogVars* outputs) override;
  void before_val(Runner& runner) override;
  void after_val_epoch(Runner& runner, const Metrics& metrics) override;
  void after_val(Runner& runner) override;
  void before_test(Runner& runner) override;
  void after_test_epoch(Runner& runner, const Metrics& metrics) override;
  void after_test(Runner& runner) override;

 private:
  std::optional<std::string> last_loop_stage_;
  // Reused for the "train/<name>" keys published every iteration.
  std::string key_;
};

}  // namespace mmengine::hooks
