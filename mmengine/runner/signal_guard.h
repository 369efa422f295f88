#pragma once

/// Preemption: while a SignalGuard is alive, SIGTERM and SIGINT are recorded
/// instead of ending the process, so training can save a checkpoint at the
/// next iteration boundary and stop cleanly. Beyond MMEngine.

#include "mmengine/api.h"

namespace mmengine::runner {

/// Installs the handlers (when `enabled`) and restores the previous ones
/// when destroyed. The first signal is recorded; the handler then resets
/// itself, so a second signal has its default effect (ends the process).
class MMENGINE_API SignalGuard {
 public:
  explicit SignalGuard(bool enabled);
  ~SignalGuard();
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;

  /// The recorded signal number, 0 when none arrived.
  static int pending() noexcept;
  /// Forgets the recorded signal.
  static void clear() noexcept;

 private:
  bool enabled_;
};

/// "SIGTERM", "SIGINT" or "signal N".
MMENGINE_API const char* signal_name(int signal) noexcept;

}  // namespace mmengine::runner
