// `make train` until the engine trains from configs: a 2-layer MLP trained
// with plain libtorch, printing the loss every 10 steps.
#include <cstdio>

#include "tests/smoke/smoke_mlp.h"

int main() {
  const auto losses = mmengine::testing::train_smoke_mlp(100);
  for (size_t i = 9; i < losses.size(); i += 10) {
    std::printf("step %3zu  loss %.6f\n", i + 1, losses[i]);
  }
  return losses.back() < losses.front() ? 0 : 1;
}
