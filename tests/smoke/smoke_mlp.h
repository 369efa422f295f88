#pragma once

#include <vector>

namespace mmengine::testing {

/// Trains a 2-layer MLP with plain libtorch (SGD, MSE) on fixed, seeded
/// data and returns the loss after each step. Proves the toolchain; it is
/// not the engine.
std::vector<double> train_smoke_mlp(int steps, unsigned seed = 0);

}  // namespace mmengine::testing
