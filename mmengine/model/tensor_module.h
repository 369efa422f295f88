#pragma once

#include <ATen/core/Tensor.h>

#include "mmengine/api.h"

namespace torch::nn {
class Module;
}  // namespace torch::nn

namespace mmengine::model {

/// A module whose forward maps one tensor to one tensor and can be called
/// through a base pointer (libtorch modules have no virtual forward). The
/// zoo's backbones, necks and containers implement it, so configs can
/// combine them (Sequential children, ImageClassifier parts).
class MMENGINE_API TensorModule {
 public:
  virtual ~TensorModule() = default;
  /// The module's output for `x`.
  virtual at::Tensor forward(const at::Tensor& x) = 0;
};

/// Calls `module` on `x`: a TensorModule, torch::nn::Sequential, or one of
/// the common torch layers (Linear, Conv1d/2d, BatchNorm1d/2d, LayerNorm,
/// Dropout, Identity, Flatten, ReLU, GELU, Sigmoid, Tanh, Softmax,
/// AdaptiveAvgPool2d, MaxPool2d). TypeError naming the class otherwise.
MMENGINE_API at::Tensor forward_tensor(
    torch::nn::Module& module, const at::Tensor& x);

}  // namespace mmengine::model
