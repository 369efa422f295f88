#pragma once

#include <ATen/core/Tensor.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/model/base_module.h"
#include "mmengine/model/tensor_module.h"
#include "mmengine/registry/build_args.h"

namespace mmengine::zoo {

/// The two-3x3-conv residual block of ResNet-18/34 (torchvision's
/// `BasicBlock`); children conv1, bn1, conv2, bn2 and, when the shape
/// changes, downsample (0: 1x1 conv, 1: BatchNorm2d).
class MMENGINE_API BasicBlock : public torch::nn::Module {
 public:
  /// Output channels are `planes * kExpansion`.
  static constexpr int64_t kExpansion = 1;

  BasicBlock(int64_t in_planes, int64_t planes, int64_t stride);
  at::Tensor forward(const at::Tensor& x);
  /// The BatchNorm whose weight zero_init_residual sets to 0 (bn2).
  torch::nn::BatchNorm2d last_bn() const {
    return bn2_;
  }

 private:
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr};
  torch::nn::BatchNorm2d bn1_{nullptr}, bn2_{nullptr};
  torch::nn::Sequential downsample_{nullptr};
};

/// The 1x1-3x3-1x1 residual block of ResNet-50/101 (torchvision's
/// `Bottleneck`, stride on the 3x3 conv as in ResNet v1.5); children conv1..3,
/// bn1..3 and optionally downsample.
class MMENGINE_API Bottleneck : public torch::nn::Module {
 public:
  static constexpr int64_t kExpansion = 4;

  Bottleneck(int64_t in_planes, int64_t planes, int64_t stride);
  at::Tensor forward(const at::Tensor& x);
  /// The BatchNorm whose weight zero_init_residual sets to 0 (bn3).
  torch::nn::BatchNorm2d last_bn() const {
    return bn3_;
  }

 private:
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr}, conv3_{nullptr};
  torch::nn::BatchNorm2d bn1_{nullptr}, bn2_{nullptr}, bn3_{nullptr};
  torch::nn::Sequential downsample_{nullptr};
};

/// ResNet-18/34/50/101 with torchvision's parameter and buffer names
/// (conv1.weight, bn1.running_mean, layer1.0.downsample.0.weight, fc.bias, …),
/// so torchvision state dicts load as they are (e.g. with a `Pretrained`
/// init_cfg). Weights start as torchvision initialises them (Kaiming normal
/// fan_out convs, BN weight 1 / bias 0, default Linear).
///
///   auto net = MODELS.build(Value::dict({{"type", "ResNet"}, {"depth", 18},
///                                        {"num_classes", 10}}));
///
/// forward(N x in_channels x H x W) returns logits (N x num_classes), or with
/// num_classes=0 (backbone mode: no `fc`) the pooled features (N x
/// out_channels()). Mirrors `torchvision.models.ResNet`; not mmpretrain's
/// ResNet backbone (different names, multi-stage outputs).
class MMENGINE_API ResNet : public model::BaseModule,
                            public model::TensorModule {
 public:
  struct Options {
    int64_t depth = 50;          ///< 18, 34, 50 or 101
    int64_t num_classes = 1000;  ///< 0: backbone only (no fc)
    int64_t in_channels = 3;
    bool zero_init_residual = false;  ///< last BN of each block starts at 0
    config::Value init_cfg;  ///< BaseModule's init_cfg (None by default)
  };

  /// ValueError for an unsupported depth or non-positive channel counts.
  explicit ResNet(const Options& options);
  /// Config keys: depth (required), num_classes=1000, in_channels=3,
  /// zero_init_residual=False, init_cfg=None.
  static std::shared_ptr<ResNet> from_config(registry::BuildArgs& args);
  /// The keys from_config() reads, with `type='ResNet'`.
  config::Value to_config() const;

  /// Logits, or pooled features when num_classes is 0.
  at::Tensor forward(const at::Tensor& x) override;
  /// The N x C x H/32 x W/32 map of layer4 (before pooling).
  at::Tensor forward_features(const at::Tensor& x);
  /// Channels of the pooled features: 512 (18/34) or 2048 (50/101).
  int64_t out_channels() const noexcept {
    return out_channels_;
  }

 private:
  Options options_;
  int64_t out_channels_ = 0;
  torch::nn::Conv2d conv1_{nullptr};
  torch::nn::BatchNorm2d bn1_{nullptr};
  std::vector<torch::nn::Sequential> layers_;  // layer1..layer4
  torch::nn::Linear fc_{nullptr};
};

}  // namespace mmengine::zoo
