#include "mmengine/model/base_model/base_model.h"

#include <ATen/ops/scalar_tensor.h>

#include <cstddef>

#include "mmengine/optim/optimizer/optim_wrapper.h"
#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"

namespace mmengine::model {

namespace {

std::shared_ptr<BaseDataPreprocessor> build_preprocessor(
    const config::Value& cfg) {
  if (cfg.is_none()) {
    return std::make_shared<BaseDataPreprocessor>();
  }
  MMENGINE_CHECK_TYPE(
      cfg.is_dict(),
      "data_preprocessor should be a `dict` or `nn.Module` instance, but got ",
      cfg.type_name());
  register_data_preprocessors();
  registry::BuildOptions options;
  options.path = "data_preprocessor";
  auto module = registry::MODELS.build(cfg, options);
  auto preprocessor = std::dynamic_pointer_cast<BaseDataPreprocessor>(module);
  MMENGINE_CHECK_TYPE(
      preprocessor != nullptr,
      "data_preprocessor: ",
      cfg["type"].as<std::string>(),
      " is not a BaseDataPreprocessor");
  return preprocessor;
}

// The mean of a loss entry (sum of means for a list).
at::Tensor reduce_loss(const std::string& name, const LossValue& value) {
  if (const auto* tensor = std::get_if<at::Tensor>(&value)) {
    // mean() of a floating 0-dim tensor is the tensor's value: skip the op
    // (and its autograd node) on the per-iteration path.
    if (tensor->dim() == 0 && tensor->is_floating_point()) {
      return *tensor;
    }
    return tensor->mean();
  }
  const auto* list = std::get_if<std::vector<at::Tensor>>(&value);
  MMENGINE_CHECK_TYPE(
      list != nullptr, name, " is not a tensor or list of tensors");
  // Python's sum() starts from 0.
  at::Tensor total = at::scalar_tensor(0);
  for (size_t i = 0; i < list->size(); ++i) {
    total = i == 0 ? (*list)[i].mean() : total.add((*list)[i].mean());
  }
  return total;
}

// OrderedDict semantics over vars[first..]: a repeated key keeps its first
// position.
void set_ordered(
    LogVars& vars,
    const std::string& key,
    at::Tensor value,
    std::size_t first = 0) {
  for (std::size_t i = first; i < vars.size(); ++i) {
    if (vars[i].first == key) {
      vars[i].second = std::move(value);
      return;
    }
  }
  vars.emplace_back(key, std::move(value));
}

}  // namespace

ForwardMode parse_forward_mode(std::string_view mode) {
  if (mode == "loss") {
    return ForwardMode::kLoss;
  }
  if (mode == "predict") {
    return ForwardMode::kPredict;
  }
  MMENGINE_CHECK(
      mode == "tensor",
      "Invalid mode \"",
      mode,
      "\". Only supports loss, predict and tensor mode");
  return ForwardMode::kTensor;
}

const char* forward_mode_name(ForwardMode mode) {
  switch (mode) {
    case ForwardMode::kLoss:
      return "loss";
    case ForwardMode::kPredict:
      return "predict";
    case ForwardMode::kTensor:
      return "tensor";
  }
  return "tensor";
}

BaseModel::BaseModel(
    const config::Value& data_preprocessor, config::Value init_cfg)
    : BaseModel(build_preprocessor(data_preprocessor), std::move(init_cfg)) {}

BaseModel::BaseModel(
    std::shared_ptr<BaseDataPreprocessor> data_preprocessor,
    config::Value init_cfg)
    : BaseModule(std::move(init_cfg)),
      data_preprocessor_(std::move(data_preprocessor)) {
  MMENGINE_CHECK_TYPE(
      data_preprocessor_ != nullptr, "data_preprocessor must not be null");
  register_module("data_preprocessor", data_preprocessor_);
}

ForwardResult BaseModel::operator()(
    const BatchInputs& inputs,
    const DataSamples& data_samples,
    ForwardMode mode) {
  for (const auto& [id, hook] : pre_hooks_) {
    hook(*this, inputs, data_samples, mode);
  }
  ForwardResult result = forward(inputs, data_samples, mode);
  for (const auto& [id, hook] : post_hooks_) {
    hook(*this, inputs, data_samples, mode, result);
  }
  return result;
}

DataSamples BaseModel::predict(const DataBatch& data) {
  DataBatch storage;
  const DataBatch& batch = data_preprocessor_->process(data, false, storage);
  ForwardResult result =
      (*this)(batch.inputs, batch.data_samples, ForwardMode::kPredict);
  auto* samples = std::get_if<DataSamples>(&result);
  MMENGINE_CHECK_TYPE(
      samples != nullptr,
      "[",
      class_name(),
      "] forward(mode='predict') should return data samples, but got ",
      result.index() == 0 ? "a loss dict" : "tensors");
  return std::move(*samples);
}

LogVars BaseModel::train_step(
    const DataBatch& data, optim::OptimWrapper& optim_wrapper) {
  LossDict losses;
  {
    optim::OptimContext context = optim_wrapper.optim_context(*this);
    DataBatch storage;
    const DataBatch& batch = data_preprocessor_->process(data, true, storage);
    ForwardResult result =
        (*this)(batch.inputs, batch.data_samples, ForwardMode::kLoss);
    auto* loss_dict = std::get_if<LossDict>(&result);
    MMENGINE_CHECK_TYPE(
        loss_dict != nullptr,
        "[",
        class_name(),
        "] forward(mode='loss') should return a loss dict, but got ",
        result.index() == 1 ? "data samples" : "tensors");
    losses = std::move(*loss_dict);
  }
  auto [loss, log_vars] = parse_losses(losses);
  optim_wrapper.update_params(loss);
  return std::move(log_vars);
}

DataSamples BaseModel::val_step(const DataBatch& data) {
  return predict(data);
}

DataSamples BaseModel::test_step(const DataBatch& data) {
  return predict(data);
}

std::pair<at::Tensor, LogVars> BaseModel::parse_losses(const LossDict& losses) {
  // MMEngine: entries (reduced, ordered), total = sum of the entries whose
  // name contains "loss", then OrderedDict([("loss", total), *entries]).
  // The entries are built behind the slot of the total.
  LogVars log_vars;
  log_vars.reserve(losses.size() + 1);
  log_vars.emplace_back("loss", at::Tensor());
  for (const auto& [name, value] : losses) {
    set_ordered(log_vars, name, reduce_loss(name, value), /*first=*/1);
  }
  at::Tensor loss;
  for (std::size_t i = 1; i < log_vars.size(); ++i) {
    const auto& [name, value] = log_vars[i];
    if (name.find("loss") != std::string::npos) {
      loss = loss.defined() ? loss.add(value) : value;
    }
  }
  if (!loss.defined()) {
    loss = at::scalar_tensor(0);
  }
  log_vars.front().second = loss;
  // An entry named "loss" takes the first place with its own value, as in
  // the OrderedDict.
  for (std::size_t i = 1; i < log_vars.size(); ++i) {
    if (log_vars[i].first == "loss") {
      log_vars.front().second = std::move(log_vars[i].second);
      log_vars.erase(log_vars.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
  }
  return {loss, std::move(log_vars)};
}

int BaseModel::add_forward_pre_hook(ForwardPreHook hook) {
  pre_hooks_.emplace(next_hook_id_, std::move(hook));
  return next_hook_id_++;
}

int BaseModel::add_forward_hook(ForwardHook hook) {
  post_hooks_.emplace(next_hook_id_, std::move(hook));
  return next_hook_id_++;
}

bool BaseModel::remove_forward_hook(int id) {
  return pre_hooks_.erase(id) + post_hooks_.erase(id) > 0;
}

}  // namespace mmengine::model
