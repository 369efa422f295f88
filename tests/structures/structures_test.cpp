#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mmengine/structures.h"
#include "mmengine/utils/error.h"

namespace mmengine::structures {
namespace {

using config::Value;

std::string message_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "<no error>";
}

TEST(BaseDataElementTest, MetainfoAndDataAreDisjoint) {
  BaseDataElement e(
      Value::dict({{"img_shape", Value::tuple({8, 8})}}),
      {{"gt_label", Field(torch::tensor({3}))}});
  EXPECT_EQ(e.metainfo_keys(), std::vector<std::string>{"img_shape"});
  EXPECT_EQ(e.keys(), std::vector<std::string>{"gt_label"});
  EXPECT_EQ(e.all_keys(), (std::vector<std::string>{"img_shape", "gt_label"}));
  EXPECT_EQ(e.metainfo().repr(), "{'img_shape': (8, 8)}");
  EXPECT_EQ(
      message_of([&] { e.set("img_shape", Value(1)); }),
      "BaseDataElement: Cannot set img_shape to be a field of data because "
      "img_shape is already a metainfo field");
  EXPECT_EQ(
      message_of([&] {
        e.set_metainfo(Value::dict({{"gt_label", 1}}));
      }),
      "BaseDataElement: Cannot set gt_label to be a field of metainfo "
      "because gt_label is already a data field");
}

TEST(BaseDataElementTest, GetPopContainsErase) {
  BaseDataElement e;
  e.set("score", Value(0.5));
  EXPECT_TRUE(e.contains("score"));
  EXPECT_EQ(e.get("score").value().as<double>(), 0.5);
  EXPECT_EQ(e.get("missing", Value(7)).value().as<int>(), 7);
  EXPECT_THROW(e.get("missing"), KeyError);
  EXPECT_EQ(e.pop("score").value().as<double>(), 0.5);
  EXPECT_FALSE(e.contains("score"));
  EXPECT_EQ(
      message_of([&] { e.pop("score"); }),
      "score is not contained in metainfo or data");
  EXPECT_EQ(e.pop("score", Value("d")).value().as<std::string>(), "d");
  e.set("x", Value(1));
  e.erase("x");
  EXPECT_TRUE(e.keys().empty());
}

TEST(BaseDataElementTest, NewCloneUpdateAndTensorOps) {
  auto nested = std::make_shared<InstanceData>();
  nested->set("boxes", torch::ones({2, 4}, torch::requires_grad()));
  BaseDataElement e(Value::dict({{"id", 1}}));
  e.set("pred", torch::ones({3}, torch::requires_grad()));
  e.set("instances", Field(std::shared_ptr<BaseDataElement>(nested)));
  auto detached = e.detach();
  EXPECT_FALSE(detached->get("pred").tensor().requires_grad());
  EXPECT_FALSE(detached->get("instances")
                   .element()
                   ->get("boxes")
                   .tensor()
                   .requires_grad());
  EXPECT_TRUE(e.get("pred").tensor().requires_grad());  // unchanged
  auto cpu = e.cpu();
  EXPECT_EQ(cpu->metainfo().repr(), "{'id': 1}");
  auto clone = e.clone();
  EXPECT_TRUE(clone->get("pred").tensor().is_same(e.get("pred").tensor()));
  auto renewed = e.new_element(Value::dict({{"id", 2}}));
  EXPECT_EQ(renewed->metainfo().repr(), "{'id': 2}");
  EXPECT_EQ(renewed->keys(), e.keys());
  BaseDataElement other(Value::dict({{"extra", true}}));
  other.set("more", Value::list({1}));
  e.update(other);
  EXPECT_EQ(
      e.all_keys(),
      (std::vector<std::string>{"id", "extra", "pred", "instances", "more"}));
  const auto r = e.repr();
  EXPECT_EQ(
      r.rfind("<BaseDataElement(\n\n    META INFORMATION\n    id: 1", 0), 0u)
      << r;
  EXPECT_NE(r.find("DATA FIELDS"), std::string::npos);
}

TEST(InstanceDataTest, FieldsMustHaveEqualLength) {
  InstanceData inst;
  inst.set("bboxes", torch::rand({4, 4}));
  inst.set("labels", Value::list({0, 1, 2, 3}));
  EXPECT_EQ(inst.size(), 4);
  EXPECT_NE(
      message_of([&] {
        inst.set("scores", torch::rand({3}));
      }).find("The length of values 3 is not consistent"),
      std::string::npos);
  EXPECT_NE(
      message_of([&] {
        inst.set("flag", Value(true));
      }).find("must have a length"),
      std::string::npos);
}

TEST(InstanceDataTest, IndexingByIntSliceMaskAndIndices) {
  InstanceData inst(Value::dict({{"img_id", 7}}));
  inst.set("scores", torch::tensor({0.1, 0.2, 0.3, 0.4}));
  inst.set("names", Value::list({"a", "b", "c", "d"}));
  auto one = inst.index(-1);
  EXPECT_EQ(one->size(), 1);
  EXPECT_EQ(one->get("names").value().repr(), "['d']");
  EXPECT_EQ(one->metainfo().repr(), "{'img_id': 7}");
  EXPECT_THROW(inst.index(4), IndexError);
  auto sl = inst.slice(Slice{1, std::nullopt, 2});
  EXPECT_EQ(sl->get("names").value().repr(), "['b', 'd']");
  EXPECT_TRUE(
      torch::allclose(sl->get("scores").tensor(), torch::tensor({0.2f, 0.4f})));
  auto masked = inst.index(torch::tensor({true, false, true, false}));
  EXPECT_EQ(masked->get("names").value().repr(), "['a', 'c']");
  auto picked = inst.index(torch::tensor({3, 0}));
  EXPECT_EQ(picked->get("names").value().repr(), "['d', 'a']");
  EXPECT_EQ(inst.index(std::vector<std::int64_t>{})->size(), 0);
  EXPECT_NE(
      message_of([&] {
        inst.index(torch::tensor({true, false}));
      }).find("does not match the shape"),
      std::string::npos);
  EXPECT_THROW(inst.index(torch::tensor({0.5})), TypeError);
}

TEST(InstanceDataTest, CatJoinsTensorsAndLists) {
  auto a = std::make_shared<InstanceData>();
  a->set("s", torch::tensor({1, 2}));
  a->set("n", Value::list({"x", "y"}));
  auto b = std::make_shared<InstanceData>();
  b->set("s", torch::tensor({3}));
  b->set("n", Value::list({"z"}));
  auto both = InstanceData::cat({a, b});
  EXPECT_EQ(both->size(), 3);
  EXPECT_EQ(both->get("n").value().repr(), "['x', 'y', 'z']");
  EXPECT_TRUE(torch::equal(both->get("s").tensor(), torch::tensor({1, 2, 3})));
  EXPECT_EQ(InstanceData::cat({a}), a);
  auto c = std::make_shared<InstanceData>();
  c->set("other", torch::tensor({1}));
  EXPECT_THROW(InstanceData::cat({a, c}), ValueError);
}

TEST(LabelDataTest, OnehotRoundTrip) {
  const auto onehot = LabelData::label_to_onehot(torch::tensor({1, 3}), 5);
  EXPECT_TRUE(torch::equal(onehot, torch::tensor({0, 1, 0, 1, 0})));
  EXPECT_TRUE(
      torch::equal(LabelData::onehot_to_label(onehot), torch::tensor({1, 3})));
  EXPECT_THROW(LabelData::label_to_onehot(torch::tensor({5}), 5), ValueError);
  EXPECT_THROW(
      LabelData::onehot_to_label(torch::tensor({0, 2, 1})), ValueError);
  EXPECT_THROW(LabelData::onehot_to_label(torch::ones({2, 2})), ValueError);
}

TEST(PixelDataTest, ShapesAndCrops) {
  PixelData px;
  px.set("mask", torch::ones({4, 6}));
  EXPECT_EQ(px.get("mask").tensor().sizes(), (std::vector<int64_t>{1, 4, 6}));
  EXPECT_EQ(px.shape(), std::make_pair(std::int64_t{4}, std::int64_t{6}));
  px.set("seg", torch::zeros({3, 4, 6}));
  EXPECT_NE(
      message_of([&] {
        px.set("bad", torch::zeros({4, 5}));
      }).find("not consistent with the shape"),
      std::string::npos);
  EXPECT_THROW(px.set("vec", torch::zeros({4})), ValueError);
  EXPECT_THROW(px.set("str", Value("x")), TypeError);
  auto crop = px.crop(Slice{1, 3, 1}, Slice{std::nullopt, -1, 1});
  EXPECT_EQ(crop->shape(), std::make_pair(std::int64_t{2}, std::int64_t{5}));
  auto pixel = px.at(-1, 0);
  EXPECT_EQ(
      pixel->get("seg").tensor().sizes(), (std::vector<int64_t>{3, 1, 1}));
  EXPECT_THROW(px.at(4, 0), IndexError);
}

}  // namespace
}  // namespace mmengine::structures
