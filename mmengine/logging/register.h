#pragma once

#include "mmengine/api.h"

namespace mmengine::logging {

/// Registers LogProcessor in LOG_PROCESSORS (idempotent). Mirrors the
/// `@LOG_PROCESSORS.register_module()` of `mmengine.runner.log_processor`.
MMENGINE_API void register_logging();

}  // namespace mmengine::logging
