#include "mmengine/zoo/resnet.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/pooling.h>
#include <torch/nn/init.h>

#include <array>
#include <string>
#include <utility>

#include "mmengine/utils/error.h"
#include "mmengine/zoo/zoo_impl.h"

namespace mmengine::zoo {
namespace {

namespace F = torch::nn::functional;

torch::nn::Conv2d conv(
    int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel)
                               .stride(stride)
                               .padding(padding)
                               .bias(false));
}

// torchvision's downsample: a strided 1x1 conv and a BatchNorm, named 0 and 1.
torch::nn::Sequential downsample_if_needed(
    int64_t in_planes, int64_t out_planes, int64_t stride) {
  if (stride == 1 && in_planes == out_planes) {
    return torch::nn::Sequential(nullptr);
  }
  return torch::nn::Sequential(
      conv(in_planes, out_planes, 1, stride, 0),
      torch::nn::BatchNorm2d(out_planes));
}

struct DepthSpec {
  bool bottleneck;
  std::array<int64_t, 4> blocks;
};

DepthSpec depth_spec(int64_t depth) {
  switch (depth) {
    case 18:
      return {false, {2, 2, 2, 2}};
    case 34:
      return {false, {3, 4, 6, 3}};
    case 50:
      return {true, {3, 4, 6, 3}};
    case 101:
      return {true, {3, 4, 23, 3}};
    default:
      throw ValueError(::mmengine::detail::concat_message(
          "invalid depth ", depth, " for resnet (expected 18, 34, 50 or 101)"));
  }
}

// Builds layer1..layer4 of `Block`; returns the final channel count.
template <typename Block>
int64_t build_layers(
    torch::nn::Module& net,
    const std::array<int64_t, 4>& blocks,
    bool zero_init_residual,
    std::vector<torch::nn::Sequential>& layers) {
  int64_t in_planes = 64;
  for (size_t stage = 0; stage < blocks.size(); ++stage) {
    const int64_t planes = int64_t{64} << stage;
    torch::nn::Sequential layer;
    for (int64_t i = 0; i < blocks[stage]; ++i) {
      const int64_t stride = (stage > 0 && i == 0) ? 2 : 1;
      auto block = std::make_shared<Block>(in_planes, planes, stride);
      if (zero_init_residual) {
        torch::nn::init::zeros_(block->last_bn()->weight);
      }
      layer->push_back(block);
      in_planes = planes * Block::kExpansion;
    }
    layers.push_back(net.register_module(
        "layer" + std::to_string(stage + 1), std::move(layer)));
  }
  return in_planes;
}

at::Tensor add_residual(
    at::Tensor out, const at::Tensor& x, torch::nn::Sequential& downsample) {
  out += downsample ? downsample->forward(x) : x;
  return F::relu(out);
}

}  // namespace

BasicBlock::BasicBlock(int64_t in_planes, int64_t planes, int64_t stride) {
  conv1_ = register_module("conv1", conv(in_planes, planes, 3, stride, 1));
  bn1_ = register_module("bn1", torch::nn::BatchNorm2d(planes));
  conv2_ = register_module("conv2", conv(planes, planes, 3, 1, 1));
  bn2_ = register_module("bn2", torch::nn::BatchNorm2d(planes));
  downsample_ = downsample_if_needed(in_planes, planes * kExpansion, stride);
  if (downsample_) {
    register_module("downsample", downsample_);
  }
}

at::Tensor BasicBlock::forward(const at::Tensor& x) {
  at::Tensor out = F::relu(bn1_->forward(conv1_->forward(x)));
  out = bn2_->forward(conv2_->forward(out));
  return add_residual(std::move(out), x, downsample_);
}

Bottleneck::Bottleneck(int64_t in_planes, int64_t planes, int64_t stride) {
  conv1_ = register_module("conv1", conv(in_planes, planes, 1, 1, 0));
  bn1_ = register_module("bn1", torch::nn::BatchNorm2d(planes));
  conv2_ = register_module("conv2", conv(planes, planes, 3, stride, 1));
  bn2_ = register_module("bn2", torch::nn::BatchNorm2d(planes));
  conv3_ = register_module("conv3", conv(planes, planes * kExpansion, 1, 1, 0));
  bn3_ = register_module("bn3", torch::nn::BatchNorm2d(planes * kExpansion));
  downsample_ = downsample_if_needed(in_planes, planes * kExpansion, stride);
  if (downsample_) {
    register_module("downsample", downsample_);
  }
}

at::Tensor Bottleneck::forward(const at::Tensor& x) {
  at::Tensor out = F::relu(bn1_->forward(conv1_->forward(x)));
  out = F::relu(bn2_->forward(conv2_->forward(out)));
  out = bn3_->forward(conv3_->forward(out));
  return add_residual(std::move(out), x, downsample_);
}

ResNet::ResNet(const Options& options)
    : model::BaseModule(options.init_cfg), options_(options) {
  const DepthSpec spec = depth_spec(options.depth);
  MMENGINE_CHECK(
      options.in_channels > 0,
      "ResNet: in_channels must be positive, got ",
      options.in_channels);
  MMENGINE_CHECK(
      options.num_classes >= 0,
      "ResNet: num_classes must be >= 0 (0: backbone only), got ",
      options.num_classes);
  conv1_ = register_module("conv1", conv(options.in_channels, 64, 7, 2, 3));
  bn1_ = register_module("bn1", torch::nn::BatchNorm2d(64));
  out_channels_ =
      spec.bottleneck
          ? build_layers<Bottleneck>(
                *this, spec.blocks, options.zero_init_residual, layers_)
          : build_layers<BasicBlock>(
                *this, spec.blocks, options.zero_init_residual, layers_);
  if (options.num_classes > 0) {
    fc_ = register_module(
        "fc", torch::nn::Linear(out_channels_, options.num_classes));
  }
  // torchvision's initialisation: BN affine is already 1/0 (libtorch's
  // default, or 0 for zero_init_residual), fc keeps the default.
  for (auto& module : modules(/*include_self=*/false)) {
    if (auto* c = module->as<torch::nn::Conv2d>()) {
      torch::nn::init::kaiming_normal_(
          c->weight, 0, torch::kFanOut, torch::kReLU);
    }
  }
}

std::shared_ptr<ResNet> ResNet::from_config(registry::BuildArgs& args) {
  Options options;
  options.depth = args.take<int64_t>("depth");
  options.num_classes = args.take<int64_t>("num_classes", 1000);
  options.in_channels = args.take<int64_t>("in_channels", 3);
  options.zero_init_residual = args.take<bool>("zero_init_residual", false);
  options.init_cfg = args.take_value("init_cfg", config::Value());
  return std::make_shared<ResNet>(options);
}

config::Value ResNet::to_config() const {
  return config::Value::dict({
      {"type", "ResNet"},
      {"depth", options_.depth},
      {"num_classes", options_.num_classes},
      {"in_channels", options_.in_channels},
      {"zero_init_residual", options_.zero_init_residual},
      {"init_cfg", options_.init_cfg},
  });
}

at::Tensor ResNet::forward_features(const at::Tensor& x) {
  at::Tensor out = F::relu(bn1_->forward(conv1_->forward(x)));
  out = F::max_pool2d(out, F::MaxPool2dFuncOptions(3).stride(2).padding(1));
  for (auto& layer : layers_) {
    out = layer->forward(out);
  }
  return out;
}

at::Tensor ResNet::forward(const at::Tensor& x) {
  MMENGINE_CHECK(
      x.dim() == 4 && x.size(1) == options_.in_channels,
      "ResNet: expected an N x ",
      options_.in_channels,
      " x H x W input, got shape ",
      detail::shape_str(x));
  at::Tensor out = F::adaptive_avg_pool2d(
      forward_features(x), F::AdaptiveAvgPool2dFuncOptions(1));
  out = out.flatten(1);
  return fc_ ? fc_->forward(out) : out;
}

}  // namespace mmengine::zoo
