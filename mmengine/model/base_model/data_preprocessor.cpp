#include "mmengine/model/base_model/data_preprocessor.h"

#include <ATen/ops/constant_pad_nd.h>
#include <ATen/ops/index_select.h>
#include <ATen/ops/tensor.h>
#include <fmt/format.h>

#include <mutex>
#include <typeinfo>

#include "mmengine/model/utils.h"
#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"

namespace mmengine::model {

namespace {

at::Tensor channel_tensor(const std::vector<double>& values) {
  std::vector<float> floats(values.begin(), values.end());
  return at::tensor(floats).view({-1, 1, 1});
}

void check_channels(
    const std::optional<std::vector<double>>& v, const char* k) {
  MMENGINE_CHECK(
      v->size() == 3 || v->size() == 1,
      "`",
      k,
      "` should have 1 or 3 values, to be compatible with RGB or gray image, "
      "but got ",
      v->size(),
      " values");
}

std::string shape_of(const at::Tensor& t) {
  return fmt::format("torch.Size([{}])", fmt::join(t.sizes(), ", "));
}

}  // namespace

BaseDataPreprocessor::BaseDataPreprocessor(bool non_blocking)
    : non_blocking_(non_blocking) {}

BaseDataPreprocessor::BaseDataPreprocessor(registry::BuildArgs& args)
    : BaseDataPreprocessor(args.take<bool>("non_blocking", false)) {}

at::Tensor BaseDataPreprocessor::cast_data(const at::Tensor& tensor) const {
  // Tensor::to returns the tensor itself when it is already there; asking
  // first saves a dispatch per tensor, which adds up on lists of samples.
  if (!tensor.defined() || tensor.device() == device_) {
    return tensor;
  }
  return tensor.to(device_, non_blocking_);
}

DataBatch BaseDataPreprocessor::cast_data(const DataBatch& data) const {
  DataBatch out;
  if (const auto* tensor = std::get_if<at::Tensor>(&data.inputs)) {
    out.inputs = cast_data(*tensor);
  } else {
    const auto& inputs = std::get<std::vector<at::Tensor>>(data.inputs);
    std::vector<at::Tensor> list;
    list.reserve(inputs.size());
    for (const auto& t : inputs) {
      list.push_back(cast_data(t));
    }
    out.inputs = std::move(list);
  }
  out.data_samples.reserve(data.data_samples.size());
  for (const auto& sample : data.data_samples) {
    // Samples already on the device are passed on as they are: copying
    // every element each iteration is the main cost on small models.
    if (sample == nullptr || on_device(*sample)) {
      out.data_samples.push_back(sample);
      continue;
    }
    out.data_samples.push_back(
        sample->apply([this](const at::Tensor& t) { return cast_data(t); }));
  }
  return out;
}

bool BaseDataPreprocessor::on_device(
    const structures::BaseDataElement& sample) const {
  auto fields_on_device = [this](const structures::FieldList& fields) {
    for (const auto& [name, field] : fields) {
      if (const at::Tensor* t = field.tensor_if()) {
        if (t->defined() && t->device() != device_) {
          return false;
        }
      } else if (
          field.is_element() && field.element() != nullptr &&
          !on_device(*field.element())) {
        return false;
      }
    }
    return true;
  };
  return fields_on_device(sample.items()) &&
         fields_on_device(sample.metainfo_items());
}

DataBatch BaseDataPreprocessor::forward(const DataBatch& data, bool) {
  return cast_data(data);
}

const DataBatch& BaseDataPreprocessor::process(
    const DataBatch& data, bool training, DataBatch& storage) {
  // Only the base class's forward is known to be cast_data: a subclass may
  // change the batch even when everything is on the device.
  if (typeid(*this) == typeid(BaseDataPreprocessor) && on_device(data)) {
    return data;
  }
  storage = forward(data, training);
  return storage;
}

bool BaseDataPreprocessor::on_device(const DataBatch& data) const {
  auto tensor_on_device = [this](const at::Tensor& t) {
    return !t.defined() || t.device() == device_;
  };
  if (const auto* tensor = std::get_if<at::Tensor>(&data.inputs)) {
    if (!tensor_on_device(*tensor)) {
      return false;
    }
  } else {
    for (const auto& t : std::get<std::vector<at::Tensor>>(data.inputs)) {
      if (!tensor_on_device(t)) {
        return false;
      }
    }
  }
  for (const auto& sample : data.data_samples) {
    if (sample != nullptr && !on_device(*sample)) {
      return false;
    }
  }
  return true;
}

void BaseDataPreprocessor::to(
    torch::Device device, torch::Dtype dtype, bool non_blocking) {
  torch::nn::Module::to(device, dtype, non_blocking);
  device_ = device;
  on_device_change();
}

void BaseDataPreprocessor::to(torch::Device device, bool non_blocking) {
  torch::nn::Module::to(device, non_blocking);
  device_ = device;
  on_device_change();
}

ImgDataPreprocessor::ImgDataPreprocessor(
    const ImgDataPreprocessorOptions& options)
    : BaseDataPreprocessor(options.non_blocking),
      channel_conversion_(options.bgr_to_rgb || options.rgb_to_bgr),
      pad_size_divisor_(options.pad_size_divisor),
      pad_value_(options.pad_value) {
  MMENGINE_CHECK(
      !(options.bgr_to_rgb && options.rgb_to_bgr),
      "`bgr2rgb` and `rgb2bgr` cannot be set to True at the same time");
  MMENGINE_CHECK(
      options.mean.has_value() == options.std.has_value(),
      "mean and std should be both None or tuple");
  MMENGINE_CHECK(
      pad_size_divisor_ > 0,
      "pad_size_divisor must be positive, but got ",
      pad_size_divisor_);
  if (options.mean) {
    check_channels(options.mean, "mean");
    check_channels(options.std, "std");
    mean_ = channel_tensor(*options.mean);
    std_ = channel_tensor(*options.std);
  }
}

ImgDataPreprocessor::ImgDataPreprocessor(registry::BuildArgs& args)
    : ImgDataPreprocessor(ImgDataPreprocessorOptions{
          args.take<std::optional<std::vector<double>>>("mean", std::nullopt),
          args.take<std::optional<std::vector<double>>>("std", std::nullopt),
          args.take<int64_t>("pad_size_divisor", 1),
          args.take<double>("pad_value", 0.0),
          args.take<bool>("bgr_to_rgb", false),
          args.take<bool>("rgb_to_bgr", false),
          args.take<bool>("non_blocking", false)}) {}

void ImgDataPreprocessor::on_device_change() {
  if (mean_.defined()) {
    mean_ = mean_.to(device());
    std_ = std_.to(device());
  }
}

at::Tensor ImgDataPreprocessor::process_image(
    at::Tensor image, int64_t channel_dim) const {
  if (channel_conversion_) {
    // MMEngine indexes channels [2, 1, 0] (not a flip: it needs 3+).
    const at::Tensor order =
        at::tensor(std::vector<int64_t>{2, 1, 0}).to(image.device());
    image = image.index_select(channel_dim, order);
  }
  // Float after the flip, as MMEngine (cheaper on uint8).
  image = image.to(at::kFloat);
  if (mean_.defined()) {
    image = (image - mean_) / std_;
  }
  return image;
}

at::Tensor ImgDataPreprocessor::process_list(
    const std::vector<at::Tensor>& images) const {
  std::vector<at::Tensor> out;
  for (const auto& image : images) {
    if (mean_.defined() && mean_.size(0) == 3) {
      MMENGINE_CHECK(
          image.dim() == 3 && image.size(0) == 3,
          "If the mean has 3 values, the input tensor should in shape of "
          "(3, H, W), but got the tensor with shape ",
          shape_of(image));
    }
    out.push_back(process_image(image, 0));
  }
  return stack_batch(out, pad_size_divisor_, pad_value_);
}

at::Tensor ImgDataPreprocessor::process_tensor(const at::Tensor& batch) const {
  MMENGINE_CHECK(
      batch.dim() == 4,
      "The input of `ImgDataPreprocessor` should be a NCHW tensor or a list "
      "of tensor, but got a tensor with shape: ",
      shape_of(batch));
  at::Tensor out = process_image(batch, 1);
  const int64_t h = out.size(2);
  const int64_t w = out.size(3);
  const int64_t d = pad_size_divisor_;
  const int64_t pad_h = (h + d - 1) / d * d - h;
  const int64_t pad_w = (w + d - 1) / d * d - w;
  return at::constant_pad_nd(out, {0, pad_w, 0, pad_h}, pad_value_);
}

DataBatch ImgDataPreprocessor::forward(const DataBatch& data, bool) {
  DataBatch out = cast_data(data);
  if (auto* tensor = std::get_if<at::Tensor>(&out.inputs)) {
    out.inputs = process_tensor(*tensor);
  } else {
    out.inputs = process_list(std::get<std::vector<at::Tensor>>(out.inputs));
  }
  return out;
}

void register_data_preprocessors() {
  static std::once_flag once;
  std::call_once(once, [] {
    const char* where = "mmengine/model/base_model/data_preprocessor";
    registry::register_class<BaseDataPreprocessor>(
        registry::MODELS, "BaseDataPreprocessor", where, "moves batches");
    registry::register_class<ImgDataPreprocessor>(
        registry::MODELS,
        "ImgDataPreprocessor",
        where,
        "normalises, pads and stacks images");
  });
}

}  // namespace mmengine::model
