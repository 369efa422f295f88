#pragma once

/// The annealing schedulers of `mmengine/optim/scheduler/
/// param_scheduler.py`: CosineAnnealing, CosineRestart and OneCycle.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/optim/scheduler/param_scheduler.h"

namespace mmengine::optim {

/// Mirrors `CosineAnnealingParamScheduler` (chainable SGDR form without
/// restarts). At most one of eta_min / eta_min_ratio (eta_min 0 when none).
class MMENGINE_API CosineAnnealingParamScheduler : public ParamScheduler {
 public:
  struct Options {
    /// Half period; 0 = end - begin.
    std::int64_t T_max = 0;  // NOLINT(readability-identifier-naming)
    std::optional<double> eta_min{};
    std::optional<double> eta_min_ratio{};
  };
  CosineAnnealingParamScheduler(
      std::shared_ptr<Optimizer> optimizer,
      Options options,
      SchedulerOptions common);
  /// Reads T_max, eta_min, eta_min_ratio; scales T_max on conversion.
  static Options read_options(
      registry::BuildArgs& args, const EpochConversion& conversion);

 protected:
  std::vector<double> get_value() override;
  void save_attributes(config::Value& d) const override;
  void load_attributes(const config::Value& d) override;

 private:
  double eta_min_of(double base_value) const;
  std::int64_t t_max_;
  std::optional<double> eta_min_;
  std::optional<double> eta_min_ratio_;
};

/// Mirrors `CosineRestartParamScheduler`: cosine annealing restarted after
/// each period, the restart value being base * restart_weights[i].
class MMENGINE_API CosineRestartParamScheduler : public ParamScheduler {
 public:
  struct Options {
    std::vector<std::int64_t> periods{};
    std::vector<double> restart_weights = {1.0};
    std::optional<double> eta_min{};
    std::optional<double> eta_min_ratio{};
  };
  CosineRestartParamScheduler(
      std::shared_ptr<Optimizer> optimizer,
      Options options,
      SchedulerOptions common);
  /// Reads periods (required), restart_weights, eta_min, eta_min_ratio;
  /// scales periods on conversion.
  static Options read_options(
      registry::BuildArgs& args, const EpochConversion& conversion);

 protected:
  std::vector<double> get_value() override;
  void save_attributes(config::Value& d) const override;
  void load_attributes(const config::Value& d) override;

 private:
  Options o_;
  std::vector<std::int64_t> cumulative_periods_;
};

/// Mirrors `OneCycleParamScheduler` (lr only): warm up from
/// eta_max/div_factor to eta_max, then anneal to initial/final_div_factor.
/// Writes initial_lr, max_lr and min_lr into every group.
class MMENGINE_API OneCycleParamScheduler : public ParamScheduler {
 public:
  struct Options {
    /// One value, or one per group.
    std::vector<double> eta_max = {0.0};
    /// 0 = end - begin.
    std::int64_t total_steps = 0;
    double pct_start = 0.3;
    /// "cos" or "linear".
    std::string anneal_strategy = "cos";
    double div_factor = 25.;
    double final_div_factor = 1e4;
    bool three_phase = false;
  };
  OneCycleParamScheduler(
      std::shared_ptr<Optimizer> optimizer,
      Options options,
      SchedulerOptions common);
  /// Reads the options with MMEngine's checks; scales total_steps.
  static Options read_options(
      registry::BuildArgs& args, const EpochConversion& conversion);

 protected:
  std::vector<double> get_value() override;
  void save_attributes(config::Value& d) const override;
  void load_attributes(const config::Value& d) override;

 private:
  struct Phase {
    double end_step;
    std::string start_key;
    std::string end_key;
  };
  void make_phases();
  double anneal(double start, double end, double pct) const;

  Options o_;
  std::vector<Phase> phases_;
};

}  // namespace mmengine::optim
