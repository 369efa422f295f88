#include "mmengine/hooks/runtime_info_hook.h"

#include "mmengine/dataset/data_loader.h"
#include "mmengine/logging/message_hub.h"
#include "mmengine/optim/optimizer/optim_wrapper.h"
#include "mmengine/runner/runner.h"
#include "mmengine/version.h"

namespace mmengine::hooks {

using config::Value;

RuntimeInfoHook::RuntimeInfoHook() {
  set_priority(static_cast<int>(Priority::kVeryHigh));
}

RuntimeInfoHook::RuntimeInfoHook(registry::BuildArgs&) : RuntimeInfoHook() {}

void RuntimeInfoHook::before_run(Runner& runner) {
  runner.message_hub().update_info_dict(Value::dict(
      {{"cfg", runner.cfg().pretty_text()},
       {"seed", runner.seed()},
       {"experiment_name", runner.experiment_name()},
       {"mmengine_version", MMENGINE_VERSION}}));
  last_loop_stage_.reset();
}

namespace {

// `tensor.item()` without a dispatch for the usual one-element CPU float
// losses (the same double); anything else goes through item().
double scalar_of(const at::Tensor& tensor) {
  if (tensor.is_cpu() && tensor.numel() == 1) {
    switch (tensor.scalar_type()) {
      case at::kFloat:
        return *tensor.const_data_ptr<float>();
      case at::kDouble:
        return *tensor.const_data_ptr<double>();
      default:
        break;
    }
  }
  return tensor.item<double>();
}

}  // namespace

void RuntimeInfoHook::before_train(Runner& runner) {
  auto& hub = runner.message_hub();
  hub.update_info("loop_stage", "train");
  hub.update_info("epoch", runner.epoch());
  hub.update_info("iter", runner.iter());
  hub.update_info("max_epochs", runner.max_epochs());
  hub.update_info("max_iters", runner.max_iters());
  hub.update_info(
      "dataset_meta", runner.train_dataloader().dataset().metainfo());
}

void RuntimeInfoHook::after_train(Runner& runner) {
  runner.message_hub().pop_info("loop_stage");
}

void RuntimeInfoHook::before_train_epoch(Runner& runner) {
  runner.message_hub().update_info("epoch", runner.epoch());
}

void RuntimeInfoHook::before_train_iter(
    Runner& runner, std::int64_t, const DataBatch*) {
  auto& hub = runner.message_hub();
  hub.update_info("iter", runner.iter());
  // MMEngine publishes lr[0] of each entry of get_lr().
  runner.optim_wrapper().visit_lr(
      [&](std::string_view name, std::size_t index, const Value& lr) {
        if (index == 0) {
          key_.assign("train/").append(name);
          hub.update_scalar(key_, lr);
        }
      });
}

void RuntimeInfoHook::after_train_iter(
    Runner& runner,
    std::int64_t,
    const DataBatch*,
    const model::LogVars* outputs) {
  if (outputs == nullptr) {
    return;
  }
  auto& hub = runner.message_hub();
  for (const auto& [key, value] : *outputs) {
    key_.assign("train/").append(key);
    hub.update_scalar(key_, scalar_of(value));
  }
}

void RuntimeInfoHook::before_val(Runner& runner) {
  const Value stage = runner.message_hub().get_info("loop_stage");
  last_loop_stage_ =
      stage.is_string() ? std::optional(stage.as<std::string>()) : std::nullopt;
  runner.message_hub().update_info("loop_stage", "val");
}

namespace {

void publish_metrics(
    runner::Runner& runner, const Metrics& metrics, const char* mode) {
  if (!metrics.is_dict()) {
    return;
  }
  auto& hub = runner.message_hub();
  for (const auto& [key, value] : metrics.items()) {
    const std::string name = std::string(mode) + "/" + key.to_string();
    if (value.is_number() || value.is_bool()) {
      hub.update_scalar(name, value);
    } else {
      hub.update_info(name, value);
    }
  }
}

}  // namespace

void RuntimeInfoHook::after_val_epoch(Runner& runner, const Metrics& metrics) {
  publish_metrics(runner, metrics, "val");
}

void RuntimeInfoHook::after_val(Runner& runner) {
  if (last_loop_stage_ == "train") {
    runner.message_hub().update_info("loop_stage", "train");
    last_loop_stage_.reset();
  } else {
    runner.message_hub().pop_info("loop_stage");
  }
}

void RuntimeInfoHook::before_test(Runner& runner) {
  runner.message_hub().update_info("loop_stage", "test");
}

void RuntimeInfoHook::after_test_epoch(Runner& runner, const Metrics& metrics) {
  publish_metrics(runner, metrics, "test");
}

void RuntimeInfoHook::after_test(Runner& runner) {
  runner.message_hub().pop_info("loop_stage");
}

}  // namespace mmengine::hooks
