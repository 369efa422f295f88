#pragma once

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <torch/nn/module.h>

#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/registry/build_args.h"
#include "mmengine/structures/base_data_element.h"

namespace mmengine::model {

/// The inputs of a batch: one stacked tensor (after ImgDataPreprocessor or
/// default_collate) or one tensor per sample (after pseudo_collate).
using BatchInputs = std::variant<at::Tensor, std::vector<at::Tensor>>;
/// The data samples of a batch (MMEngine's `data_samples` list; empty for
/// None).
using DataSamples = std::vector<std::shared_ptr<structures::BaseDataElement>>;

/// What the data loader yields and forward() consumes: MMEngine's
/// `dict(inputs=..., data_samples=...)`. Differs in holding exactly these
/// two keys.
struct DataBatch {
  BatchInputs inputs;
  DataSamples data_samples;
};

/// Moves a batch to the model's device. Mirrors
/// `mmengine.model.BaseDataPreprocessor` (registered in MODELS); its device
/// follows `to(device)` of the model that owns it.
class MMENGINE_API BaseDataPreprocessor : public torch::nn::Module {
 public:
  explicit BaseDataPreprocessor(bool non_blocking = false);
  /// Config keys: `non_blocking` (default False).
  explicit BaseDataPreprocessor(registry::BuildArgs& args);

  /// Tensors and data samples copied to device() (samples as new elements).
  /// True when every tensor of `sample` (nested ones too) is on device().
  bool on_device(const structures::BaseDataElement& sample) const;
  /// True when every tensor of the batch (inputs and samples) is on device().
  bool on_device(const DataBatch& data) const;
  DataBatch cast_data(const DataBatch& data) const;
  at::Tensor cast_data(const at::Tensor& tensor) const;
  /// cast_data(data); subclasses add normalisation, padding, augmentation
  /// (`training` enables training-time behaviour).
  virtual DataBatch forward(const DataBatch& data, bool training = false);
  /// What the model steps use: forward(data, training) stored in `storage`,
  /// or `data` itself when forward would return the same tensors and
  /// samples (a plain BaseDataPreprocessor and every tensor already on
  /// device()), which spares copying the batch every iteration.
  const DataBatch& process(
      const DataBatch& data, bool training, DataBatch& storage);

  /// The device batches are moved to (CPU until `to(device)`).
  const c10::Device& device() const noexcept {
    return device_;
  }
  bool non_blocking() const noexcept {
    return non_blocking_;
  }

  using torch::nn::Module::to;
  void to(torch::Device device, torch::Dtype dtype, bool non_blocking = false)
      override;
  void to(torch::Device device, bool non_blocking = false) override;

 protected:
  /// Called when the device changes (move non-persistent tensors here).
  virtual void on_device_change() {}

 private:
  bool non_blocking_;
  c10::Device device_{c10::kCPU};
};

/// Options of ImgDataPreprocessor (MMEngine's keyword arguments).
struct ImgDataPreprocessorOptions {
  /// Per-channel mean/std (1 or 3 values), both set or both unset.
  std::optional<std::vector<double>> mean;
  std::optional<std::vector<double>> std;
  int64_t pad_size_divisor = 1;
  double pad_value = 0;
  bool bgr_to_rgb = false;
  bool rgb_to_bgr = false;
  bool non_blocking = false;
};

/// Normalises, converts BGR/RGB, pads and stacks image batches. Mirrors
/// `mmengine.model.ImgDataPreprocessor` (registered in MODELS): channels
/// are flipped before normalisation, inputs become float32; a list of CHW
/// images is stacked with stack_batch, an NCHW tensor is padded
/// right/bottom. Differs: mean/std are plain members (libtorch has no
/// non-persistent buffers), so they are not in the state dict, as in
/// MMEngine.
class MMENGINE_API ImgDataPreprocessor : public BaseDataPreprocessor {
 public:
  /// ValueError (MMEngine's assertion texts) for both conversions, only
  /// one of mean/std, or mean/std not of 1 or 3 values.
  explicit ImgDataPreprocessor(const ImgDataPreprocessorOptions& options = {});
  /// Config keys as the options' field names.
  explicit ImgDataPreprocessor(registry::BuildArgs& args);

  DataBatch forward(const DataBatch& data, bool training = false) override;

  /// (C, 1, 1) float tensors; undefined when normalisation is off.
  const at::Tensor& mean() const noexcept {
    return mean_;
  }
  const at::Tensor& std() const noexcept {
    return std_;
  }

 protected:
  void on_device_change() override;

 private:
  at::Tensor process_image(at::Tensor image, int64_t channel_dim) const;
  at::Tensor process_list(const std::vector<at::Tensor>& images) const;
  at::Tensor process_tensor(const at::Tensor& batch) const;

  at::Tensor mean_;
  at::Tensor std_;
  bool channel_conversion_;
  int64_t pad_size_divisor_;
  double pad_value_;
};

/// Registers BaseDataPreprocessor and ImgDataPreprocessor in MODELS.
/// Idempotent; BaseModel calls it before building a preprocessor config.
MMENGINE_API void register_data_preprocessors();

}  // namespace mmengine::model
