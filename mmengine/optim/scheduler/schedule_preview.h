#pragma once

/// What `mmengine vis-scheduler` computes: the value of lr (or momentum)
/// at every training iteration of a config, as the Runner would set it.

#include <cstdint>
#include <string>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"

namespace mmengine::optim {

/// How to size the run being previewed.
struct SchedulePreviewOptions {
  /// Training samples (epoch length = ceil(ceil(N / ngpus) / batch_size),
  /// floor with train_dataloader.drop_last); used when epoch_length is 0.
  std::int64_t dataset_size = 0;
  /// Iterations per epoch (len(train_dataloader)) when known.
  std::int64_t epoch_length = 0;
  /// Ranks: divides the data set and multiplies auto_scale_lr's batch.
  std::int64_t ngpus = 1;
  /// "lr" or "momentum".
  std::string param = "lr";
};

/// The previewed run.
struct SchedulePreview {
  bool by_epoch = true;
  std::int64_t epoch_length = 0;
  std::int64_t max_epochs = 0;
  std::int64_t max_iters = 0;
  std::size_t num_schedulers = 0;
  /// The first group's value used by each iteration.
  std::vector<double> values{};
};

/// Builds `optim_wrapper.optimizer` (one group; OPTIMIZERS), applies
/// `auto_scale_lr` when enabled, builds `param_scheduler` the Runner's way
/// and replays `train_cfg` (EpochBased/IterBased) in ParamSchedulerHook's
/// order. Errors name the missing config key or option.
MMENGINE_API SchedulePreview preview_param_schedule(
    const config::Value& cfg, const SchedulePreviewOptions& options);

}  // namespace mmengine::optim
