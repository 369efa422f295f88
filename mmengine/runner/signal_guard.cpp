#include "mmengine/runner/signal_guard.h"

#include <atomic>
#include <csignal>

namespace mmengine::runner {

namespace {

std::atomic<int> g_pending{0};
struct sigaction g_previous_term {};
struct sigaction g_previous_int {};

extern "C" void record_signal(int signal) {
  g_pending.store(signal, std::memory_order_relaxed);
  // A second signal ends the process as it would have without us.
  std::signal(signal, SIG_DFL);
}

void install(int signal, struct sigaction* previous) {
  struct sigaction action {};
  action.sa_handler = record_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(signal, &action, previous);
}

}  // namespace

SignalGuard::SignalGuard(bool enabled) : enabled_(enabled) {
  if (enabled_) {
    g_pending.store(0);
    install(SIGTERM, &g_previous_term);
    install(SIGINT, &g_previous_int);
  }
}

SignalGuard::~SignalGuard() {
  if (enabled_) {
    sigaction(SIGTERM, &g_previous_term, nullptr);
    sigaction(SIGINT, &g_previous_int, nullptr);
  }
}

int SignalGuard::pending() noexcept {
  return g_pending.load(std::memory_order_relaxed);
}

void SignalGuard::clear() noexcept {
  g_pending.store(0);
}

const char* signal_name(int signal) noexcept {
  switch (signal) {
    case SIGTERM:
      return "SIGTERM";
    case SIGINT:
      return "SIGINT";
    default:
      return "a signal";
  }
}

}  // namespace mmengine::runner
