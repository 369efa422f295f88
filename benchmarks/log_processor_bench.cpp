// Times the logging hot path: per iteration, the MessageHub updates the
// hooks make, and LogProcessor.get_log_after_iter. Prints "<seconds per
// iteration of updates> <seconds per log line>" and then the last line.
// Run by benchmarks/run.sh next to benchmarks/log_processor_ref.py.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "mmengine/logging/message_hub.h"
#include "mmengine/runner/log_processor.h"

namespace {

using Clock = std::chrono::steady_clock;

void update(mmengine::logging::MessageHub& hub, int it) {
  const double x = it + 1;
  hub.update_scalar("train/lr", 0.01);
  hub.update_scalar("train/data_time", 0.001 * std::fmod(x * 7.3, 3.1));
  hub.update_scalar("train/grad_norm", 3.0 + std::sin(x));
  hub.update_scalar("train/loss", 2.0 / x + std::cos(x * 0.7));
  hub.update_scalar("train/acc", 0.5);
  hub.update_scalar("train/time", 0.01 + 0.002 * std::sin(x * 3.1));
  hub.update_info("eta", 1000.0 - it);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s ITERS\n", argv[0]);
    return 2;
  }
  const int iters = std::atoi(argv[1]);
  mmengine::logging::MessageHub hub("bench");
  mmengine::runner::LogProcessor processor;
  mmengine::runner::LogContext ctx;
  ctx.message_hub = &hub;
  ctx.max_epochs = 12;
  ctx.has_train_loop = true;
  ctx.dataloader_len = iters;
  auto start = Clock::now();
  for (int it = 0; it < iters; ++it) {
    update(hub, it);
  }
  const std::chrono::duration<double> updates = Clock::now() - start;
  std::string line;
  start = Clock::now();
  for (int it = 0; it < iters; ++it) {
    ctx.iter = it;
    line = processor.get_log_after_iter(ctx, it, "train").second;
  }
  const std::chrono::duration<double> lines = Clock::now() - start;
  std::printf(
      "%.9f %.9f\n%s\n",
      updates.count() / iters,
      lines.count() / iters,
      line.c_str());
  return 0;
}
