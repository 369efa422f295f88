#include "mmengine/hooks/ema_hook.h"

#include <torch/csrc/autograd/grad_mode.h>
#include <torch/nn/module.h>

#include <map>
#include <vector>

#include "mmengine/logging/logger.h"
#include "mmengine/model/averaged_model.h"
#include "mmengine/model/base_model/base_model.h"
#include "mmengine/registry/root.h"
#include "mmengine/runner/checkpoint.h"
#include "mmengine/runner/runner.h"
#include "mmengine/utils/error.h"

namespace mmengine::hooks {
namespace {

using config::Value;
using structures::Tree;

// Parameters then (with `buffers`) buffers, in module order, as
// itertools.chain(module.parameters(), module.buffers()).
std::vector<at::Tensor> tensors_of(const torch::nn::Module& m, bool buffers) {
  std::vector<at::Tensor> out = m.parameters();
  if (buffers) {
    for (const auto& b : m.buffers()) {
      out.push_back(b);
    }
  }
  return out;
}

// The swap of `_swap_ema_state_dict`: each `module.<k>` entry of the EMA
// state dict trades places with `state_dict[<k>]`.
void swap_ema_state_dict(Tree& checkpoint) {
  Tree& model_state = checkpoint["state_dict"];
  Tree& ema_state = checkpoint["ema_state_dict"];
  for (const auto& [key, value] : ema_state.items()) {
    const std::string k = key.to_string();
    if (k.rfind("module.", 0) != 0) {
      continue;
    }
    Tree* src = model_state.find(k.substr(7));
    MMENGINE_CHECK_KEY(
        src != nullptr,
        "[EMAHook] '",
        k.substr(7),
        "' of ema_state_dict is not in the checkpoint's state_dict");
    ema_state[key] = *src;
    *src = value;
  }
}

}  // namespace

EMAHook::EMAHook(registry::BuildArgs& args)
    : strict_load_(args.take<bool>("strict_load", false)),
      begin_iter_(args.take<std::int64_t>("begin_iter", 0)),
      begin_epoch_(args.take<std::int64_t>("begin_epoch", 0)) {
  ema_cfg_ = Value::dict(
      {{"type",
        args.take<std::string>("ema_type", "ExponentialMovingAverage")}});
  for (const auto& [key, value] : args.cfg().items()) {
    const std::string k = key.to_string();
    if (k != "ema_type" && k != "strict_load" && k != "begin_iter" &&
        k != "begin_epoch") {
      ema_cfg_.set(key, value);
    }
  }
  args.take_all();
  MMENGINE_CHECK(
      !(begin_iter_ != 0 && begin_epoch_ != 0),
      "`begin_iter` and `begin_epoch` should not be both set.");
  MMENGINE_CHECK(
      begin_iter_ >= 0,
      "`begin_iter` must larger than or equal to 0, but got begin_iter: ",
      begin_iter_);
  MMENGINE_CHECK(
      begin_epoch_ >= 0,
      "`begin_epoch` must larger than or equal to 0, but got begin_epoch: ",
      begin_epoch_);
  enabled_by_epoch_ = begin_epoch_ > 0;
}

EMAHook::~EMAHook() = default;

void EMAHook::before_run(Runner& runner) {
  model::register_averaged_models();
  src_model_ = runner.model().shared_from_this();
  registry::RuntimeArgs runtime;
  runtime.set("model", src_model_);
  registry::BuildOptions options;
  options.runtime = &runtime;
  options.path = "custom_hooks (EMAHook)";
  auto built = registry::MODELS.build(ema_cfg_, options);
  ema_model_ = std::dynamic_pointer_cast<model::BaseAveragedModel>(built);
  MMENGINE_CHECK_TYPE(
      ema_model_ != nullptr,
      "[EMAHook] ema_type '",
      ema_cfg_["type"].as<std::string>(),
      "' is not a BaseAveragedModel (it built a ",
      built->name(),
      ")");
}

void EMAHook::before_train(Runner& runner) {
  if (enabled_by_epoch_) {
    MMENGINE_CHECK(
        begin_epoch_ <= runner.max_epochs(),
        "self.begin_epoch should be smaller than or equal to "
        "runner.max_epochs: ",
        runner.max_epochs(),
        ", but got begin_epoch: ",
        begin_epoch_);
  } else {
    MMENGINE_CHECK(
        begin_iter_ <= runner.max_iters(),
        "self.begin_iter should be smaller than or equal to "
        "runner.max_iters: ",
        runner.max_iters(),
        ", but got begin_iter: ",
        begin_iter_);
  }
}

void EMAHook::after_train_iter(
    Runner& runner, std::int64_t, const DataBatch*, const model::LogVars*) {
  if (ema_started(runner)) {
    ema_model_->update_parameters(*src_model_);
    return;
  }
  std::map<std::string, at::Tensor> src;
  for (const auto& p : src_model_->named_parameters()) {
    src.emplace(p.key(), p.value());
  }
  for (const auto& b : src_model_->named_buffers()) {
    src.emplace(b.key(), b.value());
  }
  torch::NoGradGuard no_grad;
  torch::nn::Module& ema = ema_model_->module();
  for (const auto& items : {ema.named_parameters(), ema.named_buffers()}) {
    for (const auto& item : items) {
      auto it = src.find(item.key());
      MMENGINE_CHECK_KEY(
          it != src.end(), "[EMAHook] the model has no '", item.key(), "'");
      item.value().copy_(it->second);
    }
  }
}

void EMAHook::before_val_epoch(Runner&) {
  swap_ema_parameters();
}
void EMAHook::after_val_epoch(Runner&, const Metrics&) {
  swap_ema_parameters();
}
void EMAHook::before_test_epoch(Runner&) {
  swap_ema_parameters();
}
void EMAHook::after_test_epoch(Runner&, const Metrics&) {
  swap_ema_parameters();
}

void EMAHook::before_save_checkpoint(Runner&, Tree& checkpoint) {
  MMENGINE_CHECK(
      ema_model_ != nullptr,
      "[EMAHook] before_save_checkpoint before before_run");
  checkpoint["ema_state_dict"] = runner::get_state_dict(*ema_model_);
  // The saved state_dict gets the averaged weights (for deployment); the
  // entries are swapped, never the model's own tensors.
  swap_ema_state_dict(checkpoint);
}

void EMAHook::after_load_checkpoint(Runner& runner, Tree& checkpoint) {
  MMENGINE_CHECK(
      ema_model_ != nullptr,
      "[EMAHook] after_load_checkpoint before before_run");
  const bool resume = runner.cfg().dict().get<Value>("resume", false).truthy();
  if (checkpoint.contains("ema_state_dict") && resume) {
    // The raw weights are stored in ema_state_dict: swap them back.
    swap_ema_state_dict(checkpoint);
    runner::load_state_dict(
        *ema_model_, checkpoint["ema_state_dict"], strict_load_);
    return;
  }
  if (resume) {
    logging::print_log(
        "There is no `ema_state_dict` in checkpoint. `EMAHook` will make a "
        "copy of `state_dict` as the initial `ema_state_dict`",
        "current",
        logging::kWarning);
  }
  // load_state_dict copies into the EMA tensors: no deep copy needed.
  runner::load_state_dict(
      ema_model_->module(), checkpoint["state_dict"], strict_load_);
}

void EMAHook::swap_ema_parameters() {
  MMENGINE_CHECK(
      ema_model_ != nullptr, "[EMAHook] swapping weights before before_run");
  const bool buffers = ema_model_->update_buffers();
  const auto avg = tensors_of(ema_model_->module(), buffers);
  const auto src = tensors_of(*src_model_, buffers);
  torch::NoGradGuard no_grad;
  for (std::size_t i = 0; i < std::min(avg.size(), src.size()); ++i) {
    at::Tensor tmp = avg[i].clone();
    avg[i].copy_(src[i]);
    src[i].copy_(tmp);
  }
}

bool EMAHook::ema_started(const Runner& runner) const {
  if (enabled_by_epoch_) {
    return runner.epoch() + 1 >= begin_epoch_;
  }
  return runner.iter() + 1 >= begin_iter_;
}

}  // namespace mmengine::hooks
