#include "mmengine/utils/error.h"

namespace mmengine::detail {

void throw_internal_assert(
    const char* file,
    int line,
    const char* condition,
    const std::string& message) {
  std::string text = fmt::format(
      "internal assertion '{}' failed at {}:{}", condition, file, line);
  if (!message.empty()) {
    text.append(": ").append(message);
  }
  text.append(" (this is a bug in mmengine, please report it)");
  throw InternalError(text);
}

}  // namespace mmengine::detail
