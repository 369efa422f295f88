#pragma once

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/registry/build_args.h"

namespace mmengine::zoo {

/// A classification loss: scores (N x C) and targets (N class indices) to a
/// loss tensor. The interface ClsHead calls its `loss` module through.
class MMENGINE_API ClsLoss : public torch::nn::Module {
 public:
  using torch::nn::Module::Module;
  /// `avg_factor`: with reduction 'mean', the sum is divided by it instead
  /// of the element count.
  virtual at::Tensor forward(
      const at::Tensor& cls_score,
      const at::Tensor& label,
      std::optional<double> avg_factor = std::nullopt) = 0;
};

/// Softmax cross-entropy, scaled by loss_weight. Mirrors mmpretrain's
/// `CrossEntropyLoss`: per-sample `F.cross_entropy(..., weight=class_weight,
/// reduction='none')`, then 'mean' (sum / avg_factor when given, else the
/// plain mean), 'sum' or 'none'. Differs: use_sigmoid, use_soft and
/// pos_weight are not implemented (ValueError when set).
class MMENGINE_API CrossEntropyLoss : public ClsLoss {
 public:
  struct Options {
    std::string reduction = "mean";  ///< 'none', 'mean' or 'sum'
    double loss_weight = 1.0;
    std::vector<double> class_weight;  ///< empty: unweighted
  };

  /// ValueError for an unknown reduction.
  explicit CrossEntropyLoss(const Options& options);
  CrossEntropyLoss() : CrossEntropyLoss(Options()) {}
  /// Config keys: use_sigmoid=False, use_soft=False, reduction='mean',
  /// loss_weight=1.0, class_weight=None, pos_weight=None.
  static std::shared_ptr<CrossEntropyLoss> from_config(
      registry::BuildArgs& args);

  /// ValueError for avg_factor with reduction 'sum' (mmpretrain's
  /// wording) or a class_weight whose length is not C.
  at::Tensor forward(
      const at::Tensor& cls_score,
      const at::Tensor& label,
      std::optional<double> avg_factor = std::nullopt) override;

  const Options& options() const noexcept {
    return options_;
  }

 private:
  Options options_;
};

}  // namespace mmengine::zoo
