#pragma once

/// Replays a training run's scheduler steps without training, the way
/// ParamSchedulerHook steps them: after every iteration the iteration-based
/// schedulers, after every epoch the epoch-based ones, after validation the
/// ReduceOnPlateau ones with that epoch's metrics.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mmengine/api.h"

namespace mmengine::optim {

class Optimizer;
class ParamScheduler;

/// The loop being replayed.
struct ScheduleRun {
  /// EpochBasedTrainLoop (true) or IterBasedTrainLoop.
  bool by_epoch = true;
  std::int64_t max_epochs = 0;
  /// Used when !by_epoch.
  std::int64_t max_iters = 0;
  /// Iterations per epoch (len(train_dataloader)).
  std::int64_t epoch_length = 1;
  /// Metrics of the validation after epoch e (ReduceOnPlateau*); epochs
  /// beyond the list run no validation.
  std::vector<std::map<std::string, double>> val_metrics{};
};

/// `param` of every group at each iteration, read when the iteration runs
/// (result[iter][group]), stepping `schedulers` as ParamSchedulerHook does.
MMENGINE_API std::vector<std::vector<double>> simulate_param_schedule(
    const std::vector<std::shared_ptr<ParamScheduler>>& schedulers,
    const Optimizer& optimizer,
    const std::string& param,
    const ScheduleRun& run);

}  // namespace mmengine::optim
