// Per-iteration overhead of the Runner (all default hooks, logging every 50
// iterations) against a hand-written libtorch loop doing the same work:
// the same data loader, model, loss and SGD step, one thread. Both are
// timed over the same steady-state iterations (see Window).
// Usage: mmengine_bench_runner [ITERS [ROUNDS]] -> prints the medians over
// rounds of "raw_s_per_iter runner_s_per_iter runner_one_off_s ratio" and
// the ratio's first and third quartiles on stderr (stdout carries the
// runner's log lines).
#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <vector>

#include "mmengine/config/config.h"
#include "mmengine/dataset/data_loader.h"
#include "mmengine/hooks/hook.h"
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
using Clock = std::chrono::steady_clock;

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
  at::Tensor loss(
      const model::BatchInputs& inputs, const model::DataSamples& samples) {
    at::Tensor x = torch::stack(std::get<std::vector<at::Tensor>>(inputs));
    std::vector<at::Tensor> ys;
    ys.reserve(samples.size());
    for (const auto& s : samples) {
      ys.push_back(s->get("y").tensor());
    }
    at::Tensor out = fc2_->forward(torch::relu(fc1_->forward(x)));
    return torch::mse_loss(out, torch::stack(ys));
  }
  model::ForwardResult forward(
      const model::BatchInputs& inputs,
      const model::DataSamples& samples,
      model::ForwardMode) override {
    return model::LossDict{{"loss", loss(inputs, samples)}};
  }

 private:
  torch::nn::Linear fc1_{nullptr};
  torch::nn::Linear fc2_{nullptr};
};

// Iterations [first, last) are timed, from the moment batch `first` has
// been fetched to the moment batch `last` has: whole iterations at steady
// state, without the set-up before the first one or the work after the
// last one. The Runner is timed at the same points (ProbeHook).
struct Window {
  int64_t first;
  int64_t last;
  double seconds(Clock::time_point start, Clock::time_point stop) const {
    return std::chrono::duration<double>(stop - start).count() /
           static_cast<double>(last - first);
  }
};

double raw_loop(int64_t iters, const Window& window) {
  auto data = std::make_shared<Synthetic>();
  auto sampler = std::make_shared<dataset::InfiniteSampler>(kSamples, true, 0);
  // Seeded like the Runner's loaders (the same per-batch transform seeding).
  dataset::DataLoader loader(data, sampler, {.batch_size = 32, .seed = 0});
  auto model = std::make_shared<TinyMLP>();
  mmengine::optim::SGD sgd(
      mmengine::optim::single_group(model->parameters()),
      {.lr = 0.01, .momentum = 0.9});
  auto it = loader.iter();
  Clock::time_point start;
  Clock::time_point stop;
  for (int64_t i = 0; i < iters; ++i) {
    auto batch = it->next();
    if (i == window.first) {
      start = Clock::now();
    } else if (i == window.last) {
      stop = Clock::now();
    }
    at::Tensor loss = model->loss(batch->inputs, batch->data_samples);
    loss.backward();
    sgd.step();
    sgd.zero_grad();
  }
  return window.seconds(start, stop);
}

// Takes the Runner's time at the same points as raw_loop: its
// before_train_iter runs after the loop has fetched the batch, and with the
// lowest priority it runs after every other hook's.
class ProbeHook : public mmengine::hooks::Hook {
 public:
  explicit ProbeHook(Window window) : window_(window) {}
  void before_train_iter(
      mmengine::runner::Runner& runner,
      int64_t,
      const model::DataBatch*) override {
    if (runner.iter() == window_.first) {
      start_ = Clock::now();
    } else if (runner.iter() == window_.last) {
      stop_ = Clock::now();
    }
  }
  double seconds() const {
    return window_.seconds(start_, stop_);
  }

 private:
  Window window_;
  Clock::time_point start_;
  Clock::time_point stop_;
};

// Returns {seconds per iteration in the window, seconds of train()}.
std::pair<double, double> runner_loop(
    int64_t iters, const Window& window, const std::string& work_dir) {
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
  auto probe = std::make_shared<ProbeHook>(window);
  runner->register_hook(probe, Value("LOWEST"));
  const auto start = Clock::now();
  runner->train();
  const double total =
      std::chrono::duration<double>(Clock::now() - start).count();
  return {probe->seconds(), total};
}

}  // namespace

int main(int argc, char** argv) {
  const int64_t iters = argc > 1 ? std::stoll(argv[1]) : 2000;
  const int rounds = argc > 2 ? std::stoi(argv[2]) : 15;
  // The first tenth warms up (caches, allocator, history buffers).
  const Window window{iters / 10, iters - 1};
  at::set_num_threads(1);
  const auto work_dir =
      std::filesystem::temp_directory_path() / "mmengine_bench_runner";
  raw_loop(60, {10, 50});
  // Profiling aid: MMENGINE_BENCH_ONLY=raw|runner runs one path only.
  if (const char* only = std::getenv("MMENGINE_BENCH_ONLY")) {
    const std::string which = only;
    const double t = which == "raw"
                         ? raw_loop(iters, window)
                         : runner_loop(iters, window, work_dir.string()).first;
    std::fprintf(stderr, "%s %.9f\n", only, t);
    return 0;
  }
  // The two paths alternate; the machine's noise drifts slowly, so the
  // ratio within a round is steadier than either time, and the median over
  // rounds is reported.
  std::vector<double> raws;
  std::vector<double> ours;
  std::vector<double> ratios;
  std::vector<double> fixed;
  for (int round = 0; round < rounds; ++round) {
    const double raw_iter = raw_loop(iters, window);
    const auto [ours_iter, ours_total] =
        runner_loop(iters, window, work_dir.string());
    raws.push_back(raw_iter);
    ours.push_back(ours_iter);
    ratios.push_back(ours_iter / raw_iter);
    // train() minus its iterations: building the loop, the hook table, the
    // final checkpoint.
    fixed.push_back(ours_total - static_cast<double>(iters) * ours_iter);
  }
  auto sorted = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  auto median = [&](const std::vector<double>& v) {
    const auto s = sorted(v);
    const size_t m = s.size() / 2;
    return s.size() % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  auto quartile = [&](const std::vector<double>& v, double q) {
    const auto s = sorted(v);
    return s[static_cast<size_t>(q * static_cast<double>(s.size() - 1))];
  };
  std::filesystem::remove_all(work_dir);
  std::fflush(stdout);
  std::fprintf(
      stderr,
      "%.9f %.9f %.6f %.6f %.6f %.6f\n",
      median(raws),
      median(ours),
      median(fixed),
      median(ratios),
      quartile(ratios, 0.25),
      quartile(ratios, 0.75));
  return 0;
}
