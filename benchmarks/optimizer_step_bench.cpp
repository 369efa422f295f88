// Times Optimizer::step() on ResNet-50's 161 parameter tensors; prints
// "<seconds per step>" for SGD (momentum) or AdamW, or the shapes as JSON
// with `shapes`. Run by benchmarks/run.sh next to optimizer_step_ref.py.
#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "mmengine/optim/optimizer/adamw.h"
#include "mmengine/optim/optimizer/sgd.h"

namespace {

using Shape = std::vector<std::int64_t>;

// torchvision's resnet50 parameters in order: conv, bn weight, bn bias...
std::vector<Shape> resnet50_shapes() {
  std::vector<Shape> shapes;
  auto conv_bn = [&](std::int64_t out, std::int64_t in, std::int64_t k) {
    shapes.push_back({out, in, k, k});
    shapes.push_back({out});
    shapes.push_back({out});
  };
  conv_bn(64, 3, 7);
  std::int64_t in = 64;
  const std::int64_t blocks[] = {3, 4, 6, 3};
  for (int stage = 0; stage < 4; ++stage) {
    const std::int64_t width = 64 << stage;
    for (std::int64_t b = 0; b < blocks[stage]; ++b) {
      conv_bn(width, in, 1);
      conv_bn(width, width, 3);
      conv_bn(width * 4, width, 1);
      if (b == 0) {
        conv_bn(width * 4, in, 1);  // downsample
      }
      in = width * 4;
    }
  }
  shapes.push_back({1000, 2048});
  shapes.push_back({1000});
  return shapes;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::string(argv[1]) == "shapes") {
    std::string out = "[";
    for (const Shape& s : resnet50_shapes()) {
      out += out.size() > 1 ? ", [" : "[";
      for (std::size_t i = 0; i < s.size(); ++i) {
        out += (i ? ", " : "") + std::to_string(s[i]);
      }
      out += "]";
    }
    std::printf("%s]\n", out.c_str());
    return 0;
  }
  if (argc != 4) {
    std::fprintf(
        stderr, "usage: %s sgd|adamw STEPS THREADS | shapes\n", argv[0]);
    return 2;
  }
  const std::string which = argv[1];
  const int steps = std::atoi(argv[2]);
  at::set_num_threads(std::atoi(argv[3]));
  torch::manual_seed(0);
  std::vector<at::Tensor> params;
  for (const Shape& s : resnet50_shapes()) {
    at::Tensor p = torch::randn(s).requires_grad_();
    p.mutable_grad() = torch::randn(s) * 1e-3;
    params.push_back(p);
  }
  using namespace mmengine::optim;
  std::unique_ptr<Optimizer> opt;
  if (which == "sgd") {
    SGDOptions o;
    o.lr = 0.1;
    o.momentum = 0.9;
    o.weight_decay = 1e-4;
    opt = std::make_unique<SGD>(single_group(params), o);
  } else {
    AdamOptions o = adamw_options();
    opt = std::make_unique<AdamW>(single_group(params), o);
  }
  for (int i = 0; i < 3; ++i) {
    opt->step();  // warm-up: creates the state
  }
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < steps; ++i) {
    opt->step();
  }
  const std::chrono::duration<double> elapsed =
      std::chrono::steady_clock::now() - start;
  std::printf("%.9f\n", elapsed.count() / steps);
  return 0;
}
