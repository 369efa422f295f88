// The training state beyond MMEngine's checkpoint: generator states and the
// train loop's position in its data.
#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "mmengine/config/config.h"
#include "mmengine/hooks/hook.h"
#include "mmengine/model/base_model/base_model.h"
#include "mmengine/registry/root.h"
#include "mmengine/runner/loops.h"
#include "mmengine/runner/rng_state.h"
#include "mmengine/runner/runner.h"
#include "mmengine/structures/base_data_element.h"
#include "mmengine/utils/error.h"
#include "tests/runner/toy_job.h"
#include "tests/support/temp_dir.h"

namespace mmengine::testing {
namespace {

using config::Value;
using structures::Tree;
namespace fs = std::filesystem;

// ToyModel's shape with noise drawn from torch's global generator while
// training, so runs depend on the generator state.
class NoisyToyModel : public model::BaseModel {
 public:
  explicit NoisyToyModel(registry::BuildArgs& args)
      : BaseModel(args.take_value("data_preprocessor", Value())) {
    linear_ = register_module("linear", torch::nn::Linear(2, 1));
    torch::NoGradGuard no_grad;
    linear_->weight.copy_(torch::tensor({{0.5F, -0.6F}}));
    linear_->bias.fill_(0.0);
  }

  model::ForwardResult forward(
      const model::BatchInputs& inputs,
      const model::DataSamples& samples,
      model::ForwardMode mode) override {
    at::Tensor x = torch::stack(std::get<std::vector<at::Tensor>>(inputs));
    if (is_training()) {
      x = x + 0.1 * torch::randn_like(x);
    }
    at::Tensor out = linear_->forward(x).squeeze(1);
    if (mode == model::ForwardMode::kLoss) {
      std::vector<at::Tensor> labels;
      for (const auto& s : samples) {
        labels.push_back(s->get("label").tensor());
      }
      return model::LossDict{
          {"loss", (out - torch::stack(labels)).pow(2).mean()}};
    }
    model::DataSamples predictions;
    for (int64_t i = 0; i < out.size(0); ++i) {
      auto p = std::make_shared<structures::BaseDataElement>();
      p->set("pred", out[i].detach());
      predictions.push_back(p);
    }
    return predictions;
  }

 private:
  torch::nn::Linear linear_{nullptr};
};

config::Config noisy_job(const fs::path& work_dir) {
  register_toy_job();
  static const bool registered = [] {
    registry::register_class<NoisyToyModel>(
        registry::MODELS, "NoisyToyModel", "tests/runner");
    return true;
  }();
  (void)registered;
  auto cfg = config::Config::fromfile(toy_config("toy_ckpt_epoch.py"));
  cfg.dict()["model"] = Value::dict({{"type", "NoisyToyModel"}});
  cfg.dict()["work_dir"] = work_dir.string();
  // Unique per runner: the visualizer is a named instance per process.
  static int runs = 0;
  cfg.dict()["experiment_name"] =
      "noisy_" + std::to_string(++runs) + "_" + work_dir.filename().string();
  cfg.dict()["custom_hooks"] = Value::list();
  // Checkpoints every 2 iterations: 3 batches per epoch, so most land in
  // the middle of an epoch.
  cfg.dict()["default_hooks"]["checkpoint"] = Value::dict(
      {{"type", "CheckpointHook"},
       {"interval", 2},
       {"by_epoch", false},
       {"max_keep_ckpts", -1}});
  return cfg;
}

std::vector<at::Tensor> train_weights(const config::Config& cfg) {
  runner::Runner runner(cfg);
  runner.train();
  std::vector<at::Tensor> out;
  for (const auto& p : runner.model().parameters()) {
    out.push_back(p.detach().clone());
  }
  return out;
}

TEST(RngStateTest, RestoringRepeatsTheDraws) {
  at::manual_seed(11);
  (void)at::randn({3});
  const Tree state = runner::get_rng_state();
  ASSERT_TRUE(state["torch_cpu"].is_tensor());
  const at::Tensor first = at::randn({5});
  const at::Tensor first_perm = at::randperm(10);
  (void)at::rand({7});  // moves on
  runner::set_rng_state(state);
  EXPECT_TRUE(at::equal(at::randn({5}), first));
  EXPECT_TRUE(at::equal(at::randperm(10), first_perm));
}

TEST(RngStateTest, MalformedStatesNameTheKey) {
  auto message = [](const Tree& state) {
    try {
      runner::set_rng_state(state);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(
      message(Tree(3)).find("rng state should be a dict"), std::string::npos);
  Tree state = runner::get_rng_state();
  Tree no_cpu = Tree::dict({{"torch_cuda", Tree::list()}});
  EXPECT_NE(message(no_cpu).find("missing 'torch_cpu'"), std::string::npos);
  Tree wrong = Tree::dict(
      {{"torch_cpu", Tree(at::zeros({4}))}, {"torch_cuda", Tree::list()}});
  EXPECT_NE(
      message(wrong).find("'torch_cpu' should be a 1-d uint8 tensor"),
      std::string::npos);
  Tree bad_cuda = Tree::dict(
      {{"torch_cpu", state["torch_cpu"]},
       {"torch_cuda", Tree::list({Tree(1)})}});
  EXPECT_NE(message(bad_cuda).find("'torch_cuda[0]'"), std::string::npos);
}

// Interrupted in the middle of epochs (with a shuffled sampler and noise
// from the global generator), resumed runs end with the uninterrupted
// run's weights, bit for bit: the data position and the generator states
// are in the checkpoint.
TEST(ExactResumeTest, MidEpochResumeIsBitIdentical) {
  TempDir tmp;
  const auto full = train_weights(noisy_job(tmp.path() / "full"));
  for (int at_iter : {2, 4, 8, 14}) {
    auto cfg = noisy_job(tmp.path() / ("from" + std::to_string(at_iter)));
    cfg.dict()["resume"] = true;
    cfg.dict()["load_from"] =
        (tmp.path() / "full" / ("iter_" + std::to_string(at_iter) + ".pth"))
            .string();
    const auto resumed = train_weights(cfg);
    ASSERT_EQ(full.size(), resumed.size());
    for (std::size_t i = 0; i < full.size(); ++i) {
      EXPECT_TRUE(at::equal(full[i], resumed[i]))
          << "resumed at iter " << at_iter << ", parameter " << i;
    }
  }
}

TEST(ExactResumeTest, DataStateIsCheckedAndOnlyAppliedAtItsIteration) {
  TempDir tmp;
  runner::Runner runner(noisy_job(tmp.path() / "state"));
  auto& loop = dynamic_cast<runner::TrainLoopBase&>(runner.train_loop());
  EXPECT_THROW(loop.set_data_state(Value(1)), TypeError);
  EXPECT_THROW(
      loop.set_data_state(Value::dict({{"iter", 0}, {"pass", 0}})), KeyError);
  EXPECT_THROW(
      loop.set_data_state(
          Value::dict({{"iter", 0}, {"pass", -1}, {"skip", 0}})),
      ValueError);
  EXPECT_THROW(
      loop.set_data_state(
          Value::dict({{"iter", 0}, {"pass", "a"}, {"skip", 0}})),
      TypeError);
  // A state of another iteration is ignored.
  loop.set_data_state(Value::dict({{"iter", 5}, {"pass", 1}, {"skip", 2}}));
  EXPECT_EQ(loop.data_state()["iter"].as<std::int64_t>(), 0);
}

// Sends `signal` to the process in after_train_iter of iteration `at`.
class RaiseHook : public hooks::HookBase<RaiseHook> {
 public:
  RaiseHook(int signal, std::int64_t at) : signal_(signal), at_(at) {}
  void after_train_iter(
      runner::Runner& runner,
      std::int64_t,
      const model::DataBatch*,
      const model::LogVars*) override {
    if (runner.iter() == at_) {
      std::raise(signal_);
    }
  }

 private:
  int signal_;
  std::int64_t at_;
};

TEST(PreemptionTest, SignalSavesAtTheIterationBoundaryAndResumesExactly) {
  TempDir tmp;
  const auto full = train_weights(noisy_job(tmp.path() / "full"));
  for (int signal : {SIGTERM, SIGINT}) {
    const fs::path dir = tmp.path() / ("preempted" + std::to_string(signal));
    {
      auto cfg = noisy_job(dir);
      cfg.dict()["default_hooks"]["checkpoint"] = Value();
      runner::Runner runner(cfg);
      runner.register_hook(std::make_shared<RaiseHook>(signal, 4));
      runner.train();  // returns: the process is not ended
      EXPECT_EQ(runner.iter(), 5);
      EXPECT_EQ(runner.epoch(), 1);
    }
    std::ifstream last(dir / "last_checkpoint");
    std::string target;
    std::getline(last, target);
    EXPECT_EQ(target, (dir / "iter_5.pth").string());
    auto cfg = noisy_job(dir);
    cfg.dict()["resume"] = true;  // auto: last_checkpoint
    const auto resumed = train_weights(cfg);
    for (std::size_t i = 0; i < full.size(); ++i) {
      EXPECT_TRUE(at::equal(full[i], resumed[i])) << signal << " " << i;
    }
  }
  // The previous disposition is back after train(): ignored stays ignored.
  auto* previous = std::signal(SIGTERM, SIG_IGN);
  EXPECT_EQ(previous, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

TEST(PreemptionTest, DisabledMeansTheSignalsDefault) {
  TempDir tmp;
  auto cfg = noisy_job(tmp.path() / "bad");
  cfg.dict()["save_on_signal"] = 1;
  EXPECT_THROW(runner::Runner{cfg}, TypeError);
  // Disabled: no handler during training; an ignored SIGTERM stays ignored.
  auto on = noisy_job(tmp.path() / "off");
  on.dict()["save_on_signal"] = false;
  on.dict()["default_hooks"]["checkpoint"] = Value();
  std::signal(SIGTERM, SIG_IGN);
  runner::Runner runner(on);
  runner.register_hook(std::make_shared<RaiseHook>(SIGTERM, 4));
  runner.train();
  std::signal(SIGTERM, SIG_DFL);
  EXPECT_EQ(runner.iter(), 15);  // ran to the end
  EXPECT_FALSE(fs::exists(tmp.path() / "off" / "last_checkpoint"));
}

}  // namespace
}  // namespace mmengine::testing
