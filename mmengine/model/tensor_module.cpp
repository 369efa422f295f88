#include "mmengine/model/tensor_module.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/modules/pooling.h>

#include "mmengine/model/weight_init.h"
#include "mmengine/utils/error.h"

namespace mmengine::model {
namespace {

// Tries each layer type in turn; true when one matched.
template <typename... Impl>
bool try_forward(
    torch::nn::Module& module, const at::Tensor& x, at::Tensor& y) {
  return (
      (dynamic_cast<Impl*>(&module) != nullptr
           ? (y = static_cast<Impl&>(module).forward(x), true)
           : false) ||
      ...);
}

}  // namespace

at::Tensor forward_tensor(torch::nn::Module& module, const at::Tensor& x) {
  if (auto* tensor_module = dynamic_cast<TensorModule*>(&module)) {
    return tensor_module->forward(x);
  }
  if (auto* sequential = dynamic_cast<torch::nn::SequentialImpl*>(&module)) {
    return sequential->forward(x);
  }
  at::Tensor y;
  const bool found = try_forward<
      torch::nn::LinearImpl,
      torch::nn::Conv1dImpl,
      torch::nn::Conv2dImpl,
      torch::nn::BatchNorm1dImpl,
      torch::nn::BatchNorm2dImpl,
      torch::nn::LayerNormImpl,
      torch::nn::DropoutImpl,
      torch::nn::IdentityImpl,
      torch::nn::FlattenImpl,
      torch::nn::ReLUImpl,
      torch::nn::GELUImpl,
      torch::nn::SigmoidImpl,
      torch::nn::TanhImpl,
      torch::nn::SoftmaxImpl,
      torch::nn::AdaptiveAvgPool2dImpl,
      torch::nn::MaxPool2dImpl>(module, x, y);
  MMENGINE_CHECK_TYPE(
      found,
      module_class_name(module),
      " cannot be called on a tensor: it neither derives from "
      "mmengine::model::TensorModule nor is a supported torch layer");
  return y;
}

}  // namespace mmengine::model
