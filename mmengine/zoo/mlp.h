#pragma once

#include <ATen/core/Tensor.h>
#include <torch/nn/modules/container/sequential.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/model/base_module.h"
#include "mmengine/model/tensor_module.h"
#include "mmengine/registry/build_args.h"

namespace mmengine::zoo {

/// A multi-layer perceptron: Linear, activation, …, Linear, in one
/// Sequential called `layers`, so parameters are named like Python's
/// `nn.Sequential(nn.Linear, nn.ReLU, nn.Linear)`: layers.0.weight,
/// layers.2.weight, … (activations take the odd indices).
///
///   MODELS.build(Value::dict({{"type", "MLP"}, {"in_channels", 64},
///                             {"hidden_channels", Value::list({32})},
///                             {"num_classes", 10}}));
///
/// forward() flattens N x ... to N x in_channels and returns logits.
class MMENGINE_API MLP : public model::BaseModule, public model::TensorModule {
 public:
  struct Options {
    int64_t in_channels = 0;
    std::vector<int64_t> hidden_channels;  ///< may be empty (one Linear)
    int64_t num_classes = 0;
    std::string activation = "ReLU";  ///< ReLU, GELU, Tanh or Sigmoid
    config::Value init_cfg;
  };

  /// ValueError for non-positive sizes or an unknown activation.
  explicit MLP(const Options& options);
  /// Config keys: in_channels, num_classes (required), hidden_channels=[],
  /// activation='ReLU', init_cfg=None.
  static std::shared_ptr<MLP> from_config(registry::BuildArgs& args);
  /// The keys from_config() reads, with `type='MLP'`.
  config::Value to_config() const;

  /// Logits (N x num_classes); ValueError when the flattened size is not
  /// in_channels.
  at::Tensor forward(const at::Tensor& x) override;

 private:
  Options options_;
  torch::nn::Sequential layers_{nullptr};
};

}  // namespace mmengine::zoo
