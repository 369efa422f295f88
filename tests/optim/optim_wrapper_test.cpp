#include "mmengine/optim/optimizer/optim_wrapper.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "mmengine/optim/optimizer/builder.h"
#include "mmengine/optim/optimizer/optim_wrapper_builder.h"
#include "mmengine/optim/optimizer/sgd.h"
#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"
#include "tests/optim/optim_test_util.h"
#include "tests/support/fidelity.h"
#include "tests/support/tagged_json.h"

namespace mmengine::optim {
namespace {

using config::Value;
using structures::Tree;
using test::error_message;
using test::values_match;

// The model of wrap_accumulate.py (weights from linspace).
torch::nn::Sequential make_model() {
  torch::nn::Sequential m(
      torch::nn::Linear(3, 4), torch::nn::Tanh(), torch::nn::Linear(4, 1));
  torch::NoGradGuard no_grad;
  auto l0 = m[0]->as<torch::nn::Linear>();
  auto l2 = m[2]->as<torch::nn::Linear>();
  l0->weight.copy_(torch::linspace(-0.6, 0.7, 12).reshape({4, 3}));
  l0->bias.copy_(torch::linspace(-0.1, 0.2, 4));
  l2->weight.copy_(torch::linspace(0.9, -0.4, 4).reshape({1, 4}));
  l2->bias.copy_(torch::tensor({0.05F}));
  return m;
}

std::vector<double> flat(const torch::nn::Module& m) {
  std::vector<double> out;
  for (const auto& p : m.parameters()) {
    auto c = p.detach().reshape({-1}).to(torch::kDouble).contiguous();
    out.insert(
        out.end(), c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
  }
  return out;
}

std::shared_ptr<SGD> sgd(
    const torch::nn::Module& m, double lr = 0.1, double momentum = 0) {
  SGDOptions o;
  o.lr = lr;
  o.momentum = momentum;
  return std::make_shared<SGD>(single_group(m.parameters()), o);
}

// A copy with fresh tensors, as a checkpoint round trip gives.
Tree deep_copy(const Tree& t) {
  if (t.is_tensor()) {
    return Tree(t.tensor().clone());
  }
  if (t.kind() == Tree::Kind::kDict) {
    Tree out = Tree::dict();
    for (const auto& [k, v] : t.items()) {
      out[k] = deep_copy(v);
    }
    return out;
  }
  if (t.kind() == Tree::Kind::kList) {
    std::vector<Tree> items;
    for (const Tree& v : t.elements()) {
      items.push_back(deep_copy(v));
    }
    return Tree::list(std::move(items));
  }
  return t;
}

TEST(OptimWrapperTest, RemainderRuleScalesTheTail) {
  auto model = make_model();
  OptimWrapper w(sgd(*model), 3);
  w.initialize_count_status(*model, 0, 7);
  std::vector<double> factors;
  std::vector<int64_t> steps;
  for (int i = 0; i < 7; ++i) {
    factors.push_back(
        std::round(1.0 / w.scale_loss(torch::ones({})).item<double>()));
    const bool sync = w.should_sync();
    w.backward(torch::ones({}, torch::requires_grad()) * 1.0);
    EXPECT_EQ(sync, w.should_update());
    if (w.should_update()) {
      steps.push_back(w.inner_count());
    }
  }
  EXPECT_EQ(factors, (std::vector<double>{3, 3, 3, 3, 3, 3, 1}));
  EXPECT_EQ(steps, (std::vector<int64_t>{3, 6, 7}));
}

TEST(OptimWrapperTest, WithoutCountStatusDividesByCounts) {
  auto model = make_model();
  OptimWrapper w(sgd(*model), 4);
  EXPECT_DOUBLE_EQ(w.scale_loss(torch::ones({})).item<double>(), 0.25);
  OptimWrapper one(sgd(*model), 1);
  EXPECT_DOUBLE_EQ(one.scale_loss(torch::ones({})).item<double>(), 1.0);
}

TEST(OptimWrapperTest, RejectsBadArguments) {
  auto model = make_model();
  EXPECT_EQ(
      error_message([&] { OptimWrapper(sgd(*model), 0); }),
      "_accumulative_counts at least greater than or equal to 1");
  EXPECT_EQ(
      error_message([&] {
        OptimWrapper(
            sgd(*model), 1, Value::dict({{"type", "l2"}, {"max_norm", 1}}));
      }),
      "type of clip_grad should be \"norm\" or \"value\" but got l2");
  EXPECT_THROW(
      OptimWrapper(sgd(*model), 1, Value::dict({{"type", "norm"}})),
      ValueError);
  EXPECT_THROW(OptimWrapper(sgd(*model), 1, Value::dict()), ValueError);
  EXPECT_EQ(
      error_message([&] {
        OptimWrapper(sgd(*model), 1, Value::dict({{"max_nrm", 1}}));
      }),
      "clip_grad_norm_() got an unexpected keyword argument 'max_nrm'");
  EXPECT_THROW(
      OptimWrapper(
          sgd(*model), 1, Value::dict({{"type", "value"}, {"max_norm", 1}})),
      TypeError);
  OptimWrapper w(sgd(*model), 2);
  w.initialize_count_status(*model, 0, 4);
  w.initialize_count_status(*model, 4, 4);
  EXPECT_THROW(w.scale_loss(torch::ones({})), ValueError);
}

TEST(OptimWrapperTest, GetLrMomentumAndBaseSettings) {
  auto a = torch::ones({2}, torch::requires_grad());
  auto b = torch::ones({2}, torch::requires_grad());
  std::vector<ParamGroup> groups(2);
  groups[0].params = {a};
  groups[1].params = {b};
  groups[1].options =
      Value::dict({{"lr", 0.5}, {"betas", Value::tuple({0.8, 0.99})}});
  SGDOptions o;
  o.lr = 0.1;
  o.momentum = 0.9;
  auto opt = std::make_shared<SGD>(groups, o);
  opt->param_groups()[1].options.erase("momentum");
  OptimWrapper w(opt);
  EXPECT_TRUE(values_match(
      w.get_lr(),
      Value::dict(
          {{"base_lr", Value::list({0.1})}, {"lr", Value::list({0.1, 0.5})}})));
  EXPECT_TRUE(values_match(
      w.get_momentum(), Value::dict({{"momentum", Value::list({0.9, 0.8})}})));
  // visit_lr walks the same entries one value at a time.
  std::vector<std::string> visited;
  w.visit_lr([&](std::string_view name, std::size_t index, const Value& lr) {
    visited.push_back(fmt::format("{}[{}]={}", name, index, lr.repr()));
  });
  EXPECT_EQ(
      visited,
      (std::vector<std::string>{"base_lr[0]=0.1", "lr[0]=0.1", "lr[1]=0.5"}));
  ASSERT_EQ(w.param_groups().size(), 3U);
  w.param_groups()[2]->set("lr", 0.05);  // what a scheduler does
  EXPECT_DOUBLE_EQ(w.get_lr()["base_lr"][0].as<double>(), 0.05);

  Tree sd = w.state_dict();
  ASSERT_TRUE(sd.contains("base_param_settings"));
  EXPECT_DOUBLE_EQ(sd["base_param_settings"]["lr"].as<double>(), 0.05);
  EXPECT_TRUE(sd["base_param_settings"]["params"].is_tensor());
  auto opt2 = std::make_shared<SGD>(groups, o);
  OptimWrapper w2(opt2);
  w2.load_state_dict(sd);
  EXPECT_DOUBLE_EQ(w2.get_lr()["base_lr"][0].as<double>(), 0.05);
  EXPECT_EQ(
      w2.repr().substr(0, 45),
      "Type: OptimWrapper\n_accumulative_counts: 1\nop");
}

TEST(OptimWrapperTest, StateDictRoundTripContinuesIdentically) {
  auto m1 = make_model();
  auto m2 = make_model();
  OptimWrapper w1(sgd(*m1, 0.1, 0.9));
  OptimWrapper w2(sgd(*m2, 0.1, 0.9));
  auto x = torch::linspace(-1, 1, 6).reshape({2, 3});
  w1.update_params(m1->forward(x).pow(2).mean());
  w2.update_params(m2->forward(x).pow(2).mean());
  OptimWrapper w3(sgd(*m2, 0.5, 0.1));
  w3.load_state_dict(deep_copy(w1.state_dict()));  // as through a file
  w1.update_params(m1->forward(x).pow(2).mean());
  w3.update_params(m2->forward(x).pow(2).mean());
  EXPECT_EQ(flat(*m1), flat(*m2));
}

TEST(OptimWrapperTest, ClipCallbackAndBuild) {
  register_optimizers();
  register_optim_wrappers();
  auto model = make_model();
  registry::RuntimeArgs rt;
  rt.set("optimizer", std::shared_ptr<Optimizer>(sgd(*model)));
  registry::BuildOptions options;
  options.runtime = &rt;
  auto w = registry::OPTIM_WRAPPERS.build(
      Value::dict(
          {{"type", "OptimWrapper"},
           {"clip_grad", Value::dict({{"max_norm", 0.01}})}}),
      options);
  std::vector<std::pair<std::string, double>> scalars;
  w->set_scalar_callback(
      [&](const std::string& k, double v) { scalars.emplace_back(k, v); });
  EXPECT_FALSE(w->last_grad_norm().has_value());
  w->update_params(model->forward(torch::ones({2, 3})).sum());
  ASSERT_EQ(scalars.size(), 1U);
  EXPECT_EQ(scalars[0].first, "train/grad_norm");
  EXPECT_EQ(scalars[0].second, *w->last_grad_norm());
  EXPECT_THROW(
      registry::OPTIM_WRAPPERS.build(
          Value::dict({{"type", "OptimWrapper"}, {"accumulative_count", 2}}),
          options),
      TypeError);
}

TEST(OptimWrapperFidelityTest, AccumulationAndClippingMatchMMEngine) {
  MMENGINE_REQUIRE_REFERENCE();
  const auto cases = testing::run_reference("wrap_accumulate.py");
  ASSERT_EQ(cases.size(), 4U);
  const auto inputs = torch::linspace(-2, 2, 60).reshape({10, 2, 3});
  const auto targets = torch::linspace(1, -1, 20).reshape({10, 2, 1});
  for (const auto& c : cases) {
    SCOPED_TRACE(c["name"].get<std::string>());
    auto model = make_model();
    const auto init = c["init"].get<std::vector<double>>();
    ASSERT_EQ(flat(*model), init);
    OptimWrapper w(
        sgd(*model, 0.1, c["momentum"].get<double>()),
        c["accumulative_counts"].get<int64_t>(),
        testing::from_tagged(c["clip_grad"]));
    std::vector<std::pair<std::string, std::string>> log;
    w.set_log_callback([&](const std::string& l, const std::string& m) {
      log.emplace_back(l, m);
    });
    std::optional<double> norm;
    w.set_scalar_callback([&](const std::string&, double v) { norm = v; });
    const int64_t start = c.value("init_counts", 0);
    w.initialize_count_status(*model, start, c["max_iters"].get<int64_t>());
    for (size_t k = 0; k < c["iters"].size(); ++k) {
      const auto& it = c["iters"][k];
      const int64_t i = start + static_cast<int64_t>(k);
      auto loss = (model->forward(inputs[i]) - targets[i]).pow(2).mean();
      EXPECT_FLOAT_EQ(
          w.scale_loss(loss.detach()).item<float>(),
          it["scaled_loss"].get<float>());
      norm.reset();
      w.update_params(loss);
      EXPECT_EQ(norm.has_value(), !it["grad_norm"].is_null());
      if (norm && !it["grad_norm"].is_null()) {
        EXPECT_FLOAT_EQ(*norm, it["grad_norm"].get<float>());
      }
      const auto expected = it["params"].get<std::vector<double>>();
      const auto got = flat(*model);
      for (size_t j = 0; j < got.size(); ++j) {
        EXPECT_NEAR(got[j], expected[j], 1e-6) << "iter " << i << " #" << j;
      }
    }
    ASSERT_EQ(log.size(), c["log"].size());
    for (size_t i = 0; i < log.size(); ++i) {
      EXPECT_EQ(log[i].second, c["log"][i][1].get<std::string>());
    }
  }
}

}  // namespace
}  // namespace mmengine::optim
