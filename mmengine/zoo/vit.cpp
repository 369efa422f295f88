#include "mmengine/zoo/vit.h"

#include <ATen/ops/cat.h>
#include <ATen/ops/linear.h>
#include <ATen/ops/scaled_dot_product_attention.h>
#include <ATen/ops/zeros.h>
#include <torch/nn/init.h>
#include <torch/nn/modules/activation.h>

#include <cmath>
#include <map>
#include <string>
#include <utility>

#include "mmengine/model/weight_init.h"
#include "mmengine/utils/error.h"
#include "mmengine/zoo/zoo_impl.h"

namespace mmengine::zoo {
namespace {

namespace init = torch::nn::init;

torch::nn::LayerNorm layer_norm(int64_t dim) {
  return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(1e-6));
}

// torchvision's MLPBlock: Linear, GELU, Dropout, Linear, Dropout; Xavier
// uniform weights, N(0, 1e-6) biases.
torch::nn::Sequential mlp_block(int64_t dim, int64_t mlp_dim, double dropout) {
  torch::nn::Linear fc1(dim, mlp_dim), fc2(mlp_dim, dim);
  for (auto* fc : {&fc1, &fc2}) {
    init::xavier_uniform_((*fc)->weight);
    init::normal_((*fc)->bias, 0.0, 1e-6);
  }
  return torch::nn::Sequential(
      fc1,
      torch::nn::GELU(),
      torch::nn::Dropout(dropout),
      fc2,
      torch::nn::Dropout(dropout));
}

struct Arch {
  int64_t patch_size, num_layers, num_heads, hidden_dim, mlp_dim;
};

// torchvision's vit_b_16 … vit_h_14.
const std::map<std::string, Arch>& arch_presets() {
  static const std::map<std::string, Arch> presets = {
      {"b_16", {16, 12, 12, 768, 3072}},
      {"b_32", {32, 12, 12, 768, 3072}},
      {"l_16", {16, 24, 16, 1024, 4096}},
      {"l_32", {32, 24, 16, 1024, 4096}},
      {"h_14", {14, 32, 16, 1280, 5120}},
  };
  return presets;
}

void check_options(const VisionTransformer::Options& o) {
  for (auto [name, value] :
       {std::pair{"image_size", o.image_size},
        {"patch_size", o.patch_size},
        {"num_layers", o.num_layers},
        {"num_heads", o.num_heads},
        {"hidden_dim", o.hidden_dim},
        {"mlp_dim", o.mlp_dim},
        {"in_channels", o.in_channels}}) {
    MMENGINE_CHECK(
        value > 0,
        "VisionTransformer: ",
        name,
        " must be positive, got ",
        value);
  }
  MMENGINE_CHECK(
      o.image_size % o.patch_size == 0,
      "VisionTransformer: Input shape indivisible by patch size! (image_size ",
      o.image_size,
      ", patch_size ",
      o.patch_size,
      ")");
  MMENGINE_CHECK(
      o.hidden_dim % o.num_heads == 0,
      "VisionTransformer: embed_dim must be divisible by num_heads "
      "(hidden_dim ",
      o.hidden_dim,
      ", num_heads ",
      o.num_heads,
      ")");
  MMENGINE_CHECK(
      o.num_classes >= 0,
      "VisionTransformer: num_classes must be >= 0 (0: backbone only), got ",
      o.num_classes);
}

}  // namespace

MultiheadSelfAttention::MultiheadSelfAttention(
    int64_t embed_dim, int64_t num_heads, double attention_dropout)
    : num_heads_(num_heads), attention_dropout_(attention_dropout) {
  in_proj_weight_ = register_parameter(
      "in_proj_weight", at::zeros({3 * embed_dim, embed_dim}));
  in_proj_bias_ =
      register_parameter("in_proj_bias", at::zeros({3 * embed_dim}));
  out_proj_ =
      register_module("out_proj", torch::nn::Linear(embed_dim, embed_dim));
  // nn.MultiheadAttention._reset_parameters.
  init::xavier_uniform_(in_proj_weight_);
  init::zeros_(out_proj_->bias);
}

at::Tensor MultiheadSelfAttention::forward(const at::Tensor& x) {
  const int64_t n = x.size(0), len = x.size(1), dim = x.size(2);
  // N x L x 3E -> 3 x N x heads x L x head_dim.
  at::Tensor qkv = at::linear(x, in_proj_weight_, in_proj_bias_)
                       .view({n, len, 3, num_heads_, dim / num_heads_})
                       .permute({2, 0, 3, 1, 4});
  at::Tensor out = at::scaled_dot_product_attention(
      qkv[0], qkv[1], qkv[2], {}, is_training() ? attention_dropout_ : 0.0);
  return out_proj_->forward(out.transpose(1, 2).reshape({n, len, dim}));
}

EncoderBlock::EncoderBlock(
    int64_t num_heads,
    int64_t hidden_dim,
    int64_t mlp_dim,
    double dropout,
    double attention_dropout) {
  ln_1_ = register_module("ln_1", layer_norm(hidden_dim));
  self_attention_ = register_module(
      "self_attention",
      std::make_shared<MultiheadSelfAttention>(
          hidden_dim, num_heads, attention_dropout));
  dropout_ = register_module("dropout", torch::nn::Dropout(dropout));
  ln_2_ = register_module("ln_2", layer_norm(hidden_dim));
  mlp_ = register_module("mlp", mlp_block(hidden_dim, mlp_dim, dropout));
}

at::Tensor EncoderBlock::forward(const at::Tensor& input) {
  at::Tensor x =
      dropout_->forward(self_attention_->forward(ln_1_->forward(input)));
  x = x + input;
  return x + mlp_->forward(ln_2_->forward(x));
}

VisionTransformer::VisionTransformer(const Options& options)
    : model::BaseModule(options.init_cfg), options_(options) {
  check_options(options);
  const Options& o = options_;
  // Python registers class_token before its children.
  class_token_ =
      register_parameter("class_token", at::zeros({1, 1, o.hidden_dim}));
  conv_proj_ = register_module(
      "conv_proj",
      torch::nn::Conv2d(
          torch::nn::Conv2dOptions(o.in_channels, o.hidden_dim, o.patch_size)
              .stride(o.patch_size)));
  const double fan_in =
      static_cast<double>(o.in_channels * o.patch_size * o.patch_size);
  model::trunc_normal_(conv_proj_->weight, 0, std::sqrt(1 / fan_in), -2, 2);
  init::zeros_(conv_proj_->bias);

  const int64_t patches =
      (o.image_size / o.patch_size) * (o.image_size / o.patch_size);
  auto encoder = register_module(
      "encoder", std::make_shared<torch::nn::Module>("Encoder"));
  pos_embedding_ = encoder->register_parameter(
      "pos_embedding", at::zeros({1, patches + 1, o.hidden_dim}));
  init::normal_(pos_embedding_, 0.0, 0.02);
  dropout_ = encoder->register_module("dropout", torch::nn::Dropout(o.dropout));
  layers_ = encoder->register_module("layers", torch::nn::Sequential());
  for (int64_t i = 0; i < o.num_layers; ++i) {
    layers_->push_back(
        "encoder_layer_" + std::to_string(i),
        std::make_shared<EncoderBlock>(
            o.num_heads,
            o.hidden_dim,
            o.mlp_dim,
            o.dropout,
            o.attention_dropout));
  }
  ln_ = encoder->register_module("ln", layer_norm(o.hidden_dim));
  if (o.num_classes > 0) {
    heads_ = register_module("heads", torch::nn::Sequential());
    int64_t width = o.hidden_dim;
    if (o.representation_size) {
      torch::nn::Linear pre_logits(width, *o.representation_size);
      model::trunc_normal_(
          pre_logits->weight,
          0,
          std::sqrt(1.0 / static_cast<double>(width)),
          -2,
          2);
      init::zeros_(pre_logits->bias);
      heads_->push_back("pre_logits", pre_logits);
      heads_->push_back("act", torch::nn::Tanh());
      width = *o.representation_size;
    }
    torch::nn::Linear head(width, o.num_classes);
    init::zeros_(head->weight);
    init::zeros_(head->bias);
    heads_->push_back("head", head);
  }
}

std::shared_ptr<VisionTransformer> VisionTransformer::from_config(
    registry::BuildArgs& args) {
  Options o;
  if (args.has("arch")) {
    const auto name = args.take<std::string>("arch");
    auto it = arch_presets().find(name);
    MMENGINE_CHECK_KEY(
        it != arch_presets().end(),
        args.where(),
        ": unknown arch '",
        name,
        "' (expected b_16, b_32, l_16, l_32 or h_14)");
    o.patch_size = it->second.patch_size;
    o.num_layers = it->second.num_layers;
    o.num_heads = it->second.num_heads;
    o.hidden_dim = it->second.hidden_dim;
    o.mlp_dim = it->second.mlp_dim;
    o.patch_size = args.take<int64_t>("patch_size", o.patch_size);
    o.num_layers = args.take<int64_t>("num_layers", o.num_layers);
    o.num_heads = args.take<int64_t>("num_heads", o.num_heads);
    o.hidden_dim = args.take<int64_t>("hidden_dim", o.hidden_dim);
    o.mlp_dim = args.take<int64_t>("mlp_dim", o.mlp_dim);
  } else {
    o.patch_size = args.take<int64_t>("patch_size");
    o.num_layers = args.take<int64_t>("num_layers");
    o.num_heads = args.take<int64_t>("num_heads");
    o.hidden_dim = args.take<int64_t>("hidden_dim");
    o.mlp_dim = args.take<int64_t>("mlp_dim");
  }
  o.image_size = args.take<int64_t>("image_size", 224);
  o.dropout = args.take<double>("dropout", 0.0);
  o.attention_dropout = args.take<double>("attention_dropout", 0.0);
  o.num_classes = args.take<int64_t>("num_classes", 1000);
  const config::Value rep =
      args.take_value("representation_size", config::Value());
  if (!rep.is_none()) {
    o.representation_size = rep.as<int64_t>();
  }
  o.in_channels = args.take<int64_t>("in_channels", 3);
  o.init_cfg = args.take_value("init_cfg", config::Value());
  return std::make_shared<VisionTransformer>(o);
}

config::Value VisionTransformer::to_config() const {
  const Options& o = options_;
  return config::Value::dict({
      {"type", "VisionTransformer"},
      {"image_size", o.image_size},
      {"patch_size", o.patch_size},
      {"num_layers", o.num_layers},
      {"num_heads", o.num_heads},
      {"hidden_dim", o.hidden_dim},
      {"mlp_dim", o.mlp_dim},
      {"dropout", o.dropout},
      {"attention_dropout", o.attention_dropout},
      {"num_classes", o.num_classes},
      {"representation_size",
       o.representation_size ? config::Value(*o.representation_size)
                             : config::Value()},
      {"in_channels", o.in_channels},
      {"init_cfg", o.init_cfg},
  });
}

at::Tensor VisionTransformer::forward_features(const at::Tensor& x) {
  const Options& o = options_;
  MMENGINE_CHECK(
      x.dim() == 4 && x.size(1) == o.in_channels && x.size(2) == o.image_size &&
          x.size(3) == o.image_size,
      "VisionTransformer: expected an N x ",
      o.in_channels,
      " x ",
      o.image_size,
      " x ",
      o.image_size,
      " input, got shape ",
      detail::shape_str(x));
  const int64_t n = x.size(0);
  at::Tensor tokens = conv_proj_->forward(x).flatten(2).transpose(1, 2);
  tokens = at::cat({class_token_.expand({n, -1, -1}), tokens}, 1);
  tokens = dropout_->forward(tokens + pos_embedding_);
  return ln_->forward(layers_->forward(tokens));
}

at::Tensor VisionTransformer::forward(const at::Tensor& x) {
  at::Tensor cls = forward_features(x).select(1, 0);
  return heads_ ? heads_->forward(cls) : cls;
}

}  // namespace mmengine::zoo
