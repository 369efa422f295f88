#pragma once

/// Building parameter schedulers from configs, the Runner's way.
///
///   register_param_schedulers();
///   auto schedulers = build_param_schedulers(
///       cfg["param_scheduler"], optimizer, /*epoch_length=*/len(loader),
///       TrainLength{.max_epochs = 12, .max_iters = 12 * len(loader)});

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"

namespace mmengine::optim {

class Optimizer;
class ParamScheduler;

/// Registers every scheduler of MMEngine 0.10.4 in PARAM_SCHEDULERS
/// (idempotent): <X>ParamScheduler, <X>LR and <X>Momentum. Builders take
/// the runtime args "optimizer" (std::shared_ptr<Optimizer>) and optional
/// "epoch_length" (std::int64_t) and accept `convert_to_iter_based`.
MMENGINE_API void register_param_schedulers();

/// The train loop's length, for the default `end` of schedulers.
struct TrainLength {
  std::int64_t max_epochs = 0;
  std::int64_t max_iters = 0;
};

/// Mirrors `Runner._build_param_scheduler`: `cfg` is one scheduler dict or
/// a list/tuple of them (TypeError otherwise); each is deep-copied, gets
/// `end` = max_epochs (by_epoch) or max_iters when `train_length` is given
/// and it has none, and is built from PARAM_SCHEDULERS with `optimizer`
/// and `epoch_length` (<= 0: unknown). Registers the schedulers first.
MMENGINE_API std::vector<std::shared_ptr<ParamScheduler>>
build_param_schedulers(
    const config::Value& cfg,
    std::shared_ptr<Optimizer> optimizer,
    std::int64_t epoch_length,
    std::optional<TrainLength> train_length = std::nullopt);

}  // namespace mmengine::optim
