#include "mmengine/structures/tree.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mmengine/utils/error.h"

namespace mmengine::structures {
namespace {

using config::Value;

TEST(TreeTest, DictOfTensorsAndValues) {
  Tree sd = Tree::dict();
  sd["state"][0] = Tree::dict({{"step", Tree(torch::tensor(3.0))}});
  sd["param_groups"] = Value::list({Value::dict({{"lr", 0.1}})});
  EXPECT_TRUE(sd.is_dict());
  EXPECT_EQ(sd["state"][0]["step"].tensor().item<double>(), 3.0);
  EXPECT_DOUBLE_EQ(sd["param_groups"][0]["lr"].as<double>(), 0.1);
  EXPECT_EQ(sd.size(), 2U);
  EXPECT_EQ(
      sd.repr(),
      "{'state': {0: {'step': Tensor(shape=[], dtype=Float)}}, "
      "'param_groups': [{'lr': 0.1}]}");
}

TEST(TreeTest, PlainContainersConvertOnWrite) {
  Tree t(Value::dict({{"a", 1}}));
  t["b"] = Tree(torch::zeros({2}));
  EXPECT_EQ(t.kind(), Tree::Kind::kDict);
  EXPECT_EQ(t["a"].as<int>(), 1);
  EXPECT_THROW(t.to_value(), TypeError);
  Tree plain = Tree::list({Tree(1), Tree("x")});
  EXPECT_EQ(plain.to_value(), Value::list({1, "x"}));
}

TEST(TreeTest, ErrorsNameKeysAndTypes) {
  Tree t = Tree::dict({{"a", Tree(1)}});
  try {
    (void)std::as_const(t)["b"];
    FAIL();
  } catch (const KeyError& e) {
    EXPECT_NE(
        std::string(e.what()).find("'b' (present: 'a')"), std::string::npos);
  }
  EXPECT_THROW((void)Tree(1).tensor(), TypeError);
  EXPECT_THROW((void)Tree::list({Tree(1)})[3], IndexError);
  EXPECT_THROW((void)Tree::list({Tree(1)})["x"], TypeError);
}

TEST(TreeTest, CloneCopiesContainersSharesTensors) {
  at::Tensor x = torch::ones({1});
  Tree a = Tree::dict({{"x", Tree(x)}, {"l", Tree::list({Tree(1)})}});
  Tree shared = a;
  Tree copy = a.clone();
  a["y"] = Tree(2);
  EXPECT_TRUE(shared.contains("y"));
  EXPECT_FALSE(copy.contains("y"));
  EXPECT_TRUE(copy["x"].tensor().is_same(x));
  EXPECT_TRUE(a.erase("y"));
  EXPECT_FALSE(a.erase("y"));
}

}  // namespace
}  // namespace mmengine::structures
