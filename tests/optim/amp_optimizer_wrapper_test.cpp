#include "mmengine/optim/optimizer/amp_optimizer_wrapper.h"

#include <ATen/autocast_mode.h>
#include <gtest/gtest.h>
#include <torch/torch.h>
#include <algorithm>
#include <functional>

#include "mmengine/device/utils.h"
#include "mmengine/optim/optimizer/clip_grad.h"
#include "mmengine/optim/optimizer/grad_scaler.h"
#include "mmengine/optim/optimizer/optim_wrapper_builder.h"
#include "mmengine/optim/optimizer/sgd.h"
#include "mmengine/utils/error.h"
#include "tests/optim/optim_test_util.h"
#include "tests/support/fidelity.h"

namespace mmengine::optim {
namespace {

using config::Value;
using structures::Tree;
using test::error_message;

std::shared_ptr<SGD> sgd_for(
    std::vector<at::Tensor> params, double lr, double momentum) {
  SGDOptions o;
  o.lr = lr;
  o.momentum = momentum;
  return std::make_shared<SGD>(single_group(std::move(params)), o);
}

TEST(AmpOptimWrapperTest, Bf16AutocastOnCpu) {
  if (device::is_cuda_available()) {
    GTEST_SKIP() << "the CPU path runs where no GPU is visible";
  }
  torch::nn::Linear fc(4, 2);
  AmpOptimWrapper w(sgd_for(fc->parameters(), 0.1, 0), "dynamic", "bfloat16");
  EXPECT_EQ(w.device_type(), "cpu");
  EXPECT_FALSE(at::autocast::is_autocast_enabled(at::kCPU));
  at::Tensor out;
  {
    OptimContext ctx = w.optim_context(*fc);
    EXPECT_TRUE(at::autocast::is_autocast_enabled(at::kCPU));
    out = fc->forward(torch::ones({3, 4}));
  }
  EXPECT_FALSE(at::autocast::is_autocast_enabled(at::kCPU));
  EXPECT_EQ(out.scalar_type(), torch::kBFloat16);
  const auto before = fc->weight.clone();
  w.update_params(out.to(torch::kFloat).sum());
  EXPECT_FALSE(torch::equal(before, fc->weight));
  EXPECT_DOUBLE_EQ(w.loss_scaler().get_scale(), 65536.0);
  EXPECT_EQ(w.loss_scaler().get_growth_tracker(), 1);
}

TEST(AmpOptimWrapperTest, ArgumentsAndStateDict) {
  torch::nn::Linear fc(2, 1);
  auto make = [&](const Value& loss_scale, const Value& dtype = {}) {
    return AmpOptimWrapper(
        sgd_for(fc->parameters(), 0.1, 0), loss_scale, dtype);
  };
  EXPECT_EQ(
      error_message([&] { make(512); }),
      "loss_scale must be of type float, dict, or \"dynamic\", but got 512");
  EXPECT_THROW(make("static"), TypeError);
  EXPECT_THROW(make("dynamic", "int8"), ValueError);
  EXPECT_THROW(make(Value::dict({{"init_scal", 2.0}})), TypeError);
  if (!device::is_cuda_available()) {
    EXPECT_EQ(
        error_message([&] { make("dynamic", "float16").optim_context(*fc); }),
        "In CPU autocast, only support `torch.bfloat16` dtype");
  }
  AmpOptimWrapper w = make(Value::dict(
      {{"init_scale", 128.0}, {"growth_interval", 5}, {"growth_factor", 4.0}}));
  Tree sd = w.state_dict();
  ASSERT_TRUE(sd.contains("loss_scaler"));
  EXPECT_EQ(
      sd["loss_scaler"].to_value(),
      Value::dict(
          {{"scale", 128.0},
           {"growth_factor", 4.0},
           {"backoff_factor", 0.5},
           {"growth_interval", 5},
           {"_growth_tracker", 0}}));
  AmpOptimWrapper w2 = make(2.0);
  w2.load_state_dict(sd);
  EXPECT_DOUBLE_EQ(w2.loss_scaler().get_scale(), 128.0);
  EXPECT_EQ(w2.loss_scaler().state_dict(), sd["loss_scaler"].to_value());
  EXPECT_EQ(w2.repr().substr(0, 21), "Type: AmpOptimWrapper");
}

TEST(AmpOptimWrapperTest, BuiltFromConfig) {
  torch::nn::Linear fc(2, 1);
  Value cfg = Value::dict(
      {{"type", "AmpOptimWrapper"},
       {"optimizer", Value::dict({{"type", "SGD"}, {"lr", 0.1}})},
       {"dtype", "bfloat16"},
       {"loss_scale", Value::dict({{"init_scale", 256.0}})},
       {"accumulative_counts", 2}});
  auto w = build_optim_wrapper(*fc, cfg);
  auto* amp = dynamic_cast<AmpOptimWrapper*>(w.get());
  ASSERT_NE(amp, nullptr);
  EXPECT_EQ(amp->cast_dtype(), "bfloat16");
  EXPECT_EQ(amp->accumulative_counts(), 2);
  EXPECT_DOUBLE_EQ(amp->loss_scaler().get_scale(), 256.0);
  cfg["use_fsdp"] = true;
  EXPECT_THROW(build_optim_wrapper(*fc, cfg), NotImplementedError);
}

TEST(AmpOptimWrapperTest, ScalerErrors) {
  EXPECT_THROW(GradScaler("cpu", {.growth_factor = 1.0}), ValueError);
  EXPECT_THROW(GradScaler("cpu", {.backoff_factor = 1.0}), ValueError);
  GradScaler scaler("cpu");
  auto p = torch::ones({2}, torch::requires_grad());
  auto opt = sgd_for({p}, 0.1, 0);
  EXPECT_THROW(scaler.unscale_(*opt), ValueError);  // before scale()
  scaler.scale(p.sum()).backward();
  scaler.unscale_(*opt);
  EXPECT_EQ(
      error_message([&] { scaler.unscale_(*opt); }),
      "unscale_() has already been called on this optimizer since the last "
      "update().");
  scaler.step(*opt);
  EXPECT_THROW(scaler.step(*opt), ValueError);
  scaler.update();
  EXPECT_THROW(scaler.load_state_dict(Value::dict()), ValueError);
}

Value kwargs_of(const nlohmann::json& j) {
  std::vector<Value::Item> items;
  for (const auto& [k, v] : j.items()) {
    items.emplace_back(
        k,
        v.is_number_integer() ? Value(v.get<int64_t>())
                              : Value(v.get<double>()));
  }
  return Value::dict(std::move(items));
}

// Checks one run of the scripted sequence against torch's numbers.
void expect_steps(
    const nlohmann::json& c,
    const std::function<void(size_t, const at::Tensor&)>& run_step,
    const std::function<GradScaler&()>& scaler,
    const at::Tensor& p,
    const at::Tensor& q) {
  for (size_t i = 0; i < c["flags"].size(); ++i) {
    const std::string flag = c["flags"][i].get<std::string>();
    auto coef = torch::tensor({1.0F, 0.5F, -1.5F});
    if (flag == "inf") {
      coef[1] = INFINITY;
    } else if (flag == "nan") {
      coef[0] = NAN;
    }
    run_step(i, (p * coef).sum() + (q * q).sum());
    const auto& s = c["steps"][i];
    EXPECT_EQ(scaler().get_scale(), s["scale"].get<double>()) << i;
    EXPECT_EQ(scaler().get_growth_tracker(), s["tracker"].get<int64_t>()) << i;
    const auto ep = s["p"].get<std::vector<float>>();
    for (int64_t j = 0; j < 3; ++j) {
      EXPECT_FLOAT_EQ(p[j].item<float>(), ep[j]) << i;
    }
    EXPECT_FLOAT_EQ(q[0].item<float>(), s["q"][0].get<float>()) << i;
  }
  const Value sd = scaler().state_dict();
  std::vector<std::string> keys;
  for (const auto& k : sd.keys()) {
    keys.push_back(k.to_string());
    const auto& expected = c["state_dict"][k.to_string()];
    EXPECT_EQ(sd[k].as<double>(), expected.get<double>()) << k.to_string();
  }
  std::sort(keys.begin(), keys.end());  // nlohmann sorts object keys
  std::vector<std::string> expected_keys;
  for (const auto& [k, v] : c["state_dict"].items()) {
    expected_keys.push_back(k);
  }
  EXPECT_EQ(keys, expected_keys);
}

// The scripted sequence of wrap_grad_scaler.py through GradScaler as
// AmpOptimWrapper::step uses it, then through AmpOptimWrapper on the CPU.
TEST(GradScalerFidelityTest, GrowthAndBackoffMatchTorch) {
  MMENGINE_REQUIRE_REFERENCE();
  const auto cases = testing::run_reference("wrap_grad_scaler.py");
  ASSERT_EQ(cases.size(), 3U);
  for (const auto& c : cases) {
    SCOPED_TRACE(c["name"].get<std::string>());
    const double clip = c["clip"].is_null() ? 0 : c["clip"].get<double>();
    const double fixed = c["static"].is_null() ? 0 : c["static"].get<double>();
    {
      auto p = torch::tensor({1.0F, -2.0F, 0.5F}).requires_grad_();
      auto q = torch::tensor({0.25F}).requires_grad_();
      auto opt = sgd_for({p, q}, 0.1, 0.9);
      GradScaler scaler(
          "cpu", GradScaler::options_from(kwargs_of(c["kwargs"])));
      auto run = [&](size_t, const at::Tensor& loss) {
        scaler.scale(loss).backward();
        if (clip > 0) {
          scaler.unscale_(*opt);
          clip_grad_norm_({p, q}, clip);
        }
        scaler.step(*opt);
        scaler.update(fixed);
        opt->zero_grad();
      };
      expect_steps(
          c, run, [&]() -> GradScaler& { return scaler; }, p, q);
    }
    if (device::is_cuda_available()) {
      continue;  // the wrapper would pick the GPU
    }
    auto p = torch::tensor({1.0F, -2.0F, 0.5F}).requires_grad_();
    auto q = torch::tensor({0.25F}).requires_grad_();
    AmpOptimWrapper w(
        sgd_for({p, q}, 0.1, 0.9),
        fixed > 0 ? Value(fixed) : kwargs_of(c["kwargs"]),
        Value(),
        1,
        clip > 0 ? Value::dict({{"max_norm", clip}}) : Value());
    auto run = [&](size_t, const at::Tensor& loss) { w.update_params(loss); };
    expect_steps(
        c, run, [&]() -> GradScaler& { return w.loss_scaler(); }, p, q);
  }
}

TEST(AmpOptimWrapperGpuTest, Fp16DynamicScalingOnCuda) {
  if (!device::is_cuda_available()) {
    GTEST_SKIP() << "no CUDA device";
  }
  torch::nn::Linear fc(8, 4);
  fc->to(torch::kCUDA);
  AmpOptimWrapper w(
      sgd_for(fc->parameters(), 0.1, 0.9),
      Value::dict({{"init_scale", 1024.0}, {"growth_interval", 2}}),
      "float16",
      1,
      Value::dict({{"max_norm", 1.0}}));
  EXPECT_EQ(w.device_type(), "cuda");
  for (int i = 0; i < 4; ++i) {
    at::Tensor out;
    {
      OptimContext ctx = w.optim_context(*fc);
      out = fc->forward(torch::ones({2, 8}, torch::kCUDA));
      EXPECT_EQ(out.scalar_type(), torch::kHalf);
    }
    w.update_params(out.to(torch::kFloat).pow(2).mean());
  }
  EXPECT_DOUBLE_EQ(w.loss_scaler().get_scale(), 4096.0);
  EXPECT_TRUE(w.last_grad_norm().has_value());
  // An inf gradient backs off and skips the step.
  const auto before = fc->weight.clone();
  {
    OptimContext ctx = w.optim_context(*fc);
    auto out = fc->forward(torch::full({2, 8}, 1e30, torch::kCUDA));
    w.update_params(out.to(torch::kFloat).sum() * INFINITY);
  }
  EXPECT_DOUBLE_EQ(w.loss_scaler().get_scale(), 2048.0);
  EXPECT_TRUE(torch::equal(before, fc->weight));
}

}  // namespace
}  // namespace mmengine::optim
