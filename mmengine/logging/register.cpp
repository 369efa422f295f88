#include "mmengine/logging/register.h"

#include <mutex>

#include "mmengine/registry/root.h"
#include "mmengine/runner/log_processor.h"

namespace mmengine::logging {

void register_logging() {
  static std::once_flag once;
  std::call_once(once, [] {
    registry::register_class<runner::LogProcessor>(
        registry::LOG_PROCESSORS,
        "LogProcessor",
        "mmengine/logging",
        "formats the MessageHub's scalars into log lines and tags");
  });
}

}  // namespace mmengine::logging
