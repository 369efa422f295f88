#pragma once

#include "mmengine/api.h"

namespace mmengine::optim {

/// Registers the built-in optimizers in OPTIMIZERS under PyTorch's names
/// (idempotent). Mirrors `mmengine.optim.optimizer.builder`'s
/// `register_torch_optimizers`.
MMENGINE_API void register_optimizers();

}  // namespace mmengine::optim
