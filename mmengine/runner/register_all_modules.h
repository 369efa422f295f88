#pragma once

#include "mmengine/api.h"

namespace mmengine::runner {

/// Registers every built-in class of the engine in the root registries
/// (idempotent): loops, hooks, optimizers, wrappers, schedulers, samplers,
/// collate functions, evaluator, log processor, visualization, weight
/// initialisers and the model zoo. The Runner and the CLI call it.
/// Mirrors `mmengine.registry.register_all_modules`.
MMENGINE_API void register_all_modules();

}  // namespace mmengine::runner
