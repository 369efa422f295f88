#pragma once

#include <functional>
#include <string>

#include "mmengine/api.h"

namespace mmengine::utils {

/// Reports a warning: through the sink set by set_warning_sink() (the
/// logging module routes it to the current logger at WARNING), else to
/// stderr as "WARNING: <message>".
MMENGINE_API void warn(const std::string& message);

/// Replaces the warning sink (nullptr restores stderr); returns the old one.
MMENGINE_API std::function<void(const std::string&)> set_warning_sink(
    std::function<void(const std::string&)> sink);

}  // namespace mmengine::utils
