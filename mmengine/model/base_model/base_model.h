#pragma once

#include <ATen/core/Tensor.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/value.h"
#include "mmengine/model/base_model/data_preprocessor.h"
#include "mmengine/model/base_module.h"

namespace mmengine::optim {
class OptimWrapper;
}  // namespace mmengine::optim

namespace mmengine::model {

/// What forward() computes: MMEngine's `mode` string.
enum class ForwardMode { kLoss, kPredict, kTensor };

/// "loss"/"predict"/"tensor" (ValueError otherwise, with MMEngine's
/// downstream wording); and back.
MMENGINE_API ForwardMode parse_forward_mode(std::string_view mode);
MMENGINE_API const char* forward_mode_name(ForwardMode mode);

/// One entry of a loss dict: a tensor, a list of tensors, or any other
/// value (which parse_losses rejects with TypeError, as MMEngine does).
using LossValue =
    std::variant<at::Tensor, std::vector<at::Tensor>, config::Value>;
/// Ordered (name, value) pairs, as the dict forward(kLoss) returns.
using LossDict = std::vector<std::pair<std::string, LossValue>>;
/// Ordered (name, scalar tensor) pairs for logging; "loss" first.
using LogVars = std::vector<std::pair<std::string, at::Tensor>>;
/// forward()'s result: losses (kLoss), data samples with predictions
/// (kPredict) or raw tensors (kTensor).
using ForwardResult =
    std::variant<LossDict, DataSamples, std::vector<at::Tensor>>;

/// The base of trainable models: a data preprocessor, forward() with three
/// modes, parse_losses(), val_step()/test_step(), and callbacks around
/// forward (libtorch modules have no forward hooks).
///
///   struct Net : BaseModel {
///     ForwardResult forward(const BatchInputs& inputs,
///                           const DataSamples& samples,
///                           ForwardMode mode) override { ... }
///   };
///
/// Mirrors `mmengine.model.BaseModel`. Differs: typed forward arguments
/// (DataBatch instead of a dict).
class MMENGINE_API BaseModel : public BaseModule {
 public:
  /// Called before forward with its arguments.
  using ForwardPreHook = std::function<void(
      BaseModel&, const BatchInputs&, const DataSamples&, ForwardMode)>;
  /// Called after forward; may inspect or replace the result.
  using ForwardHook = std::function<void(
      BaseModel&,
      const BatchInputs&,
      const DataSamples&,
      ForwardMode,
      ForwardResult&)>;

  /// `data_preprocessor`: None (BaseDataPreprocessor) or a config dict
  /// built by MODELS (TypeError for other values or a built module that is
  /// not a BaseDataPreprocessor).
  explicit BaseModel(
      const config::Value& data_preprocessor = {}, config::Value init_cfg = {});
  /// With a ready preprocessor (must not be null).
  explicit BaseModel(
      std::shared_ptr<BaseDataPreprocessor> data_preprocessor,
      config::Value init_cfg = {});

  /// The losses, predictions or tensors of a preprocessed batch.
  virtual ForwardResult forward(
      const BatchInputs& inputs,
      const DataSamples& data_samples,
      ForwardMode mode) = 0;
  /// forward() between the pre- and post-forward callbacks (Python's
  /// `model(...)`). Everything in the engine calls the model through it.
  ForwardResult operator()(
      const BatchInputs& inputs,
      const DataSamples& data_samples,
      ForwardMode mode);

  /// Inside optim_wrapper.optim_context(*this): data_preprocessor(data,
  /// true) and forward in kLoss mode; then parse_losses() and
  /// optim_wrapper.update_params(loss). Returns the log vars. TypeError when
  /// forward does not return a loss dict.
  LogVars train_step(const DataBatch& data, optim::OptimWrapper& optim_wrapper);
  /// data_preprocessor(data, false) then forward in kPredict mode; TypeError
  /// when forward does not return data samples.
  DataSamples val_step(const DataBatch& data);
  /// Same as val_step().
  DataSamples test_step(const DataBatch& data);

  /// (total loss, log vars): each entry's mean (lists: sum of means); the
  /// total sums the entries whose name contains "loss"; log vars are
  /// [("loss", total)] + entries as an ordered dict (a "loss" entry keeps
  /// position 0 but its value replaces the total there). TypeError
  /// "<name> is not a tensor or list of tensors".
  static std::pair<at::Tensor, LogVars> parse_losses(const LossDict& losses);

  /// Registers a callback; returns an id for remove_forward_hook().
  int add_forward_pre_hook(ForwardPreHook hook);
  int add_forward_hook(ForwardHook hook);
  /// Removes a pre- or post-forward callback; false when the id is unknown.
  bool remove_forward_hook(int id);

  BaseDataPreprocessor& data_preprocessor() const noexcept {
    return *data_preprocessor_;
  }
  std::vector<std::string> base_class_names() const override {
    return {"BaseModel"};
  }

 private:
  DataSamples predict(const DataBatch& data);

  std::shared_ptr<BaseDataPreprocessor> data_preprocessor_;
  std::map<int, ForwardPreHook> pre_hooks_;
  std::map<int, ForwardHook> post_hooks_;
  int next_hook_id_ = 0;
};

}  // namespace mmengine::model
