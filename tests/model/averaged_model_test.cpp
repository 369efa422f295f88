// Averaged models: the MMEngine update sequence reproduced to 1e-6, the
// deep copy, config keys and errors.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mmengine/model/averaged_model.h"
#include "mmengine/registry/root.h"
#include "mmengine/runner/checkpoint.h"
#include "mmengine/utils/error.h"
#include "tests/support/fidelity.h"

namespace mmengine::testing {
namespace {

using config::Value;
using model::BaseAveragedModel;

std::shared_ptr<torch::nn::Module> sequential_model() {
  return torch::nn::Sequential(
             torch::nn::Linear(3, 4),
             torch::nn::BatchNorm1d(4),
             torch::nn::Linear(4, 2))
      .ptr();
}

// The same names as the Sequential, in a module libtorch cannot clone.
std::shared_ptr<torch::nn::Module> plain_model() {
  auto m = std::make_shared<torch::nn::Module>("Plain");
  m->register_module("0", torch::nn::Linear(3, 4));
  m->register_module("1", torch::nn::BatchNorm1d(4));
  m->register_module("2", torch::nn::Linear(4, 2));
  return m;
}

// tests/fidelity/scripts/model_averaged.py's set_step.
void set_step(torch::nn::Module& model, int step) {
  torch::NoGradGuard no_grad;
  std::vector<at::Tensor> tensors = model.parameters();
  for (const auto& b : model.buffers()) {
    tensors.push_back(b);
  }
  for (std::size_t idx = 0; idx < tensors.size(); ++idx) {
    at::Tensor& t = tensors[idx];
    if (t.is_floating_point()) {
      at::Tensor v = torch::sin(
          torch::arange(t.numel(), torch::kFloat32) * 0.37 + step * 0.11 +
          static_cast<double>(idx));
      t.copy_(v.reshape(t.sizes()));
    } else {
      t.fill_(step);
    }
  }
}

std::shared_ptr<BaseAveragedModel> build(
    const Value& cfg, std::shared_ptr<torch::nn::Module> model) {
  model::register_averaged_models();
  registry::RuntimeArgs runtime;
  runtime.set("model", std::move(model));
  registry::BuildOptions options;
  options.runtime = &runtime;
  return std::dynamic_pointer_cast<BaseAveragedModel>(
      registry::MODELS.build(cfg, options));
}

Value to_value(const nlohmann::json& j) {
  if (j.is_boolean()) {
    return Value(j.get<bool>());
  }
  if (j.is_number_integer()) {
    return Value(j.get<std::int64_t>());
  }
  if (j.is_number()) {
    return Value(j.get<double>());
  }
  if (j.is_string()) {
    return Value(j.get<std::string>());
  }
  auto d = Value::dict();
  for (const auto& [k, v] : j.items()) {
    d.set(k, to_value(v));
  }
  return d;
}

TEST(AveragedModelFidelityTest, UpdateSequenceMatchesMMEngine) {
  MMENGINE_REQUIRE_REFERENCE();
  const nlohmann::json ref = run_reference("model_averaged.py");
  ASSERT_EQ(ref.size(), 6U);
  for (const auto& c : ref) {
    for (bool cloneable : {true, false}) {
      SCOPED_TRACE(c["cfg"].dump() + (cloneable ? " clone" : " copy"));
      auto src = cloneable ? sequential_model() : plain_model();
      set_step(*src, 0);
      auto ema = build(to_value(c["cfg"]), src);
      ASSERT_NE(ema, nullptr);
      for (int step = 1; step <= 6; ++step) {
        set_step(*src, step);
        ema->update_parameters(*src);
      }
      const auto state = runner::get_state_dict(*ema);
      std::vector<std::string> keys;
      for (const auto& [k, v] : state.items()) {
        keys.push_back(k.to_string());
        const auto expected = c["values"][k.to_string()];
        const at::Tensor got = v.tensor().to(torch::kDouble).flatten();
        ASSERT_EQ(got.numel(), static_cast<int64_t>(expected.size()));
        for (int64_t i = 0; i < got.numel(); ++i) {
          EXPECT_NEAR(got[i].item<double>(), expected[i].get<double>(), 1e-6)
              << k.to_string() << "[" << i << "]";
        }
      }
      EXPECT_EQ(nlohmann::json(keys), c["keys"]);
    }
  }
}

TEST(AveragedModelTest, CopyIsIndependentAndFrozen) {
  for (const auto& make : {sequential_model, plain_model}) {
    auto m = make();
    model::ExponentialMovingAverage ema(*m, 0.5);
    for (const auto& p : ema.module().parameters()) {
      EXPECT_FALSE(p.requires_grad());
    }
    const at::Tensor before = ema.module().parameters()[0].clone();
    torch::NoGradGuard no_grad;
    m->parameters()[0].add_(1.0);
    EXPECT_TRUE(torch::equal(ema.module().parameters()[0], before));
    EXPECT_EQ(ema.steps().item<int64_t>(), 0);
    EXPECT_EQ(ema.steps().scalar_type(), torch::kLong);
  }
}

TEST(AveragedModelTest, CloningDoesNotConsumeTheRandomGenerator) {
  auto m = sequential_model();
  torch::manual_seed(3);
  model::StochasticWeightAverage swa(*m);
  const at::Tensor a = torch::rand({4});
  torch::manual_seed(3);
  const at::Tensor b = torch::rand({4});
  EXPECT_TRUE(torch::equal(a, b));
}

TEST(AveragedModelTest, BadArgumentsAreErrors) {
  auto m = sequential_model();
  try {
    model::ExponentialMovingAverage ema(*m, 1.5);
    FAIL() << "no error";
  } catch (const ValueError& e) {
    EXPECT_STREQ(e.what(), "momentum must be in range (0.0, 1.0)but got 1.5");
  }
  EXPECT_THROW(model::MomentumAnnealingEMA(*m, 0.1, 0.0), ValueError);
  EXPECT_THROW(model::StochasticWeightAverage(*m, 0), ValueError);
  try {
    build(
        Value::dict({{"type", "ExponentialMovingAverage"}, {"momentun", 0.1}}),
        m);
    FAIL() << "no error";
  } catch (const TypeError& e) {
    EXPECT_NE(std::string(e.what()).find("momentun"), std::string::npos);
  }
  EXPECT_THROW(
      build(
          Value::dict({{"type", "StochasticWeightAverage"}, {"device", "x"}}),
          m),
      ValueError);
  // A source model without one of the averaged names.
  model::StochasticWeightAverage swa(*m);
  auto other = torch::nn::Linear(3, 4).ptr();
  EXPECT_THROW(swa.update_parameters(*other), KeyError);
}

TEST(AveragedModelTest, BuffersFollowTheSourceWithoutUpdateBuffers) {
  auto m = sequential_model();
  model::ExponentialMovingAverage ema(*m, 0.1);
  set_step(*m, 4);
  ema.update_parameters(*m);
  set_step(*m, 5);
  ema.update_parameters(*m);
  const auto ema_buffers = ema.module().named_buffers();
  for (const auto& b : m->named_buffers()) {
    EXPECT_TRUE(torch::equal(ema_buffers[b.key()], b.value())) << b.key();
  }
  EXPECT_EQ(ema.steps().item<int64_t>(), 2);
  EXPECT_EQ(ema.avg_parameters().size(), m->parameters().size());
}

}  // namespace
}  // namespace mmengine::testing
