// The training state beyond MMEngine's checkpoint: generator states and the
// train loop's position in its data.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "mmengine/runner/rng_state.h"
#include "mmengine/utils/error.h"

namespace mmengine::testing {
namespace {

using structures::Tree;

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

}  // namespace
}  // namespace mmengine::testing
