#include "mmengine/optim/scheduler/schedule_preview.h"

#include <ATen/ATen.h>

#include <memory>
#include <string>
#include <vector>

#include "mmengine/optim/optimizer/builder.h"
#include "mmengine/optim/optimizer/optimizer.h"
#include "mmengine/optim/scheduler/builder.h"
#include "mmengine/optim/scheduler/schedule_simulation.h"
#include "mmengine/registry/root.h"
#include "mmengine/utils/error.h"

namespace mmengine::optim {

using config::Value;

namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) {
  return (a + b - 1) / b;
}

// len(train_dataloader) on one of `ngpus` ranks with DefaultSampler.
std::int64_t epoch_length_of(
    const SchedulePreviewOptions& o, const Value& cfg) {
  if (o.epoch_length > 0) {
    return o.epoch_length;
  }
  MMENGINE_CHECK(
      o.dataset_size > 0,
      "vis-scheduler: give --dataset-size N or --epoch-length N");
  const Value* loader = cfg.find("train_dataloader");
  MMENGINE_CHECK_KEY(
      loader != nullptr && loader->is_dict() && loader->contains("batch_size"),
      "vis-scheduler: --dataset-size needs train_dataloader.batch_size");
  const auto batch = (*loader)["batch_size"].as<std::int64_t>();
  const std::int64_t per_rank = ceil_div(o.dataset_size, o.ngpus);
  return loader->get<bool>("drop_last", false) ? per_rank / batch
                                               : ceil_div(per_rank, batch);
}

std::shared_ptr<Optimizer> build_optimizer(const Value& cfg) {
  register_optimizers();
  const Value* wrapper = cfg.find("optim_wrapper");
  MMENGINE_CHECK_KEY(
      wrapper != nullptr && wrapper->is_dict() &&
          wrapper->contains("optimizer"),
      "vis-scheduler: the config has no optim_wrapper.optimizer");
  std::vector<ParamGroup> groups(1);
  groups[0].params.push_back(at::zeros({1}).requires_grad_(true));
  registry::RuntimeArgs runtime;
  runtime.set("params", groups);
  registry::BuildOptions options;
  options.runtime = &runtime;
  options.path = "optim_wrapper.optimizer";
  return registry::OPTIMIZERS.build((*wrapper)["optimizer"], options);
}

// Runner.scale_lr: lr *= ngpus * batch_size / base_batch_size if enabled.
void scale_lr(const Value& cfg, Optimizer& opt, std::int64_t ngpus) {
  const Value* auto_scale = cfg.find("auto_scale_lr");
  if (auto_scale == nullptr || !auto_scale->is_dict() ||
      !auto_scale->get<bool>("enable", false)) {
    return;
  }
  const auto base = (*auto_scale)["base_batch_size"].as<double>();
  const auto batch = cfg.at("train_dataloader.batch_size").as<double>();
  const double ratio = static_cast<double>(ngpus) * batch / base;
  for (ParamGroup& group : opt.param_groups()) {
    group.set("lr", group.get("lr") * ratio);
  }
}

}  // namespace

SchedulePreview preview_param_schedule(
    const Value& cfg, const SchedulePreviewOptions& options) {
  MMENGINE_CHECK(options.ngpus > 0, "vis-scheduler: ngpus must be positive");
  const Value* train_cfg = cfg.find("train_cfg");
  MMENGINE_CHECK_KEY(
      train_cfg != nullptr && train_cfg->is_dict(),
      "vis-scheduler: the config has no train_cfg dict");
  const std::string type = train_cfg->get<std::string>("type", "");
  ScheduleRun run;
  run.by_epoch = type.empty() ? train_cfg->get<bool>("by_epoch", true)
                              : type.find("IterBased") == std::string::npos;
  run.epoch_length = epoch_length_of(options, cfg);
  MMENGINE_CHECK(
      run.epoch_length > 0,
      "vis-scheduler: the epoch has no iteration (epoch length 0)");
  if (run.by_epoch) {
    run.max_epochs = (*train_cfg)["max_epochs"].as<std::int64_t>();
    run.max_iters = run.max_epochs * run.epoch_length;
  } else {
    run.max_iters = (*train_cfg)["max_iters"].as<std::int64_t>();
    run.max_epochs = 1;  // IterBasedTrainLoop: the run is one big epoch
  }
  auto optimizer = build_optimizer(cfg);
  scale_lr(cfg, *optimizer, options.ngpus);
  const Value* schedule = cfg.find("param_scheduler");
  auto schedulers = build_param_schedulers(
      schedule == nullptr || schedule->is_none() ? Value::list() : *schedule,
      optimizer,
      run.epoch_length,
      TrainLength{run.max_epochs, run.max_iters});
  SchedulePreview preview;
  preview.by_epoch = run.by_epoch;
  preview.epoch_length = run.epoch_length;
  preview.max_epochs = run.max_epochs;
  preview.max_iters = run.max_iters;
  preview.num_schedulers = schedulers.size();
  for (const auto& values :
       simulate_param_schedule(schedulers, *optimizer, options.param, run)) {
    preview.values.push_back(values.at(0));
  }
  return preview;
}

}  // namespace mmengine::optim
