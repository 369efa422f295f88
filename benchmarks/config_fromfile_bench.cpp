// Times Config::fromfile on a config; prints "<seconds per load> <keys>".
// Run by benchmarks/run.sh next to the Python reference.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "mmengine/config/config.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s CONFIG REPEAT\n", argv[0]);
    return 2;
  }
  const std::string path = argv[1];
  const int repeat = std::atoi(argv[2]);
  auto cfg = mmengine::config::Config::fromfile(path);  // warm-up
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < repeat; ++i) {
    cfg = mmengine::config::Config::fromfile(path);
  }
  const std::chrono::duration<double> elapsed =
      std::chrono::steady_clock::now() - start;
  std::printf("%.9f %zu\n", elapsed.count() / repeat, cfg.dict().size());
  return 0;
}
