// Save + load of a ResNet-50 checkpoint with SGD-momentum state through the
// engine's checkpoint I/O. Prints "<save seconds> <load seconds> <bytes>
// <save seconds without fsync>" (best of N): save_checkpoint is atomic and
// durable (temp file, fsync, rename); torch.save does not fsync, so the
// serialisation alone (write_torch_zip into a plain file, closed without
// fsync) is timed too. Usage: mmengine_bench_checkpoint DIR [N]
#include <torch/torch.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "mmengine/runner/checkpoint.h"
#include "mmengine/runner/checkpoint/torch_file.h"
#include "mmengine/zoo/resnet.h"

int main(int argc, char** argv) {
  using mmengine::structures::Tree;
  using Clock = std::chrono::steady_clock;
  const std::string path =
      std::string(argc > 1 ? argv[1] : ".") + "/r50_cpp.pth";
  const int n = argc > 2 ? std::stoi(argv[2]) : 3;
  mmengine::zoo::ResNet::Options opts;
  opts.depth = 50;
  auto net = std::make_shared<mmengine::zoo::ResNet>(opts);
  auto state = Tree::dict();
  auto ids = mmengine::config::Value::list({});
  int64_t i = 0;
  for (const auto& p : net->parameters()) {
    state[i] = Tree::dict({{"momentum_buffer", Tree(torch::randn_like(p))}});
    ids.append(i++);
  }
  auto group = mmengine::config::Value::dict(
      {{"lr", 0.1},
       {"momentum", 0.9},
       {"dampening", 0},
       {"weight_decay", 0.0001},
       {"nesterov", false},
       {"maximize", false},
       {"foreach", mmengine::config::Value()},
       {"differentiable", false},
       {"fused", mmengine::config::Value()},
       {"params", ids}});
  auto ckpt = Tree::dict();
  ckpt["meta"] =
      Tree(mmengine::config::Value::dict({{"epoch", 1}, {"iter", 100}}));
  ckpt["state_dict"] = mmengine::runner::get_state_dict(*net);
  ckpt["optimizer"] = Tree::dict(
      {{"state", state}, {"param_groups", Tree::list({Tree(group)})}});
  double best_save = 1e9, best_load = 1e9, best_plain = 1e9;
  const std::string plain = path + ".plain";
  for (int k = 0; k < n; ++k) {
    auto t0 = Clock::now();
    mmengine::runner::save_checkpoint(ckpt, path);
    auto t1 = Clock::now();
    std::FILE* f = std::fopen(plain.c_str(), "wb");
    mmengine::runner::checkpoint::write_torch_zip(ckpt, f, plain, "archive");
    std::fclose(f);
    best_plain = std::min(
        best_plain, std::chrono::duration<double>(Clock::now() - t1).count());
    t1 = Clock::now();
    auto back = mmengine::runner::load_checkpoint_file(path);
    // Touch every tensor so lazily mapped pages are really read.
    double sum = 0;
    for (const auto& [k2, v] : back["state_dict"].items()) {
      sum += v.tensor().sum().item<double>();
    }
    auto t2 = Clock::now();
    best_save =
        std::min(best_save, std::chrono::duration<double>(t1 - t0).count());
    best_load =
        std::min(best_load, std::chrono::duration<double>(t2 - t1).count());
    if (sum == 12345.678)
      std::cerr << "";
  }
  std::filesystem::remove(plain);
  std::cout << best_save << " " << best_load << " "
            << std::filesystem::file_size(path) << " " << best_plain << "\n";
}
