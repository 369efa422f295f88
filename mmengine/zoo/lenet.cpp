#include "mmengine/zoo/lenet.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/pooling.h>

#include "mmengine/utils/error.h"
#include "mmengine/zoo/zoo_impl.h"

namespace mmengine::zoo {

namespace F = torch::nn::functional;

LeNet::LeNet(const Options& options)
    : model::BaseModule(options.init_cfg), options_(options) {
  MMENGINE_CHECK(
      options.input_size == 32 || options.input_size == 28,
      "LeNet: input_size must be 32 or 28, got ",
      options.input_size);
  MMENGINE_CHECK(
      options.in_channels > 0 && options.num_classes > 0,
      "LeNet: in_channels and num_classes must be positive, got ",
      options.in_channels,
      " and ",
      options.num_classes);
  const int64_t padding = (32 - options.input_size) / 2;
  conv1_ = register_module(
      "conv1",
      torch::nn::Conv2d(torch::nn::Conv2dOptions(options.in_channels, 6, 5)
                            .padding(padding)));
  conv2_ = register_module("conv2", torch::nn::Conv2d(6, 16, 5));
  fc1_ = register_module("fc1", torch::nn::Linear(16 * 5 * 5, 120));
  fc2_ = register_module("fc2", torch::nn::Linear(120, 84));
  fc3_ = register_module("fc3", torch::nn::Linear(84, options.num_classes));
}

std::shared_ptr<LeNet> LeNet::from_config(registry::BuildArgs& args) {
  Options options;
  options.in_channels = args.take<int64_t>("in_channels", 1);
  options.num_classes = args.take<int64_t>("num_classes", 10);
  options.input_size = args.take<int64_t>("input_size", 32);
  options.init_cfg = args.take_value("init_cfg", config::Value());
  return std::make_shared<LeNet>(options);
}

config::Value LeNet::to_config() const {
  return config::Value::dict({
      {"type", "LeNet"},
      {"in_channels", options_.in_channels},
      {"num_classes", options_.num_classes},
      {"input_size", options_.input_size},
      {"init_cfg", options_.init_cfg},
  });
}

at::Tensor LeNet::forward(const at::Tensor& x) {
  const int64_t size = options_.input_size;
  MMENGINE_CHECK(
      x.dim() == 4 && x.size(1) == options_.in_channels && x.size(2) == size &&
          x.size(3) == size,
      "LeNet: expected N x ",
      options_.in_channels,
      " x ",
      size,
      " x ",
      size,
      " input, got shape ",
      detail::shape_str(x));
  at::Tensor out =
      F::max_pool2d(F::relu(conv1_->forward(x)), F::MaxPool2dFuncOptions(2));
  out =
      F::max_pool2d(F::relu(conv2_->forward(out)), F::MaxPool2dFuncOptions(2));
  out = F::relu(fc1_->forward(out.flatten(1)));
  out = F::relu(fc2_->forward(out));
  return fc3_->forward(out);
}

}  // namespace mmengine::zoo
