#pragma once

#include <ATen/core/Tensor.h>
#include <torch/nn/modules/linear.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/model/base_model/base_model.h"
#include "mmengine/model/base_module.h"
#include "mmengine/model/tensor_module.h"
#include "mmengine/registry/build_args.h"
#include "mmengine/zoo/cls_loss.h"

namespace mmengine::zoo {

/// The classification head that uses the features as scores (no layer of
/// its own): loss() and predict() over the data samples' `gt_label`.
///
/// Data samples (see set_gt_label): `gt_label` is an int64 tensor holding
/// one class index (shape (1,) as mmpretrain's DataSample, or a scalar);
/// predict() adds `pred_score` (softmax, shape (C,)) and `pred_label`
/// (int64, shape (1,)).
///
/// Mirrors mmpretrain's `ClsHead(loss, topk=(1,), cal_acc=False)`. Differs:
/// no soft targets (`gt_score`).
class MMENGINE_API ClsHead : public model::BaseModule,
                             public model::TensorModule {
 public:
  struct Options {
    /// A MODELS config of a ClsLoss.
    config::Value loss = config::Value::dict(
        {{"type", "CrossEntropyLoss"}, {"loss_weight", 1.0}});
    std::vector<int64_t> topk = {1};
    bool cal_acc = false;  ///< add accuracy_top-k entries to the losses
    config::Value init_cfg;
  };

  /// TypeError when `loss` does not build a ClsLoss; ValueError for a
  /// non-positive topk.
  explicit ClsHead(const Options& options);
  /// Config keys: loss=dict(type='CrossEntropyLoss', loss_weight=1.0),
  /// topk=(1,), cal_acc=False, init_cfg=None.
  static std::shared_ptr<ClsHead> from_config(registry::BuildArgs& args);

  /// The features the scores are computed from (the last of a tuple in
  /// mmpretrain; here the tensor itself).
  at::Tensor pre_logits(const at::Tensor& feats) const {
    return feats;
  }
  /// The classification scores, N x C (here the features themselves).
  at::Tensor forward(const at::Tensor& feats) override;
  /// {"loss": loss_module(scores, gt labels, avg_factor=N)} plus, with
  /// cal_acc, {"accuracy_top-k": percent}. ValueError when the samples do
  /// not match the batch or lack `gt_label`.
  model::LossDict loss(
      const at::Tensor& feats, const model::DataSamples& data_samples);
  /// Sets pred_score / pred_label on each sample (new ones when
  /// `data_samples` is empty) and returns them.
  model::DataSamples predict(
      const at::Tensor& feats, const model::DataSamples& data_samples);

  ClsLoss& loss_module() const noexcept {
    return *loss_module_;
  }

 protected:
  /// Options for subclasses that add keys (reads the ClsHead keys).
  static Options options_from(
      registry::BuildArgs& args, config::Value default_init_cfg);

 private:
  Options options_;
  std::shared_ptr<ClsLoss> loss_module_;
};

/// A linear classifier on N x in_channels features (`fc`), initialised with
/// Normal(std=0.01) on Linear by default. Mirrors mmpretrain's
/// `LinearClsHead`.
class MMENGINE_API LinearClsHead : public ClsHead {
 public:
  /// ValueError for non-positive num_classes or in_channels.
  LinearClsHead(int64_t num_classes, int64_t in_channels, const Options& base);
  /// Config keys: num_classes, in_channels (required), the ClsHead keys,
  /// init_cfg=dict(type='Normal', layer='Linear', std=0.01).
  static std::shared_ptr<LinearClsHead> from_config(registry::BuildArgs& args);

  /// fc(pre_logits(feats)); ValueError when feats are not N x in_channels
  /// (a backbone/neck whose width differs from head.in_channels).
  at::Tensor forward(const at::Tensor& feats) override;
  int64_t in_channels() const noexcept {
    return in_channels_;
  }
  int64_t num_classes() const noexcept {
    return num_classes_;
  }
  std::vector<std::string> base_class_names() const override {
    return {"ClsHead"};
  }

 private:
  int64_t num_classes_, in_channels_;
  torch::nn::Linear fc_{nullptr};
};

/// Stores `label` as the sample's `gt_label` (int64 tensor of shape (1,)),
/// the convention ClsHead and the data pipeline share. Mirrors
/// mmpretrain's `DataSample.set_gt_label` for one label.
MMENGINE_API void set_gt_label(
    structures::BaseDataElement& sample, int64_t label);

}  // namespace mmengine::zoo
