// Per-iteration overhead of the Runner (all default hooks, logging every 50
// iterations) against a hand-written libtorch loop doing the same work:
// the same data loader, model, loss and SGD step, one thread.
// Usage: mmengine_bench_runner ITERS -> prints "raw_s_per_iter
// runner_s_per_iter runner_fixed_s raw_total_s" on stderr (stdout carries
// the runner's log lines).
#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "mmengine/config/config.h"
#include "mmengine/dataset/data_loader.h"
#include "mmengine/model/base_model/base_model.h"
#include "mmengine/optim/optimizer/sgd.h"
#include "mmengine/registry/root.h"
#include "mmengine/runner/register_all_modules.h"
#include "mmengine/runner/runner.h"

namespace {

using mmengine::config::Value;
namespace dataset = mmengine::dataset;
namespace model = mmengine::model;

constexpr int64_t kSamples = 32 * 64;

class Synthetic : public dataset::Dataset {
 public:
  Synthetic() {
    torch::manual_seed(0);
    x_ = torch::randn({kSamples, 16});
    y_ = x_.sum(1, true) * 0.1;
  }
  explicit Synthetic(mmengine::registry::BuildArgs&) : Synthetic() {}
  int64_t size() const override {
    return kSamples;
  }
  dataset::Sample get(int64_t i) const override {
    auto s = std::make_shared<mmengine::structures::BaseDataElement>();
    s->set("y", y_[i]);
    return {x_[i], s};
  }

 private:
  at::Tensor x_;
  at::Tensor y_;
};

class TinyMLP : public model::BaseModel {
 public:
  TinyMLP() {
    torch::manual_seed(0);
    fc1_ = register_module("fc1", torch::nn::Linear(16, 32));
    fc2_ = register_module("fc2", torch::nn::Linear(32, 1));
  }
  explicit TinyMLP(mmengine::registry::BuildArgs& args)
      : BaseModel(args.take_value("data_preprocessor", Value())) {
    torch::manual_seed(0);
    fc1_ = register_module("fc1", torch::nn::Linear(16, 32));
    fc2_ = register_module("fc2", torch::nn::Linear(32, 1));
  }
  at::Tensor loss(const model::DataBatch& batch) {
    at::Tensor x =
        torch::stack(std::get<std::vector<at::Tensor>>(batch.inputs));
    std::vector<at::Tensor> ys;
    for (const auto& s : batch.data_samples) {
      ys.push_back(s->get("y").tensor());
    }
    at::Tensor out = fc2_->forward(torch::relu(fc1_->forward(x)));
    return torch::mse_loss(out, torch::stack(ys));
  }
  model::ForwardResult forward(
      const model::BatchInputs& inputs,
      const model::DataSamples& samples,
      model::ForwardMode mode) override {
    model::DataBatch batch{inputs, samples};
    return model::LossDict{{"loss", loss(batch)}};
  }

 private:
  torch::nn::Linear fc1_{nullptr};
  torch::nn::Linear fc2_{nullptr};
};

double raw_loop(int64_t iters) {
  auto data = std::make_shared<Synthetic>();
  auto sampler = std::make_shared<dataset::InfiniteSampler>(kSamples, true, 0);
  // Seeded like the Runner's loaders (the same per-batch transform seeding).
  dataset::DataLoader loader(data, sampler, {.batch_size = 32, .seed = 0});
  auto model = std::make_shared<TinyMLP>();
  mmengine::optim::SGD sgd(
      mmengine::optim::single_group(model->parameters()),
      {.lr = 0.01, .momentum = 0.9});
  auto it = loader.iter();
  auto start = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < iters; ++i) {
    auto batch = it->next();
    at::Tensor loss = model->loss(*batch);
    loss.backward();
    sgd.step();
    sgd.zero_grad();
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

double runner_loop(int64_t iters, const std::string& work_dir) {
  static const bool registered = [] {
    mmengine::runner::register_all_modules();
    mmengine::registry::register_class<Synthetic>(
        mmengine::registry::DATASETS, "BenchSynthetic");
    mmengine::registry::register_class<TinyMLP>(
        mmengine::registry::MODELS, "BenchTinyMLP");
    return true;
  }();
  (void)registered;
  Value cfg = Value::dict(
      {{"model", Value::dict({{"type", "BenchTinyMLP"}})},
       {"work_dir", work_dir},
       {"train_dataloader",
        Value::dict(
            {{"dataset", Value::dict({{"type", "BenchSynthetic"}})},
             {"sampler",
              Value::dict({{"type", "InfiniteSampler"}, {"shuffle", true}})},
             {"batch_size", 32}})},
       {"train_cfg", Value::dict({{"by_epoch", false}, {"max_iters", iters}})},
       {"optim_wrapper",
        Value::dict(
            {{"optimizer",
              Value::dict(
                  {{"type", "SGD"}, {"lr", 0.01}, {"momentum", 0.9}})}})},
       {"default_hooks",
        Value::dict(
            {{"logger",
              Value::dict({{"type", "LoggerHook"}, {"interval", 50}})}})},
       {"log_processor", Value::dict({{"by_epoch", false}})},
       {"randomness", Value::dict({{"seed", 0}})}});
  auto runner =
      mmengine::runner::Runner::from_cfg(mmengine::config::Config(cfg));
  auto start = std::chrono::steady_clock::now();
  runner->train();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  const int64_t iters = argc > 1 ? std::stoll(argv[1]) : 2000;
  const int64_t short_iters = std::max<int64_t>(iters / 4, 1);
  at::set_num_threads(1);
  const auto work_dir =
      std::filesystem::temp_directory_path() / "mmengine_bench_runner";
  // Warm up both paths, then alternate to share machine noise; best of 5
  // rounds (the least disturbed by other work on the machine).
  raw_loop(50);
  double raw_long = 1e300;
  double raw_short = 1e300;
  double ours_long = 1e300;
  double ours_short = 1e300;
  for (int round = 0; round < 5; ++round) {
    raw_long = std::min(raw_long, raw_loop(iters));
    ours_long = std::min(ours_long, runner_loop(iters, work_dir.string()));
    raw_short = std::min(raw_short, raw_loop(short_iters));
    ours_short =
        std::min(ours_short, runner_loop(short_iters, work_dir.string()));
  }
  // Per iteration: the slope between the two lengths, so the Runner's
  // one-off work (building the loop, logging the hook table, the final
  // checkpoint) is reported apart.
  const auto n = static_cast<double>(iters - short_iters);
  const double raw_iter = (raw_long - raw_short) / n;
  const double ours_iter = (ours_long - ours_short) / n;
  const double ours_fixed =
      ours_short - static_cast<double>(short_iters) * ours_iter;
  std::filesystem::remove_all(work_dir);
  std::fflush(stdout);
  std::fprintf(
      stderr,
      "%.9f %.9f %.6f %.6f\n",
      raw_iter,
      ours_iter,
      ours_fixed,
      raw_long);
  return 0;
}
