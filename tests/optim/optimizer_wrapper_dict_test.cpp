#include "mmengine/optim/optimizer/optimizer_wrapper_dict.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mmengine/model/base_model/base_model.h"
#include "mmengine/optim/optimizer/optim_wrapper_builder.h"
#include "mmengine/optim/optimizer/sgd.h"
#include "mmengine/utils/error.h"
#include "tests/optim/optim_test_util.h"

namespace mmengine::optim {
namespace {

using config::Value;
using structures::Tree;
using test::error_message;
using test::values_match;

struct Gan : torch::nn::Module {
  Gan() {
    generator = register_module("generator", torch::nn::Linear(2, 3));
    discriminator = register_module("discriminator", torch::nn::Linear(3, 1));
  }
  torch::nn::Linear generator{nullptr};
  torch::nn::Linear discriminator{nullptr};
};

Value wrapper_cfg(double lr, double momentum) {
  return Value::dict(
      {{"optimizer",
        Value::dict({{"type", "SGD"}, {"lr", lr}, {"momentum", momentum}})}});
}

TEST(OptimWrapperDictTest, GanStyleWrappers) {
  Gan gan;
  auto dict = build_optim_wrapper_dict(
      gan,
      Value::dict(
          {{"generator", wrapper_cfg(0.1, 0.9)},
           {"discriminator", wrapper_cfg(0.01, 0.5)}}));
  ASSERT_EQ(dict->size(), 2U);
  EXPECT_EQ(
      dict->keys(), (std::vector<std::string>{"generator", "discriminator"}));
  EXPECT_TRUE(values_match(
      dict->get_lr(),
      Value::dict(
          {{"generator.lr", Value::list({0.1})},
           {"discriminator.lr", Value::list({0.01})}})));
  EXPECT_TRUE(values_match(
      dict->get_momentum(),
      Value::dict(
          {{"generator.momentum", Value::list({0.9})},
           {"discriminator.momentum", Value::list({0.5})}})));
  EXPECT_EQ(
      error_message([&] { dict->update_params(torch::ones({})); }),
      "`update_params` should be called by each optimizer separately`");
  EXPECT_THROW(dict->step(), NotImplementedError);
  EXPECT_THROW(dict->backward(torch::ones({})), NotImplementedError);
  EXPECT_THROW(dict->optim_context(gan), NotImplementedError);
  dict->initialize_count_status(gan, 3, 10);  // a no-op

  auto& g = (*dict)["generator"];
  auto fake = gan.generator->forward(torch::ones({4, 2}));
  g.update_params(gan.discriminator->forward(fake).mean());
  EXPECT_TRUE(gan.discriminator->weight.grad().defined());
  dict->zero_grad();
  EXPECT_FALSE(gan.discriminator->weight.grad().defined());
  EXPECT_EQ(
      error_message([&] { (*dict)["critic"]; }),
      "Cannot find critic in OptimWrapperDict, please check your optimizer "
      "constructor.");

  Tree sd = dict->state_dict();
  EXPECT_TRUE(sd.contains("generator") && sd.contains("discriminator"));
  sd["generator"]["param_groups"][0]["lr"] = Tree(0.2);
  dict->load_state_dict(sd);
  EXPECT_DOUBLE_EQ(g.get_lr()["lr"][0].as<double>(), 0.2);
  Tree bad = Tree::dict({{"critic", sd["generator"]}});
  EXPECT_THROW(dict->load_state_dict(bad), KeyError);
  EXPECT_EQ(
      dict->repr().substr(0, 35), "name: generator\nType: OptimWrapper\n");

  scale_lr(*dict, Value::dict({{"enable", true}, {"base_batch_size", 16}}), 32);
  EXPECT_DOUBLE_EQ(g.get_lr()["lr"][0].as<double>(), 0.4);
  EXPECT_THROW(
      build_optim_wrapper_dict(
          gan, Value::dict({{"critic", wrapper_cfg(1, 0)}})),
      KeyError);
}

TEST(OptimWrapperDictTest, ScaleLrTextAndQuirk) {
  torch::nn::Linear fc(2, 2);
  std::vector<ParamGroup> groups(2);
  groups[0].params = {fc->weight};
  groups[1].params = {fc->bias};
  OptimWrapper w(std::make_shared<SGD>(groups, SGDOptions{.lr = 0.1}));
  EXPECT_EQ(scale_lr(w, Value(), 8), "");
  EXPECT_EQ(scale_lr(w, Value::dict({{"enable", false}}), 8), "");
  EXPECT_EQ(
      error_message([&] {
        scale_lr(w, Value::dict({{"enable", true}}), 8);
      }),
      "Lack of `base_batch_size` in `auto_scale_lr`.");
  EXPECT_EQ(
      scale_lr(w, Value::dict({{"enable", true}, {"base_batch_size", 16}}), 8),
      "LR is set based on batch size of 16 and the current batch size is 8. "
      "Scaling the original LR by 0.5.");
  EXPECT_TRUE(values_match(
      w.get_lr(),
      Value::dict(
          {{"base_lr", Value::list({0.1})},
           {"lr", Value::list({0.05, 0.05})}})));
}

struct Toy : model::BaseModel {
  Toy() {
    fc = register_module("fc", torch::nn::Linear(3, 1));
  }
  model::ForwardResult forward(
      const model::BatchInputs& inputs,
      const model::DataSamples& /*samples*/,
      model::ForwardMode mode) override {
    const at::Tensor out = fc(std::get<at::Tensor>(inputs));
    if (mode == model::ForwardMode::kLoss) {
      return model::LossDict{
          {"loss_sq", out.pow(2).mean()}, {"acc", out.max()}};
    }
    return std::vector<at::Tensor>{out};
  }
  torch::nn::Linear fc{nullptr};
};

TEST(TrainStepTest, MatchesManualUpdate) {
  torch::manual_seed(0);
  Toy a;
  Toy b;
  {
    torch::NoGradGuard no_grad;
    b.fc->weight.copy_(a.fc->weight);
    b.fc->bias.copy_(a.fc->bias);
  }
  OptimWrapper wa(
      std::make_shared<SGD>(
          single_group(a.parameters()), SGDOptions{.lr = 0.1, .momentum = 0.9}),
      2);
  SGD manual(
      single_group(b.parameters()), SGDOptions{.lr = 0.1, .momentum = 0.9});
  const auto x = torch::linspace(-1, 1, 12).reshape({4, 3});
  for (int i = 0; i < 4; ++i) {
    model::LogVars vars = a.train_step({x * (i + 1), {}}, wa);
    ASSERT_EQ(vars.size(), 3U);
    EXPECT_EQ(vars[0].first, "loss");
    auto loss = b.fc(x * (i + 1)).pow(2).mean();
    EXPECT_FLOAT_EQ(vars[0].second.item<float>(), loss.item<float>());
    (loss / 2).backward();
    if (i % 2 == 1) {
      manual.step();
      manual.zero_grad();
    }
    EXPECT_TRUE(torch::allclose(a.fc->weight, b.fc->weight));
  }
  EXPECT_EQ(wa.inner_count(), 4);
}

TEST(TrainStepTest, RejectsNonLossResults) {
  struct Bad : model::BaseModel {
    model::ForwardResult forward(
        const model::BatchInputs&,
        const model::DataSamples&,
        model::ForwardMode) override {
      return std::vector<at::Tensor>{torch::ones({1})};
    }
  } bad;
  torch::nn::Linear fc(1, 1);
  OptimWrapper w(
      std::make_shared<SGD>(single_group(fc->parameters()), SGDOptions{}));
  EXPECT_THROW(bad.train_step({torch::ones({1}), {}}, w), TypeError);
}

}  // namespace
}  // namespace mmengine::optim
