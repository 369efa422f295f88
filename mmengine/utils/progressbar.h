#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>

#include "mmengine/api.h"

namespace mmengine::utils {

/// A text progress bar: `[>>>>      ] 4/10, 2.0 task/s, elapsed: 2s, ETA: 3s`
/// redrawn in place with '\r', or `completed: 4, elapsed: 2s, 2.0 tasks/s`
/// when the total is unknown (task_num 0). Mirrors
/// `mmengine.utils.ProgressBar` character for character (bar width capped
/// by the terminal width as MMEngine computes it).
class MMENGINE_API ProgressBar {
 public:
  struct Options {
    std::int64_t task_num = 0;
    int bar_width = 50;
    /// Where to draw; default std::cout.
    std::ostream* out = nullptr;
    /// Terminal columns; default: $COLUMNS, else the terminal's, else 80
    /// (Python's shutil.get_terminal_size).
    std::optional<int> terminal_width;
    /// Seconds since start(); default: a steady clock (tests inject one).
    std::function<double()> elapsed;
    /// Call start() in the constructor.
    bool start = true;
  };

  explicit ProgressBar(Options options);
  /// Draws the empty bar and starts the clock.
  void start();
  /// Advances by num_tasks (> 0; ValueError otherwise) and redraws.
  void update(std::int64_t num_tasks = 1);
  std::int64_t completed() const noexcept {
    return completed_;
  }

 private:
  double since_start() const;

  Options options_;
  std::int64_t completed_ = 0;
  std::chrono::steady_clock::time_point start_;
};

/// `shutil.get_terminal_size()[0]`: $COLUMNS when set and positive, else
/// the width of the terminal on stdout, else 80.
MMENGINE_API int terminal_width();

}  // namespace mmengine::utils
