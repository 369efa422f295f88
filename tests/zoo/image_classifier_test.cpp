#include "mmengine/zoo/image_classifier.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <string>
#include <vector>

#include "mmengine/model/weight_init.h"
#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"
#include "mmengine/zoo/gap.h"
#include "mmengine/zoo/models.h"
#include "tests/support/fidelity.h"

namespace mmengine::zoo {
namespace {

using config::Value;
using model::DataSamples;
using model::ForwardMode;

std::shared_ptr<ImageClassifier> build(const Value& cfg) {
  register_zoo_models();
  auto net =
      std::dynamic_pointer_cast<ImageClassifier>(registry::MODELS.build(cfg));
  EXPECT_NE(net, nullptr);
  return net;
}

Value mlp_classifier(Value loss = Value::dict({{"type", "CrossEntropyLoss"}})) {
  return Value::dict(
      {{"type", "ImageClassifier"},
       {"backbone",
        Value::dict(
            {{"type", "MLP"},
             {"in_channels", 12},
             {"hidden_channels", Value::list({16})},
             {"num_classes", 8}})},
       {"head",
        Value::dict(
            {{"type", "LinearClsHead"},
             {"num_classes", 5},
             {"in_channels", 8},
             {"loss", loss}})}});
}

DataSamples samples_with_labels(const std::vector<int64_t>& labels) {
  DataSamples out;
  for (int64_t label : labels) {
    auto sample = std::make_shared<structures::BaseDataElement>();
    set_gt_label(*sample, label);
    out.push_back(sample);
  }
  return out;
}

at::Tensor logits_of(ImageClassifier& net, const at::Tensor& x) {
  auto result = net(x, {}, ForwardMode::kTensor);
  return std::get<std::vector<at::Tensor>>(result).at(0);
}

template <typename E>
void expect_error(const Value& cfg, const std::string& text) {
  try {
    build(cfg);
    FAIL() << "accepted: " << cfg.repr();
  } catch (const E& e) {
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
  }
}

class ImageClassifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    torch::manual_seed(0);
  }
};

TEST_F(ImageClassifierTest, ResNetBackboneWithNeckAndHead) {
  auto cfg = Value::dict(
      {{"type", "ImageClassifier"},
       {"backbone",
        Value::dict({{"type", "ResNet"}, {"depth", 18}, {"num_classes", 0}})},
       {"neck", Value::dict({{"type", "GlobalAveragePooling"}})},
       {"head",
        Value::dict(
            {{"type", "LinearClsHead"},
             {"num_classes", 10},
             {"in_channels", 512},
             {"loss",
              Value::dict(
                  {{"type", "CrossEntropyLoss"}, {"loss_weight", 1.0}})},
             {"topk", Value::tuple({1})}})}});
  auto net = build(cfg);
  auto x = torch::randn({2, 3, 32, 32});
  EXPECT_EQ(logits_of(*net, x).sizes().vec(), (std::vector<int64_t>{2, 10}));
  auto losses = std::get<model::LossDict>(
      (*net)(x, samples_with_labels({1, 7}), ForwardMode::kLoss));
  ASSERT_EQ(losses.size(), 1u);
  EXPECT_EQ(losses[0].first, "loss");
}

TEST_F(ImageClassifierTest, HeadDefaultInitCfg) {
  auto cfg = mlp_classifier();
  cfg["head"]["in_channels"] = 8;
  cfg["backbone"]["num_classes"] = 8;
  cfg["head"]["num_classes"] = 400;
  auto net = build(cfg);
  net->init_weights();
  // LinearClsHead's default init_cfg: Normal(std=0.01) on its Linear.
  auto params = net->named_parameters();
  EXPECT_NEAR(params["head.fc.weight"].std().item<double>(), 0.01, 1e-3);
  EXPECT_EQ(params["head.fc.bias"].abs().sum().item<double>(), 0.0);
  cfg["pretrained"] = "ckpt.pth";
  EXPECT_EQ(
      build(cfg)->init_cfg(),
      Value::dict({{"type", "Pretrained"}, {"checkpoint", "ckpt.pth"}}));
  EXPECT_NE(
      net->init_report().find("head.fc.weight - torch.Size([400, 8]): \n"
                              "NormalInit: mean=0, std=0.01, bias=0"),
      std::string::npos)
      << net->init_report();
}

TEST_F(ImageClassifierTest, PredictSetsScoresAndKeepsGroundTruth) {
  auto net = build(mlp_classifier());
  auto x = torch::randn({3, 12});
  auto samples = samples_with_labels({0, 4, 2});
  auto out = std::get<DataSamples>((*net)(x, samples, ForwardMode::kPredict));
  ASSERT_EQ(out.size(), 3u);
  const auto logits = logits_of(*net, x);
  for (size_t i = 0; i < out.size(); ++i) {
    EXPECT_EQ(out[i], samples[i]);  // updated in place, as mmpretrain
    const auto score = out[i]->get("pred_score").tensor();
    const auto label = out[i]->get("pred_label").tensor();
    EXPECT_EQ(score.sizes().vec(), (std::vector<int64_t>{5}));
    EXPECT_EQ(label.sizes().vec(), (std::vector<int64_t>{1}));
    EXPECT_EQ(label.scalar_type(), torch::kLong);
    EXPECT_NEAR(score.sum().item<double>(), 1.0, 1e-6);
    EXPECT_TRUE(torch::allclose(score, torch::softmax(logits[i], 0)));
    EXPECT_EQ(label.item<int64_t>(), logits[i].argmax().item<int64_t>());
    EXPECT_TRUE(out[i]->contains("gt_label"));
  }
  auto fresh = std::get<DataSamples>((*net)(x, {}, ForwardMode::kPredict));
  EXPECT_EQ(fresh.size(), 3u);
  EXPECT_FALSE(fresh[0]->contains("gt_label"));
  // val_step goes through the data preprocessor.
  EXPECT_EQ(net->val_step({x, samples_with_labels({1, 1, 1})}).size(), 3u);
}

TEST_F(ImageClassifierTest, LossTrainsAndReportsAccuracy) {
  auto cfg = mlp_classifier();
  cfg["head"]["cal_acc"] = true;
  cfg["head"]["topk"] = Value::tuple({1, 3});
  auto net = build(cfg);
  auto x = torch::randn({4, 12});
  auto samples = samples_with_labels({0, 1, 2, 3});
  auto losses =
      std::get<model::LossDict>((*net)(x, samples, ForwardMode::kLoss));
  ASSERT_EQ(losses.size(), 3u);
  EXPECT_EQ(losses[1].first, "accuracy_top-1");
  EXPECT_EQ(losses[2].first, "accuracy_top-3");
  auto [loss, log_vars] = model::BaseModel::parse_losses(losses);
  EXPECT_EQ(log_vars.size(), 3u);
  // Top-1 hits among positive scores, in percent.
  const auto logits = logits_of(*net, x);
  double hits = 0;
  for (int64_t i = 0; i < 4; ++i) {
    hits += logits[i].argmax().item<int64_t>() == i &&
            logits[i].max().item<double>() > 0;
  }
  EXPECT_NEAR(log_vars[1].second.item<double>(), hits * 25.0, 1e-4);
  torch::optim::SGD sgd(net->parameters(), 0.5);
  const double before = loss.item<double>();
  for (int step = 0; step < 20; ++step) {
    sgd.zero_grad();
    auto l = std::get<at::Tensor>(
        std::get<model::LossDict>((*net)(x, samples, ForwardMode::kLoss))[0]
            .second);
    l.backward();
    sgd.step();
  }
  auto after = std::get<at::Tensor>(
      std::get<model::LossDict>((*net)(x, samples, ForwardMode::kLoss))[0]
          .second);
  EXPECT_LT(after.item<double>(), before);
}

TEST_F(ImageClassifierTest, LeNetBackboneWithClsHead) {
  auto cfg = Value::dict(
      {{"type", "ImageClassifier"},
       {"backbone", Value::dict({{"type", "LeNet"}, {"input_size", 28}})},
       {"head", Value::dict({{"type", "ClsHead"}})}});
  auto net = build(cfg);
  auto x = torch::randn({2, 1, 28, 28});
  auto logits = logits_of(*net, x);
  EXPECT_EQ(logits.sizes().vec(), (std::vector<int64_t>{2, 10}));
  EXPECT_TRUE(torch::equal(logits, model::forward_tensor(net->backbone(), x)));
  cfg.erase("head");
  auto headless = build(cfg);
  EXPECT_EQ(logits_of(*headless, x).size(1), 10);
  EXPECT_THROW(
      (*headless)(x, samples_with_labels({1, 2}), ForwardMode::kLoss),
      ValueError);
}

TEST_F(ImageClassifierTest, ConfigErrors) {
  auto cfg = mlp_classifier();
  cfg.erase("backbone");
  expect_error<KeyError>(cfg, "backbone");
  cfg = mlp_classifier();
  cfg["head"]["type"] = "LinearClsHeed";
  expect_error<KeyError>(cfg, "Did you mean: 'LinearClsHead'");
  cfg = mlp_classifier();
  cfg["head"]["in_channels"] = 512;
  expect_error<ValueError>(cfg, "head.in_channels=512");
  cfg = mlp_classifier();
  cfg["head"] = Value::dict({{"type", "GlobalAveragePooling"}});
  expect_error<TypeError>(cfg, "not a classification head");
  cfg = mlp_classifier();
  cfg["head"]["loss"] = Value::dict({{"type", "GlobalAveragePooling"}});
  expect_error<TypeError>(cfg, "not a classification loss");
  cfg = mlp_classifier();
  cfg["head"]["num_classes"] = 0;
  expect_error<ValueError>(cfg, "num_classes=0");
  cfg = mlp_classifier();
  cfg["train_cfg"] = Value::dict({{"augments", Value::list()}});
  expect_error<ValueError>(cfg, "train_cfg");
  cfg = mlp_classifier(
      Value::dict({{"type", "CrossEntropyLoss"}, {"use_sigmoid", true}}));
  expect_error<ValueError>(cfg, "use_sigmoid");

  auto net = build(mlp_classifier());
  auto x = torch::randn({2, 12});
  EXPECT_THROW(
      (*net)(x, samples_with_labels({1}), ForwardMode::kLoss), ValueError);
  DataSamples unlabeled{
      std::make_shared<structures::BaseDataElement>(),
      std::make_shared<structures::BaseDataElement>()};
  EXPECT_THROW((*net)(x, unlabeled, ForwardMode::kLoss), ValueError);
  auto sum = build(mlp_classifier(
      Value::dict({{"type", "CrossEntropyLoss"}, {"reduction", "sum"}})));
  try {
    (*sum)(x, samples_with_labels({1, 2}), ForwardMode::kLoss);
    FAIL() << "avg_factor with reduction='sum' accepted";
  } catch (const ValueError& e) {
    EXPECT_NE(
        std::string(e.what()).find("avg_factor can not be used"),
        std::string::npos);
  }
}

TEST_F(ImageClassifierTest, VitBackboneWithListNeckAndPreprocessor) {
  auto cfg = Value::dict(
      {{"type", "ImageClassifier"},
       {"backbone",
        Value::dict(
            {{"type", "VisionTransformer"},
             {"image_size", 16},
             {"patch_size", 8},
             {"num_layers", 1},
             {"num_heads", 2},
             {"hidden_dim", 8},
             {"mlp_dim", 16},
             {"num_classes", 0}})},
       // A list builds a Sequential, as MMEngine's build_model_from_cfg.
       {"neck",
        Value::list(
            {Value::dict({{"type", "GlobalAveragePooling"}}),
             Value::dict({{"type", "GlobalAveragePooling"}})})},
       {"head",
        Value::dict(
            {{"type", "LinearClsHead"},
             {"num_classes", 3},
             {"in_channels", 8}})},
       {"data_preprocessor",
        Value::dict(
            {{"type", "ImgDataPreprocessor"},
             {"mean", Value::list({127.5})},
             {"std", Value::list({127.5})}})}});
  auto net = build(cfg);
  ASSERT_NE(net->neck(), nullptr);
  EXPECT_EQ(model::module_class_name(*net->neck()), "Sequential");
  std::vector<at::Tensor> images{
      torch::randint(0, 256, {3, 16, 16}), torch::randint(0, 256, {3, 16, 16})};
  auto out = net->test_step({images, samples_with_labels({2, 0})});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0]->get("pred_score").tensor().size(0), 3);
  // The config's ViT width (8) against a wrong head.
  cfg["neck"] = Value();
  cfg["head"]["in_channels"] = 16;
  expect_error<ValueError>(cfg, "output width 8");
}

TEST(GlobalAveragePoolingTest, PoolsSpatialDimsAndPassesPooled) {
  GlobalAveragePooling gap;
  auto x = torch::randn({2, 3, 4, 5});
  EXPECT_TRUE(torch::allclose(gap.forward(x), x.mean({2, 3})));
  auto pooled = torch::randn({2, 3});
  EXPECT_TRUE(torch::equal(gap.forward(pooled), pooled));
  EXPECT_THROW(gap.forward(torch::randn({2, 3, 4})), ValueError);
  GlobalAveragePooling gap1(1);
  EXPECT_EQ(
      gap1.forward(torch::randn({2, 3, 4})).sizes().vec(),
      (std::vector<int64_t>{2, 3}));
  EXPECT_THROW(GlobalAveragePooling(4), ValueError);
}

TEST(CrossEntropyLossTest, Reductions) {
  auto score = torch::randn({4, 3});
  auto label = torch::tensor({0, 2, 1, 1}, torch::kLong);
  CrossEntropyLoss::Options options;
  options.reduction = "none";
  auto none = CrossEntropyLoss(options).forward(score, label);
  EXPECT_EQ(none.sizes().vec(), (std::vector<int64_t>{4}));
  EXPECT_TRUE(
      torch::allclose(CrossEntropyLoss().forward(score, label), none.mean()));
  EXPECT_TRUE(torch::allclose(
      CrossEntropyLoss().forward(score, label, 8.0), none.sum() / 8));
  options.reduction = "sum";
  options.loss_weight = 2;
  EXPECT_TRUE(torch::allclose(
      CrossEntropyLoss(options).forward(score, label), none.sum() * 2));
  options.reduction = "avg";
  EXPECT_THROW(CrossEntropyLoss{options}, ValueError);
  options.reduction = "mean";
  options.class_weight = {1.0, 2.0};
  EXPECT_THROW(CrossEntropyLoss(options).forward(score, label), ValueError);
}

// The loss equals F.cross_entropy on the same logits; loss_weight and
// class_weight follow mmpretrain (weighted sum / batch size).
TEST(ImageClassifierFidelityTest, LossMatchesTorchCrossEntropy) {
  MMENGINE_REQUIRE_REFERENCE();
  torch::manual_seed(1);
  const std::vector<double> class_weight{0.5, 1.0, 2.0, 1.5, 0.25};
  auto plain = build(mlp_classifier());
  auto x = torch::randn({6, 12}) * 3;
  const std::vector<int64_t> labels{0, 4, 2, 2, 1, 3};
  const auto logits = logits_of(*plain, x).contiguous();
  nlohmann::json data;
  data["labels"] = labels;
  data["class_weight"] = class_weight;
  for (int64_t i = 0; i < logits.size(0); ++i) {
    std::vector<double> row;
    for (int64_t j = 0; j < logits.size(1); ++j) {
      row.push_back(logits[i][j].item<double>());
    }
    data["logits"].push_back(row);
  }
  auto ref = testing::run_reference("zoo_cls.py", {data.dump()});
  auto loss_of = [&](ImageClassifier& net) {
    auto losses = std::get<model::LossDict>(
        net(x, samples_with_labels(labels), ForwardMode::kLoss));
    return std::get<at::Tensor>(losses.at(0).second).item<double>();
  };
  EXPECT_NEAR(loss_of(*plain), ref["mean"].get<double>(), 1e-5);

  auto weighted_cfg = mlp_classifier(Value::dict(
      {{"type", "CrossEntropyLoss"},
       {"loss_weight", 0.5},
       {"class_weight", Value::list({0.5, 1.0, 2.0, 1.5, 0.25})}}));
  auto weighted = build(weighted_cfg);
  {
    torch::NoGradGuard no_grad;
    auto source = plain->named_parameters();
    for (auto& item : weighted->named_parameters()) {
      item.value().copy_(source[item.key()]);
    }
  }
  EXPECT_NEAR(loss_of(*weighted), 0.5 * ref["weighted"].get<double>(), 1e-5);

  auto scores = std::get<DataSamples>((*plain)(x, {}, ForwardMode::kPredict));
  for (size_t i = 0; i < scores.size(); ++i) {
    const auto score = scores[i]->get("pred_score").tensor();
    for (int64_t j = 0; j < score.size(0); ++j) {
      EXPECT_NEAR(
          score[j].item<double>(), ref["softmax"][i][j].get<double>(), 1e-6);
    }
  }
}

}  // namespace
}  // namespace mmengine::zoo
