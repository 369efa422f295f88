#include "mmengine/zoo/mlp.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/linear.h>

#include <utility>

#include "mmengine/utils/error.h"
#include "mmengine/zoo/zoo_impl.h"

namespace mmengine::zoo {
namespace {

torch::nn::AnyModule make_activation(const std::string& name) {
  if (name == "ReLU") {
    return torch::nn::AnyModule(torch::nn::ReLU());
  }
  if (name == "GELU") {
    return torch::nn::AnyModule(torch::nn::GELU());
  }
  if (name == "Tanh") {
    return torch::nn::AnyModule(torch::nn::Tanh());
  }
  MMENGINE_CHECK(
      name == "Sigmoid",
      "MLP: unknown activation '",
      name,
      "' (expected ReLU, GELU, Tanh or Sigmoid)");
  return torch::nn::AnyModule(torch::nn::Sigmoid());
}

}  // namespace

MLP::MLP(const Options& options)
    : model::BaseModule(options.init_cfg), options_(options) {
  MMENGINE_CHECK(
      options.in_channels > 0 && options.num_classes > 0,
      "MLP: in_channels and num_classes must be positive, got ",
      options.in_channels,
      " and ",
      options.num_classes);
  make_activation(options.activation);  // rejects unknown names early
  torch::nn::Sequential layers;
  int64_t width = options.in_channels;
  for (int64_t hidden : options.hidden_channels) {
    MMENGINE_CHECK(
        hidden > 0, "MLP: hidden_channels must be positive, got ", hidden);
    layers->push_back(torch::nn::Linear(width, hidden));
    layers->push_back(make_activation(options.activation));
    width = hidden;
  }
  layers->push_back(torch::nn::Linear(width, options.num_classes));
  layers_ = register_module("layers", std::move(layers));
}

std::shared_ptr<MLP> MLP::from_config(registry::BuildArgs& args) {
  Options options;
  options.in_channels = args.take<int64_t>("in_channels");
  options.hidden_channels =
      args.take<std::vector<int64_t>>("hidden_channels", {});
  options.num_classes = args.take<int64_t>("num_classes");
  options.activation = args.take<std::string>("activation", "ReLU");
  options.init_cfg = args.take_value("init_cfg", config::Value());
  return std::make_shared<MLP>(options);
}

config::Value MLP::to_config() const {
  std::vector<config::Value> hidden(
      options_.hidden_channels.begin(), options_.hidden_channels.end());
  return config::Value::dict({
      {"type", "MLP"},
      {"in_channels", options_.in_channels},
      {"hidden_channels", config::Value::list(std::move(hidden))},
      {"num_classes", options_.num_classes},
      {"activation", options_.activation},
      {"init_cfg", options_.init_cfg},
  });
}

at::Tensor MLP::forward(const at::Tensor& x) {
  MMENGINE_CHECK(
      x.dim() >= 1 && x.numel() == x.size(0) * options_.in_channels,
      "MLP: expected N x ... with ",
      options_.in_channels,
      " values per sample, got shape ",
      detail::shape_str(x));
  return layers_->forward(x.reshape({x.size(0), options_.in_channels}));
}

}  // namespace mmengine::zoo
