#pragma once

#include <ATen/core/Tensor.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/model/base_module.h"
#include "mmengine/model/tensor_module.h"
#include "mmengine/registry/build_args.h"

namespace mmengine::zoo {

/// Batch-first multi-head self-attention with nn.MultiheadAttention's
/// parameters (in_proj_weight, in_proj_bias, out_proj.weight/bias) and its
/// initialisation; computed with scaled_dot_product_attention.
class MMENGINE_API MultiheadSelfAttention : public torch::nn::Module {
 public:
  MultiheadSelfAttention(
      int64_t embed_dim, int64_t num_heads, double attention_dropout);
  /// N x L x embed_dim -> N x L x embed_dim.
  at::Tensor forward(const at::Tensor& x);

 private:
  int64_t num_heads_;
  double attention_dropout_;
  at::Tensor in_proj_weight_, in_proj_bias_;
  torch::nn::Linear out_proj_{nullptr};
};

/// One pre-norm transformer block (torchvision's `EncoderBlock`): ln_1,
/// self_attention, ln_2, mlp (0: Linear, 1: GELU, 2: Dropout, 3: Linear,
/// 4: Dropout).
class MMENGINE_API EncoderBlock : public torch::nn::Module {
 public:
  EncoderBlock(
      int64_t num_heads,
      int64_t hidden_dim,
      int64_t mlp_dim,
      double dropout,
      double attention_dropout);
  at::Tensor forward(const at::Tensor& x);

 private:
  torch::nn::LayerNorm ln_1_{nullptr}, ln_2_{nullptr};
  std::shared_ptr<MultiheadSelfAttention> self_attention_;
  torch::nn::Dropout dropout_{nullptr};
  torch::nn::Sequential mlp_{nullptr};
};

/// The Vision Transformer with torchvision's parameter names (conv_proj,
/// class_token, encoder.pos_embedding, encoder.layers.encoder_layer_0.ln_1,
/// …self_attention.in_proj_weight, …mlp.0, encoder.ln, heads.head), so
/// torchvision state dicts load as they are; initialised as torchvision
/// does.
///
///   MODELS.build(Value::dict({{"type", "VisionTransformer"},
///                             {"arch", "b_16"}, {"num_classes", 10}}));
///
/// forward(N x 3 x S x S) returns logits, or with num_classes=0 (backbone
/// mode: no `heads`) the class token's features (N x hidden_dim). Mirrors
/// `torchvision.models.VisionTransformer` without conv_stem_configs.
class MMENGINE_API VisionTransformer : public model::BaseModule,
                                       public model::TensorModule {
 public:
  struct Options {
    int64_t image_size = 224;
    int64_t patch_size = 16;
    int64_t num_layers = 12;
    int64_t num_heads = 12;
    int64_t hidden_dim = 768;
    int64_t mlp_dim = 3072;
    double dropout = 0.0;
    double attention_dropout = 0.0;
    int64_t num_classes = 1000;  ///< 0: backbone only (no heads)
    std::optional<int64_t> representation_size;  ///< heads.pre_logits + Tanh
    int64_t in_channels = 3;
    config::Value init_cfg;
  };

  /// ValueError when image_size is not a multiple of patch_size, hidden_dim
  /// not of num_heads, or a size is not positive.
  explicit VisionTransformer(const Options& options);
  /// Config keys: arch (optional preset: b_16, b_32, l_16, l_32, h_14,
  /// setting patch_size, num_layers, num_heads, hidden_dim, mlp_dim), those
  /// five (required without arch, overriding it with), image_size=224,
  /// dropout=0, attention_dropout=0, num_classes=1000,
  /// representation_size=None, in_channels=3, init_cfg=None.
  static std::shared_ptr<VisionTransformer> from_config(
      registry::BuildArgs& args);
  /// The keys from_config() reads (without arch), with its type.
  config::Value to_config() const;

  /// Logits, or the class token's features when num_classes is 0.
  at::Tensor forward(const at::Tensor& x) override;
  /// The encoder's output, N x (1 + patches) x hidden_dim.
  at::Tensor forward_features(const at::Tensor& x);
  /// Width of the backbone features: hidden_dim.
  int64_t out_channels() const noexcept {
    return options_.hidden_dim;
  }

 private:
  Options options_;
  torch::nn::Conv2d conv_proj_{nullptr};
  at::Tensor class_token_, pos_embedding_;
  torch::nn::Dropout dropout_{nullptr};
  torch::nn::Sequential layers_{nullptr};
  torch::nn::LayerNorm ln_{nullptr};
  torch::nn::Sequential heads_{nullptr};
};

}  // namespace mmengine::zoo
