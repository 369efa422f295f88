#include "mmengine/utils/warn.h"

#include <cstdio>
#include <mutex>

namespace mmengine::utils {

namespace {
std::mutex& sink_mutex() {
  static std::mutex m;
  return m;
}
std::function<void(const std::string&)>& sink() {
  static std::function<void(const std::string&)> s;
  return s;
}
}  // namespace

void warn(const std::string& message) {
  std::function<void(const std::string&)> current;
  {
    std::lock_guard lock(sink_mutex());
    current = sink();
  }
  if (current) {
    current(message);
  } else {
    std::fprintf(stderr, "WARNING: %s\n", message.c_str());
  }
}

std::function<void(const std::string&)> set_warning_sink(
    std::function<void(const std::string&)> new_sink) {
  std::lock_guard lock(sink_mutex());
  std::swap(sink(), new_sink);
  return new_sink;
}

}  // namespace mmengine::utils
