#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mmengine/optim/optimizer/lbfgs.h"
#include "mmengine/utils/error.h"

namespace mmengine::optim {
namespace {

TEST(OptimizerLBFGSTest, MinimisesAQuadratic) {
  auto x = torch::tensor({3.0F, -2.0F}, torch::requires_grad());
  LBFGSOptions options;
  options.line_search_fn = "strong_wolfe";
  LBFGS opt(single_group({x}), options);
  auto closure = [&] {
    opt.zero_grad();
    at::Tensor loss = ((x - torch::tensor({1.0F, 2.0F})).pow(2)).sum();
    loss.backward();
    return loss;
  };
  at::Tensor first = opt.step(closure);
  EXPECT_NEAR(first.item<double>(), 20.0, 1e-6);
  EXPECT_TRUE(torch::allclose(x, torch::tensor({1.0F, 2.0F}), 1e-5, 1e-5));
  structures::Tree sd = opt.state_dict();
  EXPECT_GE(sd["state"][0]["func_evals"].as<std::int64_t>(), 2);
  EXPECT_EQ(
      sd["param_groups"][0]["max_eval"].as<std::int64_t>(), 25);  // 20 * 5/4
}

TEST(OptimizerLBFGSTest, RejectsGroupsMissingClosureAndBadSearch) {
  auto a = torch::ones({2}, torch::requires_grad());
  auto b = torch::ones({2}, torch::requires_grad());
  std::vector<ParamGroup> groups(2);
  groups[0].params = {a};
  groups[1].params = {b};
  try {
    LBFGS(groups, LBFGSOptions{});
    FAIL();
  } catch (const ValueError& e) {
    EXPECT_NE(
        std::string(e.what()).find("doesn't support per-parameter options"),
        std::string::npos);
  }
  LBFGS opt(single_group({a}), LBFGSOptions{});
  EXPECT_THROW(opt.step(), ValueError);
  LBFGSOptions bad;
  bad.line_search_fn = "armijo";
  EXPECT_THROW(LBFGS(single_group({a}), bad), ValueError);
}

}  // namespace
}  // namespace mmengine::optim
