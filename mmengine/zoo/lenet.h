#pragma once

#include <ATen/core/Tensor.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

#include <cstdint>
#include <memory>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/model/base_module.h"
#include "mmengine/model/tensor_module.h"
#include "mmengine/registry/build_args.h"

namespace mmengine::zoo {

/// LeNet-5 in its common modern form: conv1 (5x5, 6 maps), 2x2 max pool,
/// conv2 (5x5, 16 maps), 2x2 max pool, fc1 (400 -> 120), fc2 (120 -> 84),
/// fc3 (84 -> num_classes), ReLU after every layer but fc3.
/// `input_size` 32 (the original) or 28 (MNIST; conv1 pads by 2 so both
/// reach 16 x 5 x 5 before fc1).
class MMENGINE_API LeNet : public model::BaseModule,
                           public model::TensorModule {
 public:
  struct Options {
    int64_t in_channels = 1;
    int64_t num_classes = 10;
    int64_t input_size = 32;  ///< 32 or 28 (square inputs)
    config::Value init_cfg;
  };

  /// ValueError for an input_size other than 28/32 or non-positive sizes.
  explicit LeNet(const Options& options);
  /// Config keys: in_channels=1, num_classes=10, input_size=32,
  /// init_cfg=None.
  static std::shared_ptr<LeNet> from_config(registry::BuildArgs& args);
  /// The keys from_config() reads, with `type='LeNet'`.
  config::Value to_config() const;

  /// Logits (N x num_classes) of N x in_channels x input_size x input_size.
  at::Tensor forward(const at::Tensor& x) override;

 private:
  Options options_;
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr};
  torch::nn::Linear fc1_{nullptr}, fc2_{nullptr}, fc3_{nullptr};
};

}  // namespace mmengine::zoo
