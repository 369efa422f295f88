#include <mutex>

#include "mmengine/hooks/checkpoint_hook.h"
#include "mmengine/hooks/ema_hook.h"
#include "mmengine/hooks/iter_timer_hook.h"
#include "mmengine/hooks/logger_hook.h"
#include "mmengine/hooks/runtime_info_hook.h"
#include "mmengine/registry/root.h"

namespace mmengine::hooks {

void register_hooks() {
  static std::once_flag once;
  std::call_once(once, [] {
    const char* where = "mmengine/hooks";
    using registry::HOOKS;
    registry::register_class<RuntimeInfoHook>(
        HOOKS, "RuntimeInfoHook", where, "runtime info to the message hub");
    registry::register_class<IterTimerHook>(
        HOOKS, "IterTimerHook", where, "iteration and data times, eta");
    registry::register_class<DistSamplerSeedHook>(
        HOOKS, "DistSamplerSeedHook", where, "sampler epoch per train epoch");
    registry::register_class<LoggerHook>(
        HOOKS, "LoggerHook", where, "log lines, scalars.json, test metrics");
    registry::register_class<ParamSchedulerHook>(
        HOOKS, "ParamSchedulerHook", where, "steps parameter schedulers");
    registry::register_class<CheckpointHook>(
        HOOKS, "CheckpointHook", where, "saves checkpoints, best and last");
    registry::register_class<EmptyCacheHook>(
        HOOKS, "EmptyCacheHook", where, "releases cached CUDA memory");
    registry::register_class<EarlyStoppingHook>(
        HOOKS, "EarlyStoppingHook", where, "stops when a metric plateaus");
    registry::register_class<EMAHook>(
        HOOKS, "EMAHook", where, "averaged weights for evaluation and saving");
  });
}

}  // namespace mmengine::hooks
