#include "tests/smoke/smoke_mlp.h"

#include <torch/torch.h>

namespace mmengine::testing {

std::vector<double> train_smoke_mlp(int steps, unsigned seed) {
  torch::manual_seed(seed);
  // y = sin(x0) + 0.5 * x1 on 256 points: smooth, learnable by a tiny MLP.
  auto x = torch::rand({256, 2}) * 4 - 2;
  auto y = (torch::sin(x.select(1, 0)) + 0.5 * x.select(1, 1)).unsqueeze(1);
  torch::nn::Sequential mlp(
      torch::nn::Linear(2, 32), torch::nn::Tanh(), torch::nn::Linear(32, 1));
  torch::optim::SGD optim(
      mlp->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
  std::vector<double> losses;
  losses.reserve(steps);
  for (int step = 0; step < steps; ++step) {
    optim.zero_grad();
    auto loss = torch::mse_loss(mlp->forward(x), y);
    loss.backward();
    optim.step();
    losses.push_back(loss.item<double>());
  }
  return losses;
}

}  // namespace mmengine::testing
