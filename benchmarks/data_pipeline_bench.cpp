// Images per second of the data loader on JPEG files: LoadImageFromFile +
// RandomResizedCrop(224) + RandomFlip + PackInputs, batch 64, 2 workers,
// default_collate. Prints the best of <epochs> epochs after one warm-up.
// Usage: mmengine_bench_data <dir with ann.json> <epochs>
#include <ATen/core/Tensor.h>
#include <fmt/format.h>

#include <chrono>
#include <string>

#include "mmengine/dataset/data_loader.h"
#include "mmengine/runner/register_all_modules.h"

using mmengine::config::Value;

int main(int argc, char** argv) {
  if (argc != 3) {
    fmt::print(stderr, "usage: {} <dir> <epochs>\n", argv[0]);
    return 2;
  }
  mmengine::runner::register_all_modules();
  const int epochs = std::stoi(argv[2]);
  Value pipeline = Value::list(
      {Value::dict({{"type", "LoadImageFromFile"}}),
       Value::dict({{"type", "RandomResizedCrop"}, {"scale", 224}}),
       Value::dict({{"type", "RandomFlip"}, {"prob", 0.5}}),
       Value::dict({{"type", "PackInputs"}})});
  Value cfg = Value::dict(
      {{"dataset",
        Value::dict(
            {{"type", "BaseDataset"},
             {"data_root", argv[1]},
             {"ann_file", "ann.json"},
             {"pipeline", pipeline}})},
       {"sampler",
        Value::dict({{"type", "DefaultSampler"}, {"shuffle", true}})},
       {"batch_size", 64},
       {"num_workers", 2},
       {"collate_fn", Value::dict({{"type", "default_collate"}})}});
  auto loader = mmengine::dataset::build_dataloader(cfg, 0, "train_dataloader");
  double best = 0;
  for (int e = 0; e <= epochs; ++e) {
    loader->sampler().set_epoch(e);
    const auto start = std::chrono::steady_clock::now();
    std::int64_t n = 0;
    auto it = loader->iter();
    while (auto batch = it->next()) {
      n += std::get<at::Tensor>(batch->inputs).size(0);
    }
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    if (e > 0) {
      best = std::max(best, static_cast<double>(n) / s);
    }
  }
  fmt::print("{:.1f}\n", best);
  return 0;
}
