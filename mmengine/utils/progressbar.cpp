#include "mmengine/utils/progressbar.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <limits>

#include "mmengine/utils/error.h"

namespace mmengine::utils {

int terminal_width() {
  if (const char* columns = std::getenv("COLUMNS")) {
    char* end = nullptr;
    const long v = std::strtol(columns, &end, 10);
    if (end != columns && *end == '\0' && v > 0) {
      return static_cast<int>(v);
    }
  }
  winsize ws{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
    return ws.ws_col;
  }
  return 80;
}

ProgressBar::ProgressBar(Options options) : options_(std::move(options)) {
  if (options_.out == nullptr) {
    options_.out = &std::cout;
  }
  if (options_.start) {
    start();
  }
}

void ProgressBar::start() {
  std::ostream& out = *options_.out;
  if (options_.task_num > 0) {
    out << '[' << std::string(static_cast<std::size_t>(options_.bar_width), ' ')
        << "] 0/" << options_.task_num << ", elapsed: 0s, ETA:";
  } else {
    out << "completed: 0, elapsed: 0s";
  }
  out.flush();
  start_ = std::chrono::steady_clock::now();
}

double ProgressBar::since_start() const {
  if (options_.elapsed) {
    return options_.elapsed();
  }
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now() - start_)
      .count();
}

namespace {

// Python's f'{x:.1f}' including inf.
std::string fixed1(double x) {
  if (x == std::numeric_limits<double>::infinity()) {
    return "inf";
  }
  return fmt::format("{:.1f}", x);
}

}  // namespace

void ProgressBar::update(std::int64_t num_tasks) {
  MMENGINE_CHECK(
      num_tasks > 0, "ProgressBar.update: num_tasks must be positive");
  completed_ += num_tasks;
  const double elapsed = since_start();
  const double fps = elapsed > 0 ? static_cast<double>(completed_) / elapsed
                                 : std::numeric_limits<double>::infinity();
  const auto elapsed_s = static_cast<std::int64_t>(elapsed + 0.5);
  std::ostream& out = *options_.out;
  if (options_.task_num > 0) {
    const double percentage = static_cast<double>(completed_) /
                              static_cast<double>(options_.task_num);
    const auto eta = static_cast<std::int64_t>(
        elapsed * (1 - percentage) / percentage + 0.5);
    const std::string tail = fmt::format(
        "] {}/{}, {} task/s, elapsed: {}s, ETA: {:5}s",
        completed_,
        options_.task_num,
        fixed1(fps),
        elapsed_s,
        eta);
    // len(msg) in MMEngine counts '\r[{}' too: 4 characters.
    const auto msg_len = static_cast<int>(tail.size()) + 4;
    const int width = options_.terminal_width.value_or(terminal_width());
    int bar_width = std::min(
        {options_.bar_width,
         width - msg_len + 2,
         static_cast<int>(width * 0.6)});
    bar_width = std::max(2, bar_width);
    const auto marks = static_cast<int>(bar_width * percentage);
    out << "\r["
        << std::string(static_cast<std::size_t>(std::max(0, marks)), '>')
        << std::string(
               static_cast<std::size_t>(std::max(0, bar_width - marks)), ' ')
        << tail;
  } else {
    out << "completed: " << completed_ << ", elapsed: " << elapsed_s << "s, "
        << fixed1(fps) << " tasks/s";
  }
  out.flush();
}

}  // namespace mmengine::utils
