#include "mmengine/optim/scheduler/schedule_simulation.h"

#include "mmengine/optim/optimizer/optimizer.h"
#include "mmengine/optim/scheduler/param_scheduler.h"
#include "mmengine/utils/error.h"

namespace mmengine::optim {

namespace {

std::vector<double> read_values(
    const Optimizer& optimizer, const std::string& param) {
  std::vector<double> values;
  for (const ParamGroup& group : optimizer.param_groups()) {
    values.push_back(group.get(param));
  }
  return values;
}

void step_all(
    const std::vector<std::shared_ptr<ParamScheduler>>& schedulers,
    bool by_epoch) {
  for (const auto& scheduler : schedulers) {
    if (scheduler->by_epoch() == by_epoch) {
      scheduler->step();
    }
  }
}

}  // namespace

std::vector<std::vector<double>> simulate_param_schedule(
    const std::vector<std::shared_ptr<ParamScheduler>>& schedulers,
    const Optimizer& optimizer,
    const std::string& param,
    const ScheduleRun& run) {
  MMENGINE_CHECK(
      run.epoch_length > 0,
      "simulate_param_schedule: epoch_length must be positive, but got ",
      run.epoch_length);
  std::vector<std::vector<double>> values;
  if (!run.by_epoch) {
    // IterBasedTrainLoop: after_train_epoch runs once, after the last
    // iteration, so epoch-based schedulers never change a recorded value.
    for (std::int64_t i = 0; i < run.max_iters; ++i) {
      values.push_back(read_values(optimizer, param));
      step_all(schedulers, /*by_epoch=*/false);
    }
    return values;
  }
  for (std::int64_t epoch = 0; epoch < run.max_epochs; ++epoch) {
    for (std::int64_t i = 0; i < run.epoch_length; ++i) {
      values.push_back(read_values(optimizer, param));
      step_all(schedulers, /*by_epoch=*/false);
    }
    step_all(schedulers, /*by_epoch=*/true);
    if (static_cast<std::size_t>(epoch) < run.val_metrics.size()) {
      for (const auto& scheduler : schedulers) {
        if (scheduler->by_epoch() && scheduler->need_val_args()) {
          scheduler->step(run.val_metrics[epoch]);
        }
      }
    }
  }
  return values;
}

}  // namespace mmengine::optim
