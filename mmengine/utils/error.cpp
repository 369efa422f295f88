#include "mmengine/utils/error.h"

namespace mmengine::detail {

void throw_internal_assert(
    const char* file,
    int line,
    const char* condition,
    const std::string& message) {
  throw InternalError(fmt::format(
      "internal assertion '{}' failed at {}:{}{}{} (this is a bug in "
      "mmengine, please report it)",
      condition,
      file,
      line,
      message.empty() ? "" : ": ",
      message));
}

}  // namespace mmengine::detail
