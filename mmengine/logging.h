#pragma once

// Umbrella header of mmengine.logging (mirrors its __all__), plus the
// LogProcessor that lives in the core library with it.
#include "mmengine/logging/history_buffer.h"
#include "mmengine/logging/logger.h"
#include "mmengine/logging/message_hub.h"
#include "mmengine/logging/register.h"
#include "mmengine/runner/log_processor.h"
