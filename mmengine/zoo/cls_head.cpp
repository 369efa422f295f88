#include "mmengine/zoo/cls_head.h"

#include <ATen/ops/cat.h>
#include <ATen/ops/softmax.h>
#include <ATen/ops/tensor.h>

#include <algorithm>
#include <string>
#include <utility>

#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"
#include "mmengine/zoo/zoo_impl.h"

namespace mmengine::zoo {
namespace {

std::shared_ptr<ClsLoss> build_loss(const config::Value& cfg) {
  registry::BuildOptions options;
  options.path = "head.loss";
  auto module = registry::MODELS.build(cfg, options);
  auto loss = std::dynamic_pointer_cast<ClsLoss>(module);
  MMENGINE_CHECK_TYPE(
      loss != nullptr,
      "head.loss: ",
      cfg["type"].as<std::string>(),
      " is not a classification loss (mmengine::zoo::ClsLoss)");
  return loss;
}

// The batch's labels, N int64 values.
at::Tensor gather_labels(const model::DataSamples& samples, int64_t batch) {
  MMENGINE_CHECK(
      static_cast<int64_t>(samples.size()) == batch,
      "ClsHead: got ",
      samples.size(),
      " data samples for a batch of ",
      batch);
  std::vector<at::Tensor> labels;
  labels.reserve(samples.size());
  for (size_t i = 0; i < samples.size(); ++i) {
    MMENGINE_CHECK(
        samples[i] != nullptr && samples[i]->contains("gt_label"),
        "ClsHead: data_samples[",
        i,
        "] has no gt_label");
    labels.push_back(
        samples[i]->get("gt_label").tensor().reshape({-1}).to(at::kLong));
  }
  return at::cat(labels);
}

// mmpretrain's Accuracy.calculate with thrs=(0.,): a top-k hit counts only
// when its score is positive; percent of the batch.
std::vector<at::Tensor> topk_accuracy(
    const at::Tensor& score,
    const at::Tensor& target,
    const std::vector<int64_t>& topk) {
  const int64_t maxk = *std::max_element(topk.begin(), topk.end());
  MMENGINE_CHECK(
      maxk <= score.size(1),
      "Top-",
      maxk,
      " accuracy is unavailable since the number of categories is ",
      score.size(1),
      ".");
  auto [pred_score, pred_label] = score.topk(maxk, 1);
  at::Tensor correct =
      pred_label.t().eq(target.view({1, -1})) & pred_score.t().gt(0.0);
  std::vector<at::Tensor> out;
  for (int64_t k : topk) {
    out.push_back(correct.slice(0, 0, k)
                      .reshape({-1})
                      .to(at::kFloat)
                      .sum(0, /*keepdim=*/true)
                      .mul_(100.0 / static_cast<double>(score.size(0))));
  }
  return out;
}

}  // namespace

ClsHead::ClsHead(const Options& options)
    : model::BaseModule(options.init_cfg), options_(options) {
  MMENGINE_CHECK(!options.topk.empty(), "ClsHead: topk must not be empty");
  for (int64_t k : options.topk) {
    MMENGINE_CHECK(k > 0, "ClsHead: topk values must be positive, got ", k);
  }
  loss_module_ = register_module("loss_module", build_loss(options.loss));
}

ClsHead::Options ClsHead::options_from(
    registry::BuildArgs& args, config::Value default_init_cfg) {
  Options options;
  options.loss = args.take_value("loss", options.loss);
  options.topk = args.take<std::vector<int64_t>>("topk", options.topk);
  options.cal_acc = args.take<bool>("cal_acc", false);
  options.init_cfg = args.take_value("init_cfg", std::move(default_init_cfg));
  return options;
}

std::shared_ptr<ClsHead> ClsHead::from_config(registry::BuildArgs& args) {
  return std::make_shared<ClsHead>(options_from(args, config::Value()));
}

at::Tensor ClsHead::forward(const at::Tensor& feats) {
  return pre_logits(feats);
}

model::LossDict ClsHead::loss(
    const at::Tensor& feats, const model::DataSamples& data_samples) {
  at::Tensor score = forward(feats);
  at::Tensor target = gather_labels(data_samples, score.size(0));
  model::LossDict losses;
  losses.emplace_back(
      "loss",
      loss_module_->forward(score, target, static_cast<double>(score.size(0))));
  if (options_.cal_acc) {
    auto acc = topk_accuracy(score.detach(), target, options_.topk);
    for (size_t i = 0; i < acc.size(); ++i) {
      losses.emplace_back(
          "accuracy_top-" + std::to_string(options_.topk[i]),
          std::vector<at::Tensor>{acc[i]});
    }
  }
  return losses;
}

model::DataSamples ClsHead::predict(
    const at::Tensor& feats, const model::DataSamples& data_samples) {
  at::Tensor score = at::softmax(forward(feats), 1).detach();
  at::Tensor label = score.argmax(1, /*keepdim=*/true);
  const int64_t n = score.size(0);
  MMENGINE_CHECK(
      data_samples.empty() || static_cast<int64_t>(data_samples.size()) == n,
      "ClsHead: got ",
      data_samples.size(),
      " data samples for a batch of ",
      n);
  model::DataSamples out = data_samples;
  if (out.empty()) {
    for (int64_t i = 0; i < n; ++i) {
      out.push_back(std::make_shared<structures::BaseDataElement>());
    }
  }
  for (int64_t i = 0; i < n; ++i) {
    out[i]->set("pred_score", score[i]);
    out[i]->set("pred_label", label[i]);
  }
  return out;
}

LinearClsHead::LinearClsHead(
    int64_t num_classes, int64_t in_channels, const Options& base)
    : ClsHead(base), num_classes_(num_classes), in_channels_(in_channels) {
  MMENGINE_CHECK(
      num_classes > 0,
      "num_classes=",
      num_classes,
      " must be a positive integer");
  MMENGINE_CHECK(
      in_channels > 0,
      "LinearClsHead: in_channels must be positive, got ",
      in_channels);
  fc_ = register_module("fc", torch::nn::Linear(in_channels, num_classes));
}

std::shared_ptr<LinearClsHead> LinearClsHead::from_config(
    registry::BuildArgs& args) {
  const auto num_classes = args.take<int64_t>("num_classes");
  const auto in_channels = args.take<int64_t>("in_channels");
  Options base = options_from(
      args,
      config::Value::dict(
          {{"type", "Normal"}, {"layer", "Linear"}, {"std", 0.01}}));
  return std::make_shared<LinearClsHead>(num_classes, in_channels, base);
}

at::Tensor LinearClsHead::forward(const at::Tensor& feats) {
  at::Tensor x = pre_logits(feats);
  MMENGINE_CHECK(
      x.dim() == 2 && x.size(1) == in_channels_,
      "LinearClsHead: expected N x ",
      in_channels_,
      " features (in_channels), got shape ",
      detail::shape_str(x),
      "; does head.in_channels match the backbone/neck output?");
  return fc_->forward(x);
}

void set_gt_label(structures::BaseDataElement& sample, int64_t label) {
  sample.set("gt_label", at::tensor({label}, at::kLong));
}

}  // namespace mmengine::zoo
