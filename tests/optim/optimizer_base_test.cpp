#include "mmengine/optim/optimizer/optimizer.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mmengine/utils/error.h"

namespace mmengine::optim {
namespace {

using config::Value;
using structures::Tree;

// Plain gradient descent that counts steps in its state.
class Descent : public Optimizer {
 public:
  Descent(std::vector<ParamGroup> groups, double lr)
      : Optimizer(std::move(groups), Value::dict({{"lr", lr}})) {}
  std::string name() const override {
    return "Descent";
  }
  at::Tensor step(const Closure& closure = nullptr) override {
    at::Tensor loss = closure ? closure() : at::Tensor();
    torch::NoGradGuard no_grad;
    for (ParamGroup& group : param_groups()) {
      for (at::Tensor& p : group.params) {
        if (!p.grad().defined()) {
          continue;
        }
        Tree& s = state(p);
        if (!s.contains("step")) {
          s["step"] = Tree(torch::zeros({}));
        }
        s["step"].tensor().add_(1);
        p.sub_(p.grad() * group.get("lr"));
      }
    }
    return loss;
  }
};

TEST(OptimizerBaseTest, DefaultsFillGroupsAndStateDictLayout) {
  auto a = torch::ones({2}, torch::requires_grad());
  auto b = torch::ones({3}, torch::requires_grad());
  std::vector<ParamGroup> groups(2);
  groups[0].params = {a};
  groups[1].params = {b};
  groups[1].options = Value::dict({{"lr", 0.5}, {"initial_lr", 0.5}});
  Descent opt(groups, 0.1);
  EXPECT_DOUBLE_EQ(opt.param_groups()[0].get("lr"), 0.1);
  EXPECT_DOUBLE_EQ(opt.param_groups()[1].get("lr"), 0.5);
  a.sum().backward();
  opt.step();
  EXPECT_TRUE(torch::allclose(a, torch::full({2}, 0.9)));
  Tree sd = opt.state_dict();
  EXPECT_EQ(sd["state"].size(), 1U);  // b had no gradient
  EXPECT_EQ(sd["state"][0]["step"].tensor().item<double>(), 1.0);
  EXPECT_EQ(
      sd["param_groups"].to_value(),
      Value::list(
          {Value::dict({{"lr", 0.1}, {"params", Value::list({0})}}),
           Value::dict(
               {{"lr", 0.5},
                {"initial_lr", 0.5},
                {"params", Value::list({1})}})}));
  opt.zero_grad();
  EXPECT_FALSE(a.grad().defined());
}

TEST(OptimizerBaseTest, LoadStateDictRoundTrip) {
  auto a = torch::ones({2}, torch::requires_grad());
  Descent opt(single_group({a}), 0.1);
  a.sum().backward();
  opt.step();
  Tree sd = opt.state_dict();
  sd["param_groups"][0]["lr"] = Tree(0.01);

  auto a2 = torch::ones({2}, torch::requires_grad());
  Descent other(single_group({a2}), 0.1);
  other.load_state_dict(sd);
  EXPECT_DOUBLE_EQ(other.param_groups()[0].get("lr"), 0.01);
  ASSERT_NE(other.find_state(a2), nullptr);
  EXPECT_EQ((*other.find_state(a2))["step"].tensor().item<double>(), 1.0);
}

TEST(OptimizerBaseTest, RejectsBadGroups) {
  auto a = torch::ones({2}, torch::requires_grad());
  std::vector<ParamGroup> twice(2);
  twice[0].params = {a};
  twice[1].params = {a};
  EXPECT_THROW(Descent(twice, 0.1), ValueError);
  EXPECT_THROW(Descent({}, 0.1), ValueError);
  EXPECT_THROW(Descent(single_group({a * 2}), 0.1), ValueError);

  Descent opt(single_group({a}), 0.1);
  auto b = torch::ones({2}, torch::requires_grad());
  Descent two(single_group({a, b}), 0.1);
  EXPECT_THROW(opt.load_state_dict(two.state_dict()), ValueError);
}

}  // namespace
}  // namespace mmengine::optim
