#pragma once

/// The multiplicative schedulers of `mmengine/optim/scheduler/
/// param_scheduler.py`: Step, MultiStep, Constant, Exponential, Linear and
/// Poly. Each takes (optimizer, its Options, SchedulerOptions); the LR and
/// Momentum forms are in lr_scheduler.h and momentum_scheduler.h.

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/optim/scheduler/param_scheduler.h"

namespace mmengine::optim {

/// Mirrors `StepParamScheduler`: value *= gamma every step_size steps.
class MMENGINE_API StepParamScheduler : public ParamScheduler {
 public:
  struct Options {
    /// Period of decay (required in configs).
    std::int64_t step_size = 1;
    double gamma = 0.1;
  };
  StepParamScheduler(
      std::shared_ptr<Optimizer> optimizer,
      Options options,
      SchedulerOptions common);
  /// Reads step_size (required) and gamma; scales step_size on conversion.
  static Options read_options(
      registry::BuildArgs& args, const EpochConversion& conversion);

 protected:
  std::vector<double> get_value() override;
  void save_attributes(config::Value& d) const override;
  void load_attributes(const config::Value& d) override;

 private:
  Options o_;
};

/// Mirrors `MultiStepParamScheduler`: value *= gamma ** count at each
/// milestone (repeated milestones count several times).
class MMENGINE_API MultiStepParamScheduler : public ParamScheduler {
 public:
  struct Options {
    std::vector<std::int64_t> milestones{};
    double gamma = 0.1;
  };
  MultiStepParamScheduler(
      std::shared_ptr<Optimizer> optimizer,
      Options options,
      SchedulerOptions common);
  /// Reads milestones (required) and gamma; scales milestones.
  static Options read_options(
      registry::BuildArgs& args, const EpochConversion& conversion);

 protected:
  std::vector<double> get_value() override;
  void save_attributes(config::Value& d) const override;
  void load_attributes(const config::Value& d) override;

 private:
  std::map<std::int64_t, std::int64_t> milestones_;  // Counter
  double gamma_;
};

/// Mirrors `ConstantParamScheduler`: value *= factor at the first step,
/// restored at step end - begin - 1. ValueError unless 0 <= factor <= 1.
class MMENGINE_API ConstantParamScheduler : public ParamScheduler {
 public:
  struct Options {
    double factor = 1.0 / 3;
  };
  ConstantParamScheduler(
      std::shared_ptr<Optimizer> optimizer,
      Options options,
      SchedulerOptions common);
  static Options read_options(
      registry::BuildArgs& args, const EpochConversion& conversion);

 protected:
  std::vector<double> get_value() override;
  void save_attributes(config::Value& d) const override;
  void load_attributes(const config::Value& d) override;

 private:
  double factor_;
  std::int64_t total_iters_;
};

/// Mirrors `ExponentialParamScheduler`: value *= gamma every step.
class MMENGINE_API ExponentialParamScheduler : public ParamScheduler {
 public:
  struct Options {
    /// Required in configs.
    double gamma = 1.0;
  };
  ExponentialParamScheduler(
      std::shared_ptr<Optimizer> optimizer,
      Options options,
      SchedulerOptions common);
  static Options read_options(
      registry::BuildArgs& args, const EpochConversion& conversion);

 protected:
  std::vector<double> get_value() override;
  void save_attributes(config::Value& d) const override;
  void load_attributes(const config::Value& d) override;

 private:
  double gamma_;
};

/// Mirrors `LinearParamScheduler`: the factor goes linearly from
/// start_factor to end_factor over [begin, end). Factors must be in [0, 1].
class MMENGINE_API LinearParamScheduler : public ParamScheduler {
 public:
  struct Options {
    double start_factor = 1.0 / 3;
    double end_factor = 1.0;
  };
  LinearParamScheduler(
      std::shared_ptr<Optimizer> optimizer,
      Options options,
      SchedulerOptions common);
  static Options read_options(
      registry::BuildArgs& args, const EpochConversion& conversion);

 protected:
  std::vector<double> get_value() override;
  void save_attributes(config::Value& d) const override;
  void load_attributes(const config::Value& d) override;

 private:
  Options o_;
  std::int64_t total_iters_;
};

/// Mirrors `PolyParamScheduler`: polynomial decay to eta_min at end - 1.
class MMENGINE_API PolyParamScheduler : public ParamScheduler {
 public:
  struct Options {
    double eta_min = 0;
    double power = 1.0;
  };
  PolyParamScheduler(
      std::shared_ptr<Optimizer> optimizer,
      Options options,
      SchedulerOptions common);
  static Options read_options(
      registry::BuildArgs& args, const EpochConversion& conversion);

 protected:
  std::vector<double> get_value() override;
  void save_attributes(config::Value& d) const override;
  void load_attributes(const config::Value& d) override;

 private:
  Options o_;
  std::int64_t total_iters_;
};

}  // namespace mmengine::optim
