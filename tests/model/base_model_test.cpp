#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mmengine/model/base_model/base_model.h"
#include "mmengine/model/weight_init.h"
#include "mmengine/utils/error.h"
#include "tests/support/fidelity.h"

namespace mmengine::model {
namespace {

using config::Value;

// Predicts the argmax of a linear layer; the loss is the mean output.
struct ToyModel : BaseModel {
  explicit ToyModel(Value pre = {}) : BaseModel(pre) {
    fc = register_module("fc", torch::nn::Linear(3, 2));
  }
  ForwardResult forward(
      const BatchInputs& inputs,
      const DataSamples& samples,
      ForwardMode mode) override {
    const at::Tensor out = fc(std::get<at::Tensor>(inputs));
    if (mode == ForwardMode::kLoss) {
      return LossDict{{"loss_mean", out.mean()}, {"acc", out.max()}};
    }
    if (mode == ForwardMode::kTensor) {
      return std::vector<at::Tensor>{out};
    }
    DataSamples result;
    for (int64_t i = 0; i < out.size(0); ++i) {
      auto sample = std::make_shared<structures::BaseDataElement>();
      sample->set("pred", out[i].argmax());
      result.push_back(sample);
    }
    (void)samples;
    return result;
  }
  torch::nn::Linear fc{nullptr};
};

template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return std::string(e.kind()) + ": " + e.what();
  }
  return "no error";
}

TEST(BaseModelTest, ForwardModes) {
  torch::manual_seed(0);
  ToyModel model;
  const at::Tensor x = torch::randn({4, 3});
  auto losses = std::get<LossDict>(model(x, {}, ForwardMode::kLoss));
  EXPECT_EQ(losses[0].first, "loss_mean");
  auto tensors =
      std::get<std::vector<at::Tensor>>(model(x, {}, ForwardMode::kTensor));
  EXPECT_EQ(tensors[0].sizes(), (std::vector<int64_t>{4, 2}));
  DataSamples preds = model.val_step({x, {}});
  ASSERT_EQ(preds.size(), 4u);
  EXPECT_TRUE(preds[0]->contains("pred"));
  EXPECT_EQ(model.test_step({x, {}}).size(), 4u);
  EXPECT_EQ(parse_forward_mode("predict"), ForwardMode::kPredict);
  EXPECT_STREQ(forward_mode_name(ForwardMode::kLoss), "loss");
  EXPECT_EQ(
      error_of([] { parse_forward_mode("train"); }),
      "ValueError: Invalid mode \"train\". Only supports loss, predict and "
      "tensor mode");
}

TEST(BaseModelTest, ForwardCallbacksRunAroundForward) {
  ToyModel model;
  std::vector<std::string> calls;
  const int pre = model.add_forward_pre_hook(
      [&](BaseModel&, const BatchInputs&, const DataSamples&, ForwardMode m) {
        calls.push_back(std::string("pre:") + forward_mode_name(m));
      });
  model.add_forward_hook([&](BaseModel&,
                             const BatchInputs&,
                             const DataSamples&,
                             ForwardMode,
                             ForwardResult& result) {
    calls.push_back("post");
    result = std::vector<at::Tensor>{torch::ones({1})};  // may replace it
  });
  auto out = model(torch::zeros({1, 3}), {}, ForwardMode::kTensor);
  EXPECT_EQ(calls, (std::vector<std::string>{"pre:tensor", "post"}));
  EXPECT_TRUE(
      std::get<std::vector<at::Tensor>>(out)[0].eq(1).all().item<bool>());
  EXPECT_TRUE(model.remove_forward_hook(pre));
  EXPECT_FALSE(model.remove_forward_hook(pre));
  calls.clear();
  model(torch::zeros({1, 3}), {}, ForwardMode::kTensor);
  EXPECT_EQ(calls, (std::vector<std::string>{"post"}));
  // A hook replacing predictions with tensors breaks val_step's contract.
  EXPECT_EQ(
      error_of([&] {
        model.val_step({torch::zeros({1, 3}), {}});
      }),
      "TypeError: [ToyModel] forward(mode='predict') should return data "
      "samples, but got tensors");
}

TEST(BaseModelTest, DataPreprocessorFromConfig) {
  ToyModel plain;
  EXPECT_EQ(
      module_class_name(plain.data_preprocessor()), "BaseDataPreprocessor");
  ToyModel img(Value::dict(
      {{"type", "ImgDataPreprocessor"},
       {"mean", Value::list({1})},
       {"std", Value::list({2})}}));
  EXPECT_NE(
      dynamic_cast<ImgDataPreprocessor*>(&img.data_preprocessor()), nullptr);
  EXPECT_EQ(img.named_children().find("data_preprocessor") != nullptr, true);
  EXPECT_EQ(
      error_of([] { ToyModel bad(Value(3)); }),
      "TypeError: data_preprocessor should be a `dict` or `nn.Module` "
      "instance, but got int");
}

TEST(BaseModelTest, ParseLossesSumsLossKeys) {
  LossDict losses{
      {"loss_a", torch::tensor({1.0, 3.0})},
      {"loss_b",
       std::vector<at::Tensor>{
           torch::tensor({2.0}), torch::tensor({4.0, 6.0})}},
      {"acc", torch::tensor(0.5)}};
  auto [loss, log_vars] = BaseModel::parse_losses(losses);
  EXPECT_DOUBLE_EQ(loss.item<double>(), 2 + 7);
  ASSERT_EQ(log_vars.size(), 4u);
  EXPECT_EQ(log_vars[0].first, "loss");
  EXPECT_EQ(log_vars[3].first, "acc");
  EXPECT_EQ(
      error_of([] {
        BaseModel::parse_losses({{"lr", Value(0.1)}});
      }),
      "TypeError: lr is not a tensor or list of tensors");
}

at::Tensor from_json(const nlohmann::json& data, const nlohmann::json& shape) {
  std::vector<float> values = data.get<std::vector<float>>();
  return torch::tensor(values).reshape(shape.get<std::vector<int64_t>>());
}

LossDict losses_from_json(const nlohmann::json& entries) {
  LossDict losses;
  for (const auto& e : entries) {
    const std::string kind = e["kind"];
    if (kind == "tensor") {
      losses.emplace_back(
          e["name"].get<std::string>(), from_json(e["data"], e["shape"]));
    } else if (kind == "list") {
      std::vector<at::Tensor> list;
      for (const auto& item : e["data"]) {
        list.push_back(from_json(item[0], item[1]));
      }
      losses.emplace_back(e["name"].get<std::string>(), list);
    } else if (kind == "float") {
      losses.emplace_back(
          e["name"].get<std::string>(), Value(e["data"].get<double>()));
    } else {
      losses.emplace_back(
          e["name"].get<std::string>(), Value(e["data"].get<std::string>()));
    }
  }
  return losses;
}

TEST(ParseLossesFidelityTest, MatchesMMEngine) {
  MMENGINE_REQUIRE_REFERENCE();
  const auto cases = testing::run_reference("model_parse_losses.py");
  ASSERT_EQ(cases.size(), 8u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c["losses"].dump());
    const LossDict losses = losses_from_json(c["losses"]);
    if (c.contains("error")) {
      EXPECT_EQ(
          error_of([&] { BaseModel::parse_losses(losses); }),
          "TypeError: " + c["message"].get<std::string>());
      continue;
    }
    auto [loss, log_vars] = BaseModel::parse_losses(losses);
    EXPECT_NEAR(loss.item<double>(), c["loss"].get<double>(), 1e-6);
    ASSERT_EQ(log_vars.size(), c["log_vars"].size());
    for (size_t i = 0; i < log_vars.size(); ++i) {
      EXPECT_EQ(log_vars[i].first, c["log_vars"][i][0].get<std::string>());
      EXPECT_NEAR(
          log_vars[i].second.item<double>(),
          c["log_vars"][i][1].get<double>(),
          1e-6);
    }
  }
}

}  // namespace
}  // namespace mmengine::model
