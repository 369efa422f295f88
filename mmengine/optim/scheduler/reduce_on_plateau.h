#pragma once

/// `ReduceOnPlateauParamScheduler`: lowers a value when a validation
/// metric stops improving.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/optim/scheduler/param_scheduler.h"

namespace mmengine::optim {

/// Mirrors `ReduceOnPlateauParamScheduler`: by_epoch only; the per-epoch
/// step() only counts epochs, step(metrics) (after validation) compares
/// metrics[monitor] with the best so far and multiplies the value by
/// `factor` after more than `patience` bad epochs. No step at construction.
class MMENGINE_API ReduceOnPlateauParamScheduler : public ParamScheduler {
 public:
  struct Options {
    std::string monitor = "loss";
    /// "less" or "greater".
    std::string rule = "less";
    double factor = 0.1;
    std::int64_t patience = 10;
    double threshold = 1e-4;
    /// "rel" or "abs".
    std::string threshold_rule = "rel";
    std::int64_t cooldown = 0;
    /// One value, or one per group.
    std::vector<double> min_value = {0.0};
    double eps = 1e-8;
  };
  ReduceOnPlateauParamScheduler(
      std::shared_ptr<Optimizer> optimizer,
      Options options,
      SchedulerOptions common);
  static Options read_options(
      registry::BuildArgs& args, const EpochConversion& conversion);

  /// Counts an epoch (the per-epoch call of ParamSchedulerHook).
  void step() override;
  /// Compares metrics[monitor]; KeyError "Excepted key in [...], but got
  /// key <monitor> is not in dict" when absent.
  void step(const std::map<std::string, double>& metrics) override;
  bool need_val_args() const override {
    return true;
  }

 protected:
  std::vector<double> get_value() override;
  config::Value attributes() const override;
  void load_attributes(const config::Value& d) override;
  void print_value(std::size_t group, double value) const override;

 private:
  bool is_better(double a, double best) const;

  Options o_;
  std::vector<double> min_values_;
  std::int64_t cooldown_counter_ = 0;
  double rule_worse_;
  double best_;
  std::int64_t num_bad_epochs_ = 0;
};

}  // namespace mmengine::optim
