#pragma once

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>

#include <memory>
#include <string>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/model/base_model/base_model.h"
#include "mmengine/registry/build_args.h"
#include "mmengine/zoo/cls_head.h"

namespace mmengine::zoo {

/// backbone -> neck (optional) -> head, as a BaseModel.
///
///   MODELS.build(Value::dict({
///       {"type", "ImageClassifier"},
///       {"backbone", Value::dict({{"type", "ResNet"}, {"depth", 18},
///                                 {"num_classes", 0}})},
///       {"neck", Value::dict({{"type", "GlobalAveragePooling"}})},
///       {"head", Value::dict({{"type", "LinearClsHead"},
///                             {"num_classes", 10}, {"in_channels", 512}})}}));
///
/// forward modes: kTensor returns {scores} (or {features} without a head),
/// kLoss the head's loss dict ("loss", optionally "accuracy_top-k"),
/// kPredict the data samples with pred_score / pred_label (ground truth
/// from each sample's `gt_label`, see set_gt_label). Mirrors mmpretrain's
/// `ImageClassifier`. Differs: the default data_preprocessor is
/// BaseDataPreprocessor (mmpretrain: ClsDataPreprocessor); train_cfg
/// (batch augments) is not supported.
class MMENGINE_API ImageClassifier : public model::BaseModel {
 public:
  struct Options {
    config::Value backbone;  ///< MODELS config (required)
    config::Value neck;      ///< None, a MODELS config or a list (Sequential)
    config::Value head;      ///< None or a MODELS config of a ClsHead
    config::Value data_preprocessor;
    config::Value init_cfg;
  };

  /// KeyError/ValueError for a missing backbone, TypeError for a head that
  /// is not a ClsHead, ValueError when head.in_channels differs from the
  /// known output width of a zoo backbone (ResNet, VisionTransformer, MLP,
  /// LeNet); registry errors for unknown types.
  explicit ImageClassifier(const Options& options);
  /// Config keys: backbone (required), neck=None, head=None,
  /// pretrained=None (sets init_cfg to Pretrained), train_cfg=None,
  /// data_preprocessor=None, init_cfg=None.
  static std::shared_ptr<ImageClassifier> from_config(
      registry::BuildArgs& args);

  model::ForwardResult forward(
      const model::BatchInputs& inputs,
      const model::DataSamples& data_samples,
      model::ForwardMode mode) override;
  /// backbone then neck; a list of inputs is stacked first.
  at::Tensor extract_feat(const at::Tensor& inputs);

  torch::nn::Module& backbone() const noexcept {
    return *backbone_;
  }
  /// nullptr without a neck / head.
  torch::nn::Module* neck() const noexcept {
    return neck_.get();
  }
  ClsHead* head() const noexcept {
    return head_.get();
  }
  std::vector<std::string> base_class_names() const override {
    return {"BaseClassifier"};
  }

 private:
  std::shared_ptr<torch::nn::Module> backbone_;
  std::shared_ptr<torch::nn::Module> neck_;
  std::shared_ptr<ClsHead> head_;
};

}  // namespace mmengine::zoo
